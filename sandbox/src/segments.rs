//! `segmentCount` of a message, from the crate's segmenter (`bandwidth_messaging::segment`).
//!
//! A message with media, or with more than one recipient (a group message), is an MMS: one segment.
//! Any other message is an SMS whose text is counted (GSM-7 160/153, UCS-2 70/67).

use bandwidth_messaging::segment::{MessageKind, segment_count_for};

/// Segments of a message: MMS is always one; SMS text is counted.
pub fn segment_count(text: &str, is_mms: bool) -> usize {
    let kind = if is_mms {
        MessageKind::Mms
    } else {
        MessageKind::Sms
    };
    segment_count_for(kind, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_is_counted_and_mms_is_one() {
        assert_eq!(segment_count(&"a".repeat(160), false), 1);
        assert_eq!(segment_count(&"a".repeat(161), false), 2);
        assert_eq!(segment_count(&"ç".repeat(71), false), 2);
        assert_eq!(segment_count(&"a".repeat(5000), true), 1);
    }
}
