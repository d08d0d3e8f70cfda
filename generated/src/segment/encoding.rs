//! The two SMS data codings and their segment limits.

use crate::generated::behaviour::segmentation::{
    GSM7_CONCATENATED_SEGMENT_UNITS, GSM7_SINGLE_SEGMENT_UNITS, UCS2_CONCATENATED_SEGMENT_UNITS,
    UCS2_SINGLE_SEGMENT_UNITS,
};

/// How an SMS is encoded on the air, which decides what a unit is and how many fit in a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    /// The GSM 7-bit default alphabet (3GPP TS 23.038); units are septets.
    #[serde(rename = "GSM-7")]
    Gsm7,
    /// UCS-2 as carriers send it today (UTF-16); units are UTF-16 code units.
    #[serde(rename = "UCS-2")]
    Ucs2,
}

impl Encoding {
    /// The name used in JSON and reports: `"GSM-7"` or `"UCS-2"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }

    /// What one unit is: `"septet"` or `"UTF-16 unit"`.
    pub const fn unit_name(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "septet",
            Encoding::Ucs2 => "UTF-16 unit",
        }
    }

    /// Units that fit in a message sent as one segment (160 septets / 70 UTF-16 units).
    pub const fn single_segment_units(self) -> usize {
        match self {
            Encoding::Gsm7 => GSM7_SINGLE_SEGMENT_UNITS,
            Encoding::Ucs2 => UCS2_SINGLE_SEGMENT_UNITS,
        }
    }

    /// Units per segment once a message is split (153 septets / 67 UTF-16 units, after the 6-byte header).
    pub const fn concatenated_segment_units(self) -> usize {
        match self {
            Encoding::Gsm7 => GSM7_CONCATENATED_SEGMENT_UNITS,
            Encoding::Ucs2 => UCS2_CONCATENATED_SEGMENT_UNITS,
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
