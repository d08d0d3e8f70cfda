//! Schemas.

use serde_json::Value;

use super::{Decoder, RefKind, RefSite};
use crate::diag::{DiagnosticKind, describe};
use crate::pointer::Pointer;
use crate::spec::model::*;
use crate::spec::reader::{Obj, as_string, closest};

impl Decoder {
    /// A schema.
    pub(super) fn schema(&mut self, v: &Value, p: &Pointer) -> Option<Schema> {
        // JSON Schema allows `true`/`false` as schemas (3.1); `true` means "anything".
        if let Value::Bool(true) = v {
            return Some(Schema::default());
        }
        let mut o = Obj::new(self, v, p, "a Schema Object")?;
        let mut s = Schema::default();
        if let Some((tv, tp)) = o.get("type") {
            self.schema_type(tv, &tp, &mut s);
        }
        s.format = o.string(self, "format");
        s.title = o.string(self, "title");
        s.description = o.string(self, "description");
        s.nullable |= o.flag(self, "nullable");
        s.enum_values = match o.get("enum") {
            Some((Value::Array(items), _)) => Some(items.clone()),
            Some((other, ep)) => {
                self.sink.push(
                    DiagnosticKind::InvalidType,
                    &ep,
                    "a sequence of allowed values",
                    describe(other),
                );
                None
            }
            None => None,
        };
        s.default = o.raw("default");
        s.properties = o.map(
            self,
            "properties",
            "a mapping of property names to Schema Objects",
            false,
            |d, _, v, p| d.ref_or(v, p, RefKind::Schema, Decoder::schema),
        );
        s.required = o.strings(self, "required");
        s.additional_properties = match o.get("additionalProperties") {
            Some((Value::Bool(b), _)) => Some(AdditionalProperties::Allowed(*b)),
            Some((av, ap)) => self
                .ref_or(av, &ap, RefKind::Schema, Decoder::schema)
                .map(|r| AdditionalProperties::Schema(Box::new(r))),
            None => None,
        };
        s.items = match o.get("items") {
            Some((iv, ip)) => self
                .ref_or(iv, &ip, RefKind::Schema, Decoder::schema)
                .map(Box::new),
            None => None,
        };
        if s.ty == Some(SchemaType::Array) && s.items.is_none() && !o.has("items") {
            o.missing(
                self,
                "items",
                "the Schema Object of the array items; OpenAPI requires it when `type: array`",
            );
        }
        s.all_of = o.list(self, "allOf", "a sequence of Schema Objects", |d, v, p| {
            d.ref_or(v, p, RefKind::Schema, Decoder::schema)
        });
        s.one_of = o.list(self, "oneOf", "a sequence of Schema Objects", |d, v, p| {
            d.ref_or(v, p, RefKind::Schema, Decoder::schema)
        });
        s.any_of = o.list(self, "anyOf", "a sequence of Schema Objects", |d, v, p| {
            d.ref_or(v, p, RefKind::Schema, Decoder::schema)
        });
        s.not = match o.get("not") {
            Some((nv, np)) => self
                .ref_or(nv, &np, RefKind::Schema, Decoder::schema)
                .map(Box::new),
            None => None,
        };
        s.discriminator = match o.get("discriminator") {
            Some((dv, dp)) => self.discriminator(dv, &dp),
            None => None,
        };
        s.max_length = o.u64(self, "maxLength");
        s.min_length = o.u64(self, "minLength");
        s.pattern = o.string(self, "pattern");
        s.maximum = o.number(self, "maximum");
        s.minimum = o.number(self, "minimum");
        s.exclusive_maximum = o.raw("exclusiveMaximum");
        s.exclusive_minimum = o.raw("exclusiveMinimum");
        s.multiple_of = o.number(self, "multipleOf");
        s.max_items = o.u64(self, "maxItems");
        s.min_items = o.u64(self, "minItems");
        s.unique_items = o.flag(self, "uniqueItems");
        s.max_properties = o.u64(self, "maxProperties");
        s.min_properties = o.u64(self, "minProperties");
        s.read_only = o.flag(self, "readOnly");
        s.write_only = o.flag(self, "writeOnly");
        s.deprecated = o.flag(self, "deprecated");
        s.example = o.raw("example");
        s.examples = o.raw("examples");
        s.external_docs = o.raw("externalDocs");
        s.xml = o.raw("xml");
        s.constant = o.raw("const");
        s.extensions = o.finish(self);
        Some(s)
    }

    fn schema_type(&mut self, v: &Value, p: &Pointer, s: &mut Schema) {
        let names: Vec<(String, Pointer)> = match v {
            Value::String(t) => vec![(t.clone(), p.clone())],
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, t)| as_string(self, t, &p.index(i)).map(|t| (t, p.index(i))))
                .collect(),
            other => {
                self.sink.push(
                    DiagnosticKind::InvalidType,
                    p,
                    "a type name such as `string` or `object`",
                    describe(other),
                );
                return;
            }
        };
        let mut types = Vec::new();
        for (name, at) in names {
            if name == "null" && matches!(v, Value::Array(_)) {
                s.nullable = true;
                continue;
            }
            match SchemaType::ALL.into_iter().find(|t| t.key() == name) {
                Some(t) => types.push(t),
                None => {
                    let keys: Vec<&str> = SchemaType::ALL.iter().map(|t| t.key()).collect();
                    let hint = closest(&name, &keys)
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    self.sink.push(
                        DiagnosticKind::InvalidValue,
                        &at,
                        "a type: one of `string`, `integer`, `number`, `boolean`, `array`, `object`",
                        format!("the unknown type `{name}`{hint}"),
                    );
                }
            }
        }
        match types.as_slice() {
            [] => {}
            [one] => s.ty = Some(*one),
            _ => self.sink.push(
                DiagnosticKind::Unsupported,
                p,
                "a single type (or one type and `null`)",
                format!(
                    "the types {}",
                    types
                        .iter()
                        .map(|t| format!("`{}`", t.key()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }

    fn discriminator(&mut self, v: &Value, p: &Pointer) -> Option<Discriminator> {
        let mut o = Obj::new(self, v, p, "a Discriminator Object")?;
        let property_name = o.req_string(self, "propertyName");
        let mapping = o.map(
            self,
            "mapping",
            "a mapping of discriminator values to schema references",
            false,
            |d, _, v, p| {
                let target = as_string(d, v, p)?;
                // A bare name stands for `#/components/schemas/<name>`.
                let full = if target.starts_with('#') {
                    target.clone()
                } else {
                    format!("#/components/schemas/{target}")
                };
                if Pointer::parse(&full).is_none() {
                    d.sink.push(
                        DiagnosticKind::Unsupported,
                        p,
                        "a local schema reference or a schema name",
                        format!("`{target}`"),
                    );
                    return None;
                }
                d.refs.push(RefSite {
                    at: p.clone(),
                    target: full.clone(),
                    kind: RefKind::Schema,
                });
                Some(full)
            },
        );
        let extensions = o.finish(self);
        Some(Discriminator {
            property_name: property_name?,
            mapping,
            extensions,
        })
    }
}
