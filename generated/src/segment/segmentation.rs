//! What a text costs: the allocation-free [`Summary`] and the full [`Segmentation`].

use std::ops::Range;

use super::Encoding;
use super::alphabet::gsm7_septets;
use super::scan;
use super::split;
use crate::generated::behaviour::segmentation::MAX_TEXT_CHARACTERS;

/// The cost of a text as one SMS, computed without allocating (see [`summarize`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Summary {
    /// GSM-7 when every character is in the GSM-7 tables, else UCS-2.
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 units (UCS-2) of the whole text.
    pub units: usize,
    /// Segments the text is sent (and billed) as. The empty text is one segment.
    pub segments: usize,
    /// Unicode scalar values, the unit of the API's length limit.
    pub characters: usize,
}

impl Summary {
    /// `true` when the text has more characters than the API accepts
    /// ([`MAX_TEXT_CHARACTERS`]); the other figures are still computed.
    pub fn exceeds_limit(&self) -> bool {
        self.characters > MAX_TEXT_CHARACTERS
    }
}

/// One segment of a message: a byte range of the text and the units it carries.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Segment {
    /// Byte range into the text; always on character boundaries.
    pub bytes: Range<usize>,
    /// Septets (GSM-7) or UTF-16 units (UCS-2) in this segment.
    pub units: usize,
}

impl Segment {
    /// The part of `text` this segment carries, or `None` when `text` is not the text it was computed from.
    pub fn text<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.bytes.clone())
    }
}

/// A character outside GSM-7, one of those that forced the message to UCS-2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct NonGsmChar {
    /// The character.
    pub character: char,
    /// Byte offset of the character in the text.
    pub byte_offset: usize,
    /// Index of the character counted in Unicode scalar values.
    pub char_index: usize,
}

/// A text split into SMS segments the way carriers split it (see [`segment`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Segmentation {
    /// GSM-7 when every character is in the GSM-7 tables, else UCS-2.
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 units (UCS-2) of the whole text.
    pub units: usize,
    /// Unicode scalar values, the unit of the API's length limit.
    pub characters: usize,
    /// `true` when `characters` exceeds [`MAX_TEXT_CHARACTERS`]; the segments are still computed.
    pub exceeds_limit: bool,
    /// The segments in order; they concatenate back to the text. The empty text has one empty segment.
    pub segments: Vec<Segment>,
    /// The characters that forced UCS-2, in order (empty for GSM-7).
    pub non_gsm: Vec<NonGsmChar>,
}

impl Segmentation {
    /// Number of segments, what Bandwidth bills as `segmentCount`.
    pub fn count(&self) -> usize {
        self.segments.len()
    }

    /// The same figures as [`summarize`] gives.
    pub fn summary(&self) -> Summary {
        Summary {
            encoding: self.encoding,
            units: self.units,
            segments: self.segments.len(),
            characters: self.characters,
        }
    }
}

/// Encoding, units and segment count of `text` sent as an SMS, without allocating.
///
/// ```
/// use bandwidth_messaging::segment::{summarize, Encoding};
/// let summary = summarize("Hello {name}");
/// assert_eq!((summary.encoding, summary.units, summary.segments), (Encoding::Gsm7, 14, 1));
/// let summary = summarize("Hello 😀");
/// assert_eq!((summary.encoding, summary.units, summary.segments), (Encoding::Ucs2, 8, 1));
/// ```
pub fn summarize(text: &str) -> Summary {
    let totals = scan::totals(text);
    let encoding = if totals.gsm7 {
        Encoding::Gsm7
    } else {
        Encoding::Ucs2
    };
    let segments = if totals.units <= encoding.single_segment_units() {
        1
    } else if totals.units == totals.characters {
        // Every character costs one unit, so no pair can straddle a boundary.
        totals.units.div_ceil(encoding.concatenated_segment_units())
    } else {
        split::walk(
            text.as_bytes(),
            totals.gsm7,
            encoding.concatenated_segment_units(),
            |_, _| {},
        )
        .0
    };
    Summary {
        encoding,
        units: totals.units,
        segments,
        characters: totals.characters,
    }
}

/// Number of SMS segments `text` is sent (and billed) as, without allocating. Same as `summarize(text).segments`.
///
/// ```
/// use bandwidth_messaging::segment::segment_count;
/// assert_eq!(segment_count(&"a".repeat(160)), 1);
/// assert_eq!(segment_count(&"a".repeat(161)), 2);
/// assert_eq!(segment_count(&"€".repeat(80)), 1); // 160 septets
/// ```
pub fn segment_count(text: &str) -> usize {
    summarize(text).segments
}

/// Splits `text` into SMS segments: encoding, units, the segments as byte ranges, and what forced UCS-2.
///
/// ```
/// use bandwidth_messaging::segment::{segment, Encoding};
/// let text = format!("{}ç", "a".repeat(70));
/// let segmentation = segment(&text);
/// assert_eq!(segmentation.encoding, Encoding::Ucs2);
/// assert_eq!(segmentation.count(), 2);
/// assert_eq!(segmentation.segments[0].units, 67);
/// assert_eq!(segmentation.non_gsm[0].character, 'ç');
/// assert_eq!(segmentation.non_gsm[0].char_index, 70);
/// ```
pub fn segment(text: &str) -> Segmentation {
    let summary = summarize(text);
    let encoding = summary.encoding;
    let mut segments = Vec::with_capacity(summary.segments);
    if summary.segments == 1 {
        segments.push(Segment {
            bytes: 0..text.len(),
            units: summary.units,
        });
    } else {
        let mut start = 0usize;
        let (_, last_units) = split::walk(
            text.as_bytes(),
            encoding == Encoding::Gsm7,
            encoding.concatenated_segment_units(),
            |end, units| {
                segments.push(Segment {
                    bytes: start..end,
                    units,
                });
                start = end;
            },
        );
        segments.push(Segment {
            bytes: start..text.len(),
            units: last_units,
        });
    }
    let non_gsm = match encoding {
        Encoding::Gsm7 => Vec::new(),
        Encoding::Ucs2 => text
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| gsm7_septets(*c).is_none())
            .map(|(char_index, (byte_offset, character))| NonGsmChar {
                character,
                byte_offset,
                char_index,
            })
            .collect(),
    };
    Segmentation {
        encoding,
        units: summary.units,
        characters: summary.characters,
        exceeds_limit: summary.exceeds_limit(),
        segments,
        non_gsm,
    }
}
