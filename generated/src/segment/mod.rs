//! SMS segmentation: how many segments a text is sent (and billed) as, and where carriers split it.
//!
//! The rules (3GPP TS 23.038 and the limits of the spec's `x-bandwidth-segmentation` extension, see
//! [`crate::generated::behaviour::segmentation`]):
//!
//! - A text is **GSM-7** when every character is in the GSM 7-bit default alphabet ([`alphabet::BASIC_TABLE`],
//!   one septet) or its extension table ([`alphabet::EXTENSION_TABLE`]: form feed `^ { } \ [ ~ ] | €`, two septets
//!   each: escape + code). Any other character makes the whole text **UCS-2**, counted in UTF-16 units: a character
//!   outside the Basic Multilingual Plane (most emoji) is a surrogate pair of two units, an extension character is one.
//!   Nothing is substituted silently; [`suggest_gsm7`] reports the look-alikes.
//! - A text of up to 160 septets / 70 units is one segment. A longer one is split into segments of at most
//!   153 septets / 67 units (the rest of the 140 bytes carries the 6-byte concatenation header).
//! - An escape pair or a surrogate pair is never split: when it would straddle a boundary it opens the next segment.
//!   Grapheme clusters (flags, ZWJ sequences, combining marks) *are* split between their code points, as carriers do;
//!   handsets reassemble the message before display.
//! - The empty text is one segment of zero units (Bandwidth bills a message). Text over the API's limit of 2048
//!   Unicode scalar values is still segmented; [`Summary::exceeds_limit`] and [`check_text_length`] report it.
//!
//! `docs/segmentation.md` in the repository explains each choice.
//!
//! ```
//! use bandwidth_messaging::segment::{self, Encoding, MessageKind};
//!
//! let text = "Your code is 123456 ~ valid 10 min";
//! let summary = segment::summarize(text);
//! assert_eq!(summary.encoding, Encoding::Gsm7);
//! assert_eq!(summary.units, 35); // '~' costs two septets
//! assert_eq!(segment::segment_count_for(MessageKind::Mms, text), 1);
//!
//! let split = segment::segment(&"😀".repeat(40));
//! assert_eq!(split.count(), 2);
//! assert_eq!(split.segments[0].units, 66); // the 34th emoji would straddle unit 67
//! ```

pub mod alphabet;
mod encoding;
mod kind;
mod limit;
mod scan;
mod segmentation;
mod split;
mod suggest;

pub use alphabet::{gsm7_septets, ucs2_units};
pub use encoding::Encoding;
pub use kind::{MessageKind, segment_count_for};
pub use limit::{TextTooLong, check_text_length};
pub use segmentation::{
    NonGsmChar, Segment, Segmentation, Summary, segment, segment_count, summarize,
};
pub use suggest::{Gsm7Suggestions, Suggestion, gsm7_look_alike, suggest_gsm7};
