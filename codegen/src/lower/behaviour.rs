//! `x-bandwidth-*` extensions (shapes in `docs/extensions.md`) to [`ir::Behaviour`].
//!
//! Each known extension is read strictly: a missing, ill-typed or unknown key is a diagnostic. Other `x-*`
//! keys are ignored.

use serde_json::{Map, Value};

use super::Lowering;
use crate::diag::{DiagnosticKind, Sink, describe};
use crate::ir::{self, Envelope, SegmentUnits, Status};
use crate::pointer::Pointer;

/// Reads one extension mapping; every problem goes to the sink as an `Extension` diagnostic.
pub(super) struct Ext<'v> {
    map: Option<&'v Map<String, Value>>,
    pub(super) at: Pointer,
    name: &'static str,
    known: Vec<&'static str>,
}

impl<'v> Ext<'v> {
    pub(super) fn new(sink: &mut Sink, value: &'v Value, at: Pointer, name: &'static str) -> Self {
        let map = match value {
            Value::Object(m) => Some(m),
            other => {
                sink.push(
                    DiagnosticKind::Extension,
                    &at,
                    format!("`{name}` as a mapping"),
                    describe(other),
                );
                None
            }
        };
        Ext {
            map,
            at,
            name,
            known: Vec::new(),
        }
    }

    fn get(
        &mut self,
        sink: &mut Sink,
        key: &'static str,
        required: bool,
        what: &str,
    ) -> Option<(&'v Value, Pointer)> {
        self.known.push(key);
        let map = self.map?;
        match map.get(key) {
            Some(v) => Some((v, self.at.push(key))),
            None => {
                if required {
                    sink.push(
                        DiagnosticKind::Extension,
                        &self.at.push(key),
                        format!("the key `{key}` ({what}) in `{}`", self.name),
                        "no such key",
                    );
                }
                None
            }
        }
    }

    pub(super) fn u64(&mut self, sink: &mut Sink, key: &'static str) -> u64 {
        match self.get(sink, key, true, "a non-negative integer") {
            Some((v, p)) => v.as_u64().unwrap_or_else(|| {
                sink.push(
                    DiagnosticKind::Extension,
                    &p,
                    "a non-negative integer",
                    describe(v),
                );
                0
            }),
            None => 0,
        }
    }

    pub(super) fn bool(&mut self, sink: &mut Sink, key: &'static str) -> bool {
        match self.get(sink, key, true, "`true` or `false`") {
            Some((Value::Bool(b), _)) => *b,
            Some((v, p)) => {
                sink.push(
                    DiagnosticKind::Extension,
                    &p,
                    "`true` or `false`",
                    describe(v),
                );
                false
            }
            None => false,
        }
    }

    pub(super) fn string(
        &mut self,
        sink: &mut Sink,
        key: &'static str,
        required: bool,
    ) -> Option<String> {
        match self.get(sink, key, required, "a string")? {
            (Value::String(s), _) => Some(s.clone()),
            (v, p) => {
                sink.push(DiagnosticKind::Extension, &p, "a string", describe(v));
                None
            }
        }
    }

    pub(super) fn strings(
        &mut self,
        sink: &mut Sink,
        key: &'static str,
        required: bool,
    ) -> Vec<String> {
        match self.get(sink, key, required, "a sequence of strings") {
            Some((Value::Array(items), p)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| match v {
                    Value::String(s) => Some(s.clone()),
                    other => {
                        sink.push(
                            DiagnosticKind::Extension,
                            &p.index(i),
                            "a string",
                            describe(other),
                        );
                        None
                    }
                })
                .collect(),
            Some((v, p)) => {
                sink.push(
                    DiagnosticKind::Extension,
                    &p,
                    "a sequence of strings",
                    describe(v),
                );
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn u64s(&mut self, sink: &mut Sink, key: &'static str) -> Vec<u64> {
        match self.get(sink, key, true, "a sequence of non-negative integers") {
            Some((Value::Array(items), p)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    v.as_u64().or_else(|| {
                        sink.push(
                            DiagnosticKind::Extension,
                            &p.index(i),
                            "a non-negative integer",
                            describe(v),
                        );
                        None
                    })
                })
                .collect(),
            Some((v, p)) => {
                sink.push(
                    DiagnosticKind::Extension,
                    &p,
                    "a sequence of non-negative integers",
                    describe(v),
                );
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    pub(super) fn nested(
        &mut self,
        sink: &mut Sink,
        key: &'static str,
        name: &'static str,
    ) -> Ext<'v> {
        match self.get(sink, key, true, "a mapping") {
            Some((v, p)) => Ext::new(sink, v, p, name),
            None => Ext {
                map: None,
                at: self.at.push(key),
                name,
                known: Vec::new(),
            },
        }
    }

    /// Reports keys the extension does not define.
    pub(super) fn finish(self, sink: &mut Sink) {
        let Some(map) = self.map else { return };
        for k in map.keys() {
            if !self.known.contains(&k.as_str()) {
                sink.push(
                    DiagnosticKind::Extension,
                    &self.at.push(k),
                    format!(
                        "one of the keys of `{}`: {}",
                        self.name,
                        self.known.join(", ")
                    ),
                    format!("the unknown key `{k}`"),
                );
            }
        }
    }
}

impl Lowering<'_> {
    /// Reads the root extensions and each operation's `x-bandwidth-acceptance`.
    pub(crate) fn behaviour(
        &mut self,
        operations: &[ir::Operation],
        webhooks: &[ir::Webhook],
    ) -> ir::Behaviour {
        let spec = self.spec;
        let root = Pointer::root();
        let pending = std::mem::take(&mut self.pending_acceptance);
        let sink = &mut self.sink;
        let mut b = ir::Behaviour::default();
        if let Some(v) = spec.extensions.get("x-bandwidth-segmentation") {
            let at = root.push("x-bandwidth-segmentation");
            let mut e = Ext::new(sink, v, at.clone(), "x-bandwidth-segmentation");
            let units =
                |e: &mut Ext<'_>, sink: &mut Sink, key: &'static str, name: &'static str| {
                    let mut n = e.nested(sink, key, name);
                    let u = SegmentUnits {
                        single: n.u64(sink, "singleSegmentUnits"),
                        concatenated: n.u64(sink, "concatenatedSegmentUnits"),
                    };
                    n.finish(sink);
                    u
                };
            let gsm7 = units(&mut e, sink, "gsm7", "x-bandwidth-segmentation.gsm7");
            let ucs2 = units(&mut e, sink, "ucs2", "x-bandwidth-segmentation.ucs2");
            b.segmentation = Some(ir::Segmentation {
                gsm7,
                ucs2,
                udh_bytes: e.u64(sink, "udhBytes"),
                mms_segments: e.u64(sink, "mmsSegments"),
                max_text_characters: e.u64(sink, "maxTextCharacters"),
                character_unit: e.string(sink, "characterUnit", false),
                source: at,
            });
            e.finish(sink);
        }
        if let Some(v) = spec.extensions.get("x-bandwidth-webhook-delivery") {
            let at = root.push("x-bandwidth-webhook-delivery");
            let mut e = Ext::new(sink, v, at.clone(), "x-bandwidth-webhook-delivery");
            let envelope = match e.string(sink, "envelope", true).as_deref() {
                Some("array") => Envelope::Array,
                Some("single") => Envelope::Single,
                Some(other) => {
                    sink.push(
                        DiagnosticKind::Extension,
                        &at.push("envelope"),
                        "`array` or `single`",
                        format!("`{other}`"),
                    );
                    Envelope::Single
                }
                None => Envelope::Single,
            };
            let content_type = e.string(sink, "contentType", true).unwrap_or_default();
            let timeout_seconds = e.u64(sink, "timeoutSeconds");
            let retry_window_seconds = e.u64(sink, "retryWindowSeconds");
            let success = e.string(sink, "success", false);
            let retry_on = e.strings(sink, "retryOn", false);
            let retry_on_redirect = match e.string(sink, "redirects", true).as_deref() {
                Some("retry") => true,
                Some("delivered") | Some("not-retried") => false,
                Some(other) => {
                    sink.push(
                        DiagnosticKind::Extension,
                        &at.push("redirects"),
                        "`retry`, `delivered` or `not-retried`",
                        format!("`{other}`"),
                    );
                    false
                }
                None => false,
            };
            let retry_schedule_seconds = e.u64s(sink, "retryScheduleSeconds");
            let mut auth = e.nested(
                sink,
                "authentication",
                "x-bandwidth-webhook-delivery.authentication",
            );
            if let Some(scheme) = auth.string(sink, "scheme", true)
                && scheme != "basic"
            {
                sink.push(
                    DiagnosticKind::Extension,
                    &at.push("authentication").push("scheme"),
                    "`basic`",
                    format!("`{scheme}`"),
                );
            }
            let basic_challenge = auth.bool(sink, "challenge");
            let without_www_authenticate = auth.string(sink, "without-www-authenticate", false);
            auth.finish(sink);
            let at_least_once = e.bool(sink, "atLeastOnce");
            e.finish(sink);
            b.webhook_delivery = Some(ir::WebhookDelivery {
                envelope,
                content_type,
                timeout_seconds,
                retry_window_seconds,
                success,
                retry_on,
                retry_on_redirect,
                retry_schedule_seconds,
                basic_challenge,
                without_www_authenticate,
                at_least_once,
                source: at,
            });
        }
        if let Some(v) = spec.extensions.get("x-bandwidth-storage") {
            let at = root.push("x-bandwidth-storage");
            let mut e = Ext::new(sink, v, at.clone(), "x-bandwidth-storage");
            b.storage = Some(ir::Storage {
                stores_text: e.bool(sink, "storesText"),
                listed_after_webhook_acknowledged: e.bool(sink, "listedAfterWebhookAcknowledged"),
                search_window_days: e.u64(sink, "searchWindowDays"),
                source: at,
            });
            e.finish(sink);
        }
        if let Some(v) = spec.extensions.get("x-bandwidth-delivery-receipts") {
            let at = root.push("x-bandwidth-delivery-receipts");
            let mut e = Ext::new(sink, v, at.clone(), "x-bandwidth-delivery-receipts");
            b.delivery_receipts = Some(ir::DeliveryReceipts {
                mms_and_group_opt_in: e.bool(sink, "mmsAndGroupOptIn"),
                source: at,
            });
            e.finish(sink);
        }
        if let Some(v) = spec.extensions.get("x-bandwidth-limits") {
            let at = root.push("x-bandwidth-limits");
            let mut e = Ext::new(sink, v, at.clone(), "x-bandwidth-limits");
            b.limits = Some(ir::Limits {
                max_recipients: e.u64(sink, "maxRecipients"),
                max_media_url_length: e.u64(sink, "maxMediaUrlLength"),
                max_tag_length: e.u64(sink, "maxTagLength"),
                max_media_bytes: e.u64(sink, "maxMediaBytes"),
                media_retention_hours: e.u64(sink, "mediaRetentionHours"),
                list_media_page_size: e.u64(sink, "listMediaPageSize"),
                alphanumeric_sender_max_length: e.u64(sink, "alphanumericSenderMaxLength"),
                source: at,
            });
            e.finish(sink);
        }
        if let Some(seg) = &b.segmentation {
            for (units, key) in [(&seg.gsm7, "gsm7"), (&seg.ucs2, "ucs2")] {
                if units.concatenated > units.single {
                    sink.push(
                        DiagnosticKind::Extension,
                        &seg.source.push(key),
                        "`concatenatedSegmentUnits` no larger than `singleSegmentUnits`",
                        format!("{} > {}", units.concatenated, units.single),
                    );
                }
            }
        }
        let known_events: Vec<&str> = webhooks
            .iter()
            .flat_map(|w| w.events.iter().map(|e| e.name.as_str()))
            .collect();
        for (op_id, v, at) in pending {
            let Some(op) = operations.iter().find(|o| o.id == op_id) else {
                continue;
            };
            let mut e = Ext::new(sink, v, at.clone(), "x-bandwidth-acceptance");
            let status = e.u64(sink, "status");
            let queued = e.bool(sink, "queued");
            let events = e.strings(sink, "events", true);
            let terminal = e.strings(sink, "terminal", true);
            e.finish(sink);
            let status = match u16::try_from(status) {
                Ok(s) if op.responses.iter().any(|r| r.status == Status::Code(s)) => s,
                _ => {
                    sink.push(
                        DiagnosticKind::Extension,
                        &at.push("status"),
                        format!("one of the documented statuses of `{}`", op.id),
                        format!("`{status}`"),
                    );
                    0
                }
            };
            for (i, t) in terminal.iter().enumerate() {
                if !events.contains(t) {
                    sink.push(
                        DiagnosticKind::Extension,
                        &at.push("terminal").index(i),
                        "one of the listed `events`",
                        format!("`{t}`"),
                    );
                }
            }
            if !known_events.is_empty() {
                for (i, ev) in events.iter().enumerate() {
                    if !known_events.contains(&ev.as_str()) {
                        sink.push(
                            DiagnosticKind::Extension,
                            &at.push("events").index(i),
                            format!(
                                "a webhook event type of the spec ({})",
                                known_events.join(", ")
                            ),
                            format!("`{ev}`"),
                        );
                    }
                }
            }
            b.acceptance.push(ir::Acceptance {
                operation: op.id.clone(),
                status,
                queued,
                events,
                terminal,
                source: at,
            });
        }
        b
    }
}
