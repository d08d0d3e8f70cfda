//! `x-bandwidth-rules` and the schema constraints of the body it sits on, to [`ir::RuleBook`].
//!
//! The rule book is declared once in the spec: OpenAPI constraints where OpenAPI can say it (`minItems`,
//! `maxItems`, `uniqueItems`, `maxLength`, `enum`), the extension for the rest (E.164 and sender-id formats,
//! the unit lengths are counted in, URL schemes, expiration in the future, the content rule and the
//! SMS / MMS / group classification). Every missing or ill-typed piece is a diagnostic.

use crate::diag::{DiagnosticKind, Sink};
use crate::ir;
use crate::pointer::Pointer;
use crate::spec::{RefOr, Schema};

use super::Lowering;
use super::behaviour::Ext;

const EXTENSION: &str = "x-bandwidth-rules";
const LENGTH_UNITS: &[&str] = &["unicode-scalar-value", "utf-16", "byte"];

impl<'a> Lowering<'a> {
    /// The rule book of the (first) component schema carrying `x-bandwidth-rules`, if any.
    pub(super) fn rules(&mut self) -> Option<ir::RuleBook> {
        let spec = self.spec;
        let root = Pointer::root().push("components").push("schemas");
        let (name, body) = spec
            .components
            .schemas
            .iter()
            .find_map(|(name, s)| match s {
                RefOr::Item(s) if s.extensions.contains_key(EXTENSION) => Some((name, s)),
                _ => None,
            })?;
        let source = root.push(name);
        let value = &body.extensions[EXTENSION];
        let mut ext = Ext::new(&mut self.sink, value, source.push(EXTENSION), EXTENSION);
        let sink = &mut self.sink;

        let length_unit = ext.string(sink, "lengthUnit", true).unwrap_or_default();
        if !LENGTH_UNITS.contains(&length_unit.as_str()) {
            sink.push(
                DiagnosticKind::Extension,
                &source.push(EXTENSION).push("lengthUnit"),
                format!("one of {}", LENGTH_UNITS.join(", ")),
                format!("`{length_unit}`"),
            );
        }
        let mut e164 = ext.nested(sink, "e164", "e164");
        let e164_min_digits = e164.u64(sink, "minDigits");
        let e164_max_digits = e164.u64(sink, "maxDigits");
        e164.finish(sink);
        let mut sender = ext.nested(sink, "senderId", "senderId");
        let sender_id_max_length = sender.u64(sink, "maxLength");
        let sender_id_symbols = sender.string(sink, "symbols", true).unwrap_or_default();
        let sender_id_requires_letter = sender.bool(sink, "requiresLetter");
        sender.finish(sink);
        let mut formats = ext.nested(sink, "formats", "formats");
        expect_word(sink, &mut formats, "to", "e164");
        expect_word(sink, &mut formats, "from", "e164-or-sender-id");
        formats.finish(sink);
        let media_schemes = ext.strings(sink, "mediaSchemes", true);
        let expiration_in_future = expect_word(sink, &mut ext, "expiration", "future");
        let content_any_of = ext.strings(sink, "content", true);
        let mut group = ext.nested(sink, "group", "group");
        let group_min_recipients = group.u64(sink, "minRecipients");
        let group_is_mms = expect_word(sink, &mut group, "kind", "mms");
        group.finish(sink);
        ext.finish(sink);

        let props = Properties {
            spec,
            body,
            at: source.push("properties"),
        };
        let (app, app_at) = props.get(sink, "applicationId")?;
        let (to, to_at) = props.get(sink, "to")?;
        let (text, text_at) = props.get(sink, "text")?;
        let (media, media_at) = props.get(sink, "media")?;
        let (tag, tag_at) = props.get(sink, "tag")?;
        let (priority, priority_at) = props.get(sink, "priority")?;
        let (url, url_at) = match &media.items {
            Some(items) => props.resolve(items, &media_at.push("items"))?,
            None => {
                Properties::missing(sink, &media_at, "items", "the URL schema");
                return None;
            }
        };
        let application_id_min_length =
            Properties::count(sink, app.min_length, &app_at, "minLength");
        let to_min_items = Properties::count(sink, to.min_items, &to_at, "minItems");
        let to_max_items = Properties::count(sink, to.max_items, &to_at, "maxItems");
        let text_max_length = Properties::count(sink, text.max_length, &text_at, "maxLength");
        let media_max_items = Properties::count(sink, media.max_items, &media_at, "maxItems");
        let media_url_max_length = Properties::count(sink, url.max_length, &url_at, "maxLength");
        let tag_max_length = Properties::count(sink, tag.max_length, &tag_at, "maxLength");
        let priority_values: Vec<String> = priority
            .enum_values
            .iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        if priority_values.is_empty() {
            Properties::missing(sink, &priority_at, "enum", "the priority values");
        }
        let (to_unique, media_unique) = (to.unique_items, media.unique_items);
        let list_limit_default = self.list_limit_default();
        Some(ir::RuleBook {
            source,
            length_unit,
            application_id_min_length,
            e164_min_digits,
            e164_max_digits,
            sender_id_max_length,
            sender_id_symbols,
            sender_id_requires_letter,
            to_min_items,
            to_max_items,
            to_unique,
            text_max_length,
            media_max_items,
            media_unique,
            media_url_max_length,
            media_schemes,
            tag_max_length,
            priority_values,
            expiration_in_future,
            content_any_of,
            group_min_recipients,
            group_is_mms,
            list_limit_default,
        })
    }

    /// The `default` of listMessages' `limit` query parameter.
    fn list_limit_default(&self) -> Option<u64> {
        let spec = self.spec;
        let op = spec
            .paths
            .values()
            .filter_map(|p| match p {
                RefOr::Item(p) => Some(p),
                RefOr::Ref(_) => None,
            })
            .flat_map(|p| p.operations.values())
            .find(|op| op.operation_id.as_deref() == Some("listMessages"))?;
        op.parameters.iter().find_map(|p| {
            let (param, at) = spec.resolve_parameter(p, &Pointer::root()).ok()?;
            if param.name != "limit" {
                return None;
            }
            let schema = param.schema.as_ref()?;
            let (schema, _) = spec.resolve_schema(schema, &at).ok()?;
            schema.default.as_ref()?.as_u64()
        })
    }
}

/// Reads `key` of `ext`, which must be the string `word`; `true` when it is.
fn expect_word(sink: &mut Sink, ext: &mut Ext<'_>, key: &'static str, word: &str) -> bool {
    match ext.string(sink, key, true) {
        Some(found) if found == word => true,
        Some(found) => {
            let at = ext.at.push(key);
            sink.push(
                DiagnosticKind::Extension,
                &at,
                format!("`{word}` (the only one the rules module evaluates)"),
                format!("`{found}`"),
            );
            false
        }
        None => false,
    }
}

/// The properties of the body schema, resolved.
struct Properties<'a> {
    spec: &'a crate::spec::OpenApi,
    body: &'a Schema,
    at: Pointer,
}

impl<'a> Properties<'a> {
    fn get(&self, sink: &mut Sink, name: &str) -> Option<(&'a Schema, Pointer)> {
        let at = self.at.push(name);
        match self.body.properties.get(name) {
            Some(s) => self.resolve(s, &at),
            None => {
                sink.push(
                    DiagnosticKind::Extension,
                    &at,
                    format!("the property `{name}` that `{EXTENSION}` constrains"),
                    "no such property",
                );
                None
            }
        }
    }

    fn resolve(&self, s: &'a RefOr<Schema>, at: &Pointer) -> Option<(&'a Schema, Pointer)> {
        self.spec.resolve_schema(s, at).ok()
    }

    fn missing(sink: &mut Sink, at: &Pointer, key: &str, what: &str) {
        sink.push(
            DiagnosticKind::Extension,
            &at.push(key),
            format!("`{key}` ({what}), which `{EXTENSION}` relies on"),
            "no such key",
        );
    }

    fn count(sink: &mut Sink, value: Option<u64>, at: &Pointer, key: &str) -> u64 {
        value.unwrap_or_else(|| {
            Self::missing(sink, at, key, "a limit");
            0
        })
    }
}
