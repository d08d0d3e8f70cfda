//! The SMS / MMS / group classification, and therefore the segment count.

use crate::generated::rules as r;
use crate::segment::{self, MessageKind};

/// How a message to `recipients` recipients, with media or not, is sent: an MMS when it has media, or when
/// it is a group message ([`GROUP_MIN_RECIPIENTS`](r::GROUP_MIN_RECIPIENTS) or more recipients) and the rule
/// book says groups are MMS; else an SMS.
///
/// ```
/// use bandwidth_messaging::rules::classify;
/// use bandwidth_messaging::segment::MessageKind;
/// assert_eq!(classify(1, false), MessageKind::Sms);
/// assert_eq!(classify(1, true), MessageKind::Mms);
/// assert_eq!(classify(2, false), MessageKind::Mms);
/// ```
pub fn classify(recipients: usize, has_media: bool) -> MessageKind {
    let group = recipients >= r::GROUP_MIN_RECIPIENTS;
    if has_media || (group && r::GROUP_IS_MMS) {
        MessageKind::Mms
    } else {
        MessageKind::Sms
    }
}

/// The `segmentCount` of a message: 1 for an MMS, the SMS segments of `text` otherwise.
///
/// ```
/// use bandwidth_messaging::rules::segment_count;
/// assert_eq!(segment_count(1, false, &"a".repeat(161)), 2);
/// assert_eq!(segment_count(3, false, &"a".repeat(161)), 1);
/// ```
pub fn segment_count(recipients: usize, has_media: bool, text: &str) -> usize {
    segment::segment_count_for(classify(recipients, has_media), text)
}
