//! Callbacks and 3.1 webhooks: the events the API POSTs to the user, keyed on a discriminator property.
//!
//! For each callback request body (one event object, or a JSON array of them) the event types come from
//! the discriminator property's enum (`type: {enum: [...]}`) or from a `oneOf` discriminator mapping.

use indexmap::IndexMap;

use super::Lowering;
use super::docs::value_docs;
use super::names;
use super::select::{CallbackSite, CallbackSource};
use crate::diag::DiagnosticKind;
use crate::ir::{Envelope, Status, TypeRef, Webhook, WebhookEvent};
use crate::pointer::Pointer;
use crate::spec::{Method, PathItem, RefKind, RefOr, Schema, SchemaType};

const DEFAULT_DISCRIMINATOR: &str = "type";

/// URL expression, path item and where it is written.
type ExpressionItem<'a> = (String, &'a RefOr<PathItem>, Pointer);

/// One callback: its name, its expressions and the operations that declare it.
type Group<'a> = (String, Vec<ExpressionItem<'a>>, Vec<String>);

impl<'a> Lowering<'a> {
    /// Lowers every selected callback, merging sites that refer to the same component callback.
    pub(crate) fn webhooks(&mut self, sites: &[CallbackSite<'a>]) -> Vec<Webhook> {
        // Canonical pointer of each callback -> its name, path items and declaring operations.
        let mut groups: IndexMap<Pointer, Group<'a>> = IndexMap::new();
        for site in sites {
            let (canonical, items) = match &site.source {
                CallbackSource::Callback(cb) => match self.spec.resolve_callback(cb, &site.at) {
                    Ok((c, cp)) => {
                        let items: Vec<ExpressionItem<'a>> = c
                            .expressions
                            .iter()
                            .map(|(e, item)| (e.clone(), item, cp.push(e)))
                            .collect();
                        (cp, items)
                    }
                    Err(e) => {
                        let (expected, found) = e.describe(RefKind::Callback);
                        self.sink.push(
                            DiagnosticKind::BadRef,
                            &site.at.push("$ref"),
                            expected,
                            found,
                        );
                        continue;
                    }
                },
                CallbackSource::Webhook(item) => (
                    site.at.clone(),
                    vec![(String::new(), *item, site.at.clone())],
                ),
            };
            let entry = groups
                .entry(canonical)
                .or_insert_with(|| (site.name.clone(), items, Vec::new()));
            if let Some(op) = &site.operation
                && !entry.2.contains(op)
            {
                entry.2.push(op.clone());
            }
        }
        let mut out = Vec::new();
        for (_, (name, items, operations)) in groups {
            for (expression, item, at) in items {
                let (path_item, pp) = match self.spec.resolve_path_item(item, &at) {
                    Ok(found) => found,
                    Err(e) => {
                        let (expected, found) = e.describe(RefKind::PathItem);
                        self.sink
                            .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                        continue;
                    }
                };
                for (method, op) in &path_item.operations {
                    let op_ptr = pp.push(method.key());
                    if let Some(w) =
                        self.webhook(&name, &expression, *method, op, &op_ptr, &operations)
                    {
                        out.push(w);
                    }
                }
            }
        }
        self.check_events(&out);
        out
    }

    fn webhook(
        &mut self,
        name: &str,
        expression: &str,
        method: Method,
        op: &'a crate::spec::Operation,
        at: &Pointer,
        operations: &[String],
    ) -> Option<Webhook> {
        let body_at = at.push("requestBody");
        let Some(body) = &op.request_body else {
            self.sink.push(
                DiagnosticKind::Unsupported,
                &body_at,
                "a callback request with a JSON body of events",
                "no `requestBody`",
            );
            return None;
        };
        let (b, bp) = match self.spec.resolve_request_body(body, &body_at) {
            Ok(found) => found,
            Err(e) => {
                let (expected, found) = e.describe(RefKind::RequestBody);
                self.sink.push(
                    DiagnosticKind::BadRef,
                    &body_at.push("$ref"),
                    expected,
                    found,
                );
                return None;
            }
        };
        let Some((mt, media)) = b
            .content
            .iter()
            .find(|(mt, _)| super::operations::is_json(mt))
        else {
            self.sink.push(
                DiagnosticKind::Unsupported,
                &bp.push("content"),
                "a JSON callback body",
                "no JSON media type",
            );
            return None;
        };
        let schema_at = bp.push("content").push(mt).push("schema");
        let Some(schema) = &media.schema else {
            self.sink.push(
                DiagnosticKind::MissingKey,
                &schema_at,
                "the schema of the callback body",
                "no `schema`",
            );
            return None;
        };
        let (s, sp) = self.resolve(schema, &schema_at)?;
        let (envelope, event_ref, event_at) = if s.ty == Some(SchemaType::Array) {
            match &s.items {
                Some(items) => (Envelope::Array, items.as_ref(), sp.push("items")),
                None => return None,
            }
        } else {
            (Envelope::Single, schema, schema_at.clone())
        };
        let (events, discriminator) = self.events(event_ref, &event_at)?;
        let responses = op
            .responses
            .keys()
            .filter_map(|k| {
                if k == "default" {
                    Some(Status::Default)
                } else {
                    k.parse().ok().map(Status::Code)
                }
            })
            .collect();
        Some(Webhook {
            name: name.to_owned(),
            expression: expression.to_owned(),
            method: method.http().to_owned(),
            operations: operations.to_vec(),
            envelope,
            discriminator,
            events,
            responses,
            doc: op
                .description
                .clone()
                .or(op.summary.clone())
                .or(b.description.clone()),
            source: at.clone(),
        })
    }

    fn resolve(
        &mut self,
        schema: &'a RefOr<Schema>,
        at: &Pointer,
    ) -> Option<(&'a Schema, Pointer)> {
        match self.spec.resolve_schema(schema, at) {
            Ok(found) => Some(found),
            Err(e) => {
                let (expected, found) = e.describe(RefKind::Schema);
                self.sink
                    .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                None
            }
        }
    }

    /// The events of one event schema and the property that tells them apart.
    fn events(
        &mut self,
        event: &'a RefOr<Schema>,
        at: &Pointer,
    ) -> Option<(Vec<WebhookEvent>, String)> {
        let (s, sp) = self.resolve(event, at)?;
        let members = if !s.one_of.is_empty() {
            &s.one_of
        } else {
            &s.any_of
        };
        if !members.is_empty() {
            let disc = s
                .discriminator
                .as_ref()
                .map(|d| d.property_name.clone())
                .unwrap_or_else(|| DEFAULT_DISCRIMINATOR.to_owned());
            let mapping = s
                .discriminator
                .as_ref()
                .map(|d| &d.mapping)
                .filter(|m| !m.is_empty());
            let mut out = Vec::new();
            if let Some(mapping) = mapping {
                for (value, target) in mapping {
                    let map_at = sp.push("discriminator").push("mapping").push(value);
                    let Ok((ts, tp)) = self.spec.resolve_schema_target(target) else {
                        continue;
                    };
                    let payload = self.payload(ts, &tp, &map_at)?;
                    let doc = self.event_doc(ts, &tp, &disc, value);
                    out.push(self.event(value, payload, doc, &map_at)?);
                }
            } else {
                for (i, m) in members.iter().enumerate() {
                    let key = if !s.one_of.is_empty() {
                        "oneOf"
                    } else {
                        "anyOf"
                    };
                    let (mut evs, d) = self.events(m, &sp.push(key).index(i))?;
                    if d != disc {
                        self.sink.push(
                            DiagnosticKind::Inconsistent,
                            &sp.push(key).index(i),
                            format!("variants told apart by `{disc}`"),
                            format!("a variant told apart by `{d}`"),
                        );
                    }
                    out.append(&mut evs);
                }
            }
            return Some((out, disc));
        }
        let disc = DEFAULT_DISCRIMINATOR.to_owned();
        let mut props = IndexMap::new();
        let mut required = Vec::new();
        self.object_members(s, &sp, &mut props, &mut required, &mut Vec::new());
        let values = props.get(&disc).and_then(|(ps, pp)| {
            let (ts, _) = self.spec.resolve_schema(ps, pp).ok()?;
            let values: Vec<String> = ts
                .enum_values
                .as_ref()?
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            Some((values, ts.description.clone()))
        });
        let Some((values, enum_doc)) = values.filter(|(v, _)| !v.is_empty()) else {
            self.sink.push(
                DiagnosticKind::Unsupported,
                &sp,
                format!("an event schema whose `{disc}` property is a string enum, or a oneOf with a discriminator mapping"),
                format!("a schema without an enum `{disc}` property"),
            );
            return None;
        };
        let payload = self.payload(s, &sp, at)?;
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let docs = value_docs(enum_doc.as_deref().unwrap_or(""), &refs);
        let mut out = Vec::new();
        for v in &values {
            out.push(self.event(v, payload.clone(), docs.get(v).cloned(), at)?);
        }
        Some((out, disc))
    }

    /// The model name of an event payload schema.
    fn payload(&mut self, s: &'a Schema, p: &Pointer, at: &Pointer) -> Option<String> {
        match self.schema_use(s, p).ty {
            TypeRef::Named(n) => Some(n),
            _ => {
                self.sink.push(
                    DiagnosticKind::Unsupported,
                    at,
                    "an object schema as the event payload",
                    "a schema that is not an object",
                );
                None
            }
        }
    }

    fn event_doc(&mut self, s: &'a Schema, p: &Pointer, disc: &str, value: &str) -> Option<String> {
        let mut props = IndexMap::new();
        let mut required = Vec::new();
        // Problems of the payload schema are reported when its struct is built (the sink keeps one of each).
        self.object_members(s, p, &mut props, &mut required, &mut Vec::new());
        let (ps, pp) = props.get(disc)?;
        let (ts, _) = self.spec.resolve_schema(ps, pp).ok()?;
        value_docs(ts.description.as_deref()?, &[value]).remove(value)
    }

    fn event(
        &mut self,
        name: &str,
        payload: String,
        doc: Option<String>,
        at: &Pointer,
    ) -> Option<WebhookEvent> {
        match names::variant_name(name) {
            Ok(v) if v == super::naming::FALLBACK_VARIANT => {
                let variant = format!("{v}Value");
                let r = self.record_rename(
                    at,
                    &v,
                    &variant,
                    "`Unknown` is the fallback variant the webhook_events macro adds for unknown event types",
                );
                Some(WebhookEvent {
                    name: name.to_owned(),
                    variant,
                    payload,
                    doc: super::naming::with_rename_doc(doc, Some(&r)),
                })
            }
            Ok(variant) => Some(WebhookEvent {
                name: name.to_owned(),
                variant,
                payload,
                doc,
            }),
            Err(why) => {
                self.sink.push(
                    DiagnosticKind::InvalidName,
                    at,
                    "an event type that makes a Rust variant name",
                    why,
                );
                None
            }
        }
    }

    /// Events of all webhooks go into one enum: same names must carry the same payload, variants must
    /// differ, and every webhook must use the same discriminator.
    fn check_events(&mut self, webhooks: &[Webhook]) {
        let mut seen: Vec<(&WebhookEvent, &Webhook)> = Vec::new();
        for w in webhooks {
            if let Some((_, first)) = seen.first()
                && first.discriminator != w.discriminator
            {
                self.sink.push(
                    DiagnosticKind::Inconsistent,
                    &w.source,
                    format!(
                        "events told apart by `{}` like those of `{}`",
                        first.discriminator, first.name
                    ),
                    format!("events told apart by `{}`", w.discriminator),
                );
            }
            for e in &w.events {
                match seen.iter().find(|(x, _)| x.name == e.name || x.variant == e.variant) {
                    Some((x, _)) if x.name == e.name && x.payload == e.payload => {}
                    Some((x, xw)) => self.sink.push(
                        DiagnosticKind::NameCollision,
                        &w.source,
                        format!("event types that differ from `{}` of callback `{}` (or carry the same payload)", x.name, xw.name),
                        format!("`{}` with payload `{}`", e.name, e.payload),
                    ),
                    None => seen.push((e, w)),
                }
            }
        }
    }
}
