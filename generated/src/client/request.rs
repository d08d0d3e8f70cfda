//! Builders for the common message requests, on the generated [`MessageRequest`] itself (so the raw model
//! stays fully usable), plus its client-side validation and a segment preview.

use crate::generated::models::{MessageRequest, PriorityEnum};
use crate::rules::{self, Draft};
use crate::segment::{self, MessageKind, Summary};

use super::validate::ValidationError;

impl MessageRequest {
    /// An SMS to one recipient.
    ///
    /// ```
    /// use bandwidth_messaging::generated::models::MessageRequest;
    /// let request = MessageRequest::sms("93de2206-9669-4e07-948d-329f4b722ee2", "+15557654321", "+15551234567", "Hi!")
    ///     .tag("order-1234");
    /// assert_eq!(request.to, ["+15551234567"]);
    /// assert_eq!(request.text.as_deref(), Some("Hi!"));
    /// assert!(request.validate().is_ok());
    /// ```
    pub fn sms(
        application_id: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        let mut request = MessageRequest::new(application_id.into(), vec![to.into()], from.into());
        request.text = Some(text.into());
        request
    }

    /// An MMS to one recipient with media URLs (add text with [`with_text`](Self::with_text)).
    ///
    /// ```
    /// use bandwidth_messaging::generated::models::MessageRequest;
    /// let request = MessageRequest::mms("app-id", "+15557654321", "+15551234567", ["https://example.com/cat.jpg"])
    ///     .with_text("Look!");
    /// assert_eq!(request.media.as_deref().map(<[String]>::len), Some(1));
    /// ```
    pub fn mms<I, S>(
        application_id: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        media: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut request = MessageRequest::new(application_id.into(), vec![to.into()], from.into());
        request.media = Some(media.into_iter().map(Into::into).collect());
        request
    }

    /// A group text to several recipients (at most 10; Bandwidth reports one status event per recipient).
    ///
    /// ```
    /// use bandwidth_messaging::generated::models::MessageRequest;
    /// let request = MessageRequest::group("app-id", "+15557654321", ["+15551234567", "+15551234568"], "Dinner at 8?");
    /// assert_eq!(request.to.len(), 2);
    /// ```
    pub fn group<I, S>(
        application_id: impl Into<String>,
        from: impl Into<String>,
        to: I,
        text: impl Into<String>,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut request = MessageRequest::new(
            application_id.into(),
            to.into_iter().map(Into::into).collect(),
            from.into(),
        );
        request.text = Some(text.into());
        request
    }

    /// Sets the text.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Adds one recipient.
    pub fn add_recipient(mut self, to: impl Into<String>) -> Self {
        self.to.push(to.into());
        self
    }

    /// Adds one media URL.
    pub fn add_media(mut self, url: impl Into<String>) -> Self {
        self.media.get_or_insert_with(Vec::new).push(url.into());
        self
    }

    /// Sets the tag, echoed in every webhook of the message (at most 1024 characters; never sensitive data).
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Sets the priority (`high` moves the message ahead in the account's queue).
    pub fn priority(mut self, priority: PriorityEnum) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Sets when the message expires: if it is still queued then, it fails with error 4360 instead of being
    /// sent. Must be in the future.
    pub fn expiration(mut self, at: jiff::Timestamp) -> Self {
        self.expiration = Some(at);
        self
    }

    /// Checks the request against the rule book ([`crate::rules`], the same rules the sandbox applies),
    /// returning every broken rule with the field it is about.
    /// [`Client::create_message`](super::Client::create_message) runs this unless validation is off.
    ///
    /// ```
    /// use bandwidth_messaging::generated::models::MessageRequest;
    /// let err = MessageRequest::sms("app-id", "+15557654321", "5551234567", "").validate().unwrap_err();
    /// assert_eq!(err.fields(), ["to[0]", "text"]);
    /// assert!(err.to_string().starts_with("createMessage: "));
    /// ```
    pub fn validate(&self) -> Result<(), ValidationError> {
        let problems = rules::check(&self.draft(), jiff::Timestamp::now());
        if problems.is_empty() {
            return Ok(());
        }
        Err(ValidationError {
            operation: "createMessage",
            problems,
        })
    }

    /// The fields the rule book looks at, borrowed.
    pub fn draft(&self) -> Draft<'_> {
        Draft {
            application_id: Some(&self.application_id),
            to: Some(&self.to),
            from: Some(&self.from),
            text: self.text.as_deref(),
            media: self.media.as_deref(),
            tag: self.tag.as_deref(),
            priority: self.priority.as_ref().map(PriorityEnum::as_str),
            expiration: self.expiration,
        }
    }

    /// How the message will be counted: SMS segments of its text (GSM-7 or UCS-2), or 1 for an MMS (a message
    /// with media, or a group message to more than one recipient), per recipient. Computed locally with the
    /// rule book's classification ([`rules::classify`]), the one the sandbox's `segmentCount` uses.
    ///
    /// ```
    /// use bandwidth_messaging::generated::models::MessageRequest;
    /// use bandwidth_messaging::segment::{Encoding, MessageKind};
    /// let sms = MessageRequest::sms("app-id", "+15557654321", "+15551234567", "é".repeat(161)).segment_preview();
    /// assert_eq!(sms.summary.encoding, Encoding::Gsm7); // é is in the GSM-7 table
    /// assert_eq!((sms.kind, sms.segments), (MessageKind::Sms, 2));
    /// let group = MessageRequest::group("app-id", "+15557654321", ["+15551234567", "+15551234568"], "é".repeat(161))
    ///     .segment_preview();
    /// assert_eq!((group.kind, group.segments, group.total_segments()), (MessageKind::Mms, 1, 2));
    /// ```
    pub fn segment_preview(&self) -> SegmentPreview {
        let text = self.text.as_deref().unwrap_or("");
        let has_media = self.media.as_ref().is_some_and(|m| !m.is_empty());
        let kind = rules::classify(self.to.len(), has_media);
        SegmentPreview {
            kind,
            summary: segment::summarize(text),
            segments: segment::segment_count_for(kind, text),
            recipients: self.to.len(),
        }
    }
}

/// What [`MessageRequest::segment_preview`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SegmentPreview {
    /// SMS, or MMS when the request has media or more than one recipient.
    pub kind: MessageKind,
    /// Encoding, units and SMS segments of the text alone.
    pub summary: Summary,
    /// Segments per recipient (`summary.segments` for an SMS, 1 for an MMS).
    pub segments: usize,
    /// Recipients.
    pub recipients: usize,
}

impl SegmentPreview {
    /// Segments across all recipients (rate limits count segments, per recipient for groups).
    pub fn total_segments(&self) -> usize {
        self.segments.saturating_mul(self.recipients)
    }
}
