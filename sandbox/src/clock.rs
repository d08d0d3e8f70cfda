//! Wall-clock time and the time scale.
//!
//! Timestamps the emulator hands out (`time` fields, `receiveTime`) are wall-clock time. Durations
//! (retry ladder, give-up window, media retention, queue drain, rate windows, token lifetime) are
//! *emulated*: with a time scale of `N` they pass `N` times faster than the wall clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::Timestamp;

/// Converts emulated durations into wall-clock ones and reads the wall clock in epoch milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    scale: f64,
}

impl Clock {
    /// A clock whose emulated durations pass `scale` times faster than the wall clock.
    /// A non-positive or non-finite scale is treated as `1`.
    pub fn new(scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Clock { scale }
    }

    /// The time scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Wall-clock milliseconds an emulated duration of `emulated_ms` takes (rounded up, so a non-zero
    /// emulated duration never becomes zero unless it is below a microsecond of wall time).
    pub fn wall_ms(&self, emulated_ms: u64) -> i64 {
        let wall = emulated_ms as f64 / self.scale;
        if wall >= i64::MAX as f64 {
            i64::MAX
        } else {
            wall.ceil() as i64
        }
    }

    /// Wall-clock duration of an emulated number of seconds.
    pub fn wall_duration(&self, emulated_seconds: f64) -> Duration {
        Duration::from_secs_f64((emulated_seconds / self.scale).max(0.0))
    }

    /// Emulated seconds that `wall_ms` wall-clock milliseconds represent.
    pub fn emulated_seconds(&self, wall_ms: i64) -> f64 {
        wall_ms as f64 / 1000.0 * self.scale
    }

    /// The wall clock in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        now_ms()
    }
}

/// The wall clock in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Formats epoch milliseconds the way Bandwidth does: RFC 3339, UTC, millisecond precision
/// (`2020-05-11T20:14:34.636Z`).
pub fn format_ms(epoch_ms: i64) -> String {
    match Timestamp::from_millisecond(epoch_ms) {
        Ok(timestamp) => format!("{timestamp:.3}"),
        Err(_) => "1970-01-01T00:00:00.000Z".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_divides_durations() {
        let clock = Clock::new(3600.0);
        assert_eq!(clock.wall_ms(86_400_000), 24_000);
        assert_eq!(clock.wall_duration(86_400.0), Duration::from_secs(24));
        assert_eq!(clock.emulated_seconds(24_000), 86_400.0);
    }

    #[test]
    fn invalid_scale_falls_back_to_one() {
        assert_eq!(Clock::new(0.0).scale(), 1.0);
        assert_eq!(Clock::new(f64::NAN).scale(), 1.0);
    }

    #[test]
    fn timestamps_have_millisecond_precision() {
        assert_eq!(format_ms(1_589_228_074_636), "2020-05-11T20:14:34.636Z");
        assert_eq!(format_ms(1_589_228_074_000), "2020-05-11T20:14:34.000Z");
    }
}
