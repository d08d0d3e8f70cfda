//! Segment counts per message type: an MMS is always billed as one segment.

use crate::generated::behaviour::segmentation::MMS_SEGMENTS;

/// The kind of message a text is sent as, which decides how it is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageKind {
    /// A text message: counted by [`segment_count`](super::segment_count).
    Sms,
    /// A multimedia message: always [`MMS_SEGMENTS`] segment, whatever its text.
    Mms,
}

/// Segments `text` is billed as when sent as `kind`.
///
/// ```
/// use bandwidth_messaging::segment::{segment_count_for, MessageKind};
/// let long = "a".repeat(500);
/// assert_eq!(segment_count_for(MessageKind::Sms, &long), 4);
/// assert_eq!(segment_count_for(MessageKind::Mms, &long), 1);
/// ```
pub fn segment_count_for(kind: MessageKind, text: &str) -> usize {
    match kind {
        MessageKind::Sms => super::segment_count(text),
        MessageKind::Mms => MMS_SEGMENTS,
    }
}
