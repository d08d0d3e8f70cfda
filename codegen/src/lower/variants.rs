//! Enum and union models: string enums (`open_enum`) and `oneOf` / `anyOf` (`one_of`).

use super::Lowering;
use super::docs::value_docs;
use super::names;
use super::naming;
use crate::diag::{DiagnosticKind, describe};
use crate::ir::{EnumValue, ModelKind, TypeRef, UnionVariant};
use crate::pointer::Pointer;
use crate::spec::{RefOr, Schema};

impl<'a> Lowering<'a> {
    pub(super) fn enum_kind(&mut self, s: &Schema, p: &Pointer) -> ModelKind {
        let values = s.enum_values.as_deref().unwrap_or(&[]);
        let strings: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
        let docs = value_docs(s.description.as_deref().unwrap_or(""), &strings);
        let mut out: Vec<EnumValue> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let at = p.push("enum").index(i);
            let value = match v {
                serde_json::Value::String(t) => t.clone(),
                serde_json::Value::Null => continue,
                other => {
                    self.sink.push(
                        DiagnosticKind::Unsupported,
                        &at,
                        "a string enum value (only string enums become Rust enums)",
                        describe(other),
                    );
                    continue;
                }
            };
            let taken: Vec<&str> = out.iter().map(|e| e.variant.as_str()).collect();
            let (variant, why) = naming::variant_for(&value, i, &taken);
            let rename = why.map(|reason| {
                let from = names::variant_name(&value).unwrap_or_default();
                self.record_rename(&at, &from, &variant, reason)
            });
            out.push(EnumValue {
                variant,
                doc: naming::with_rename_doc(docs.get(&value).cloned(), rename.as_ref()),
                value,
            });
        }
        ModelKind::Enum { values: out }
    }

    pub(super) fn union_kind(&mut self, s: &'a Schema, p: &Pointer) -> ModelKind {
        let (members, key, any_of) = if !s.one_of.is_empty() {
            (&s.one_of, "oneOf", false)
        } else {
            (&s.any_of, "anyOf", true)
        };
        if !s.properties.is_empty() || !s.all_of.is_empty() {
            self.sink.push(
                DiagnosticKind::Unsupported,
                p,
                "a oneOf/anyOf schema without its own properties or allOf",
                "properties beside the variants; move them into each variant",
            );
        }
        let discriminator = s.discriminator.as_ref();
        // Mapping targets, resolved to where their schema is written.
        let mut mapping: Vec<(String, Pointer, Pointer)> = Vec::new();
        if let Some(d) = discriminator {
            for (value, target) in &d.mapping {
                let at = p.push("discriminator").push("mapping").push(value);
                if let Ok((_, tp)) = self.spec.resolve_schema_target(target) {
                    mapping.push((value.clone(), tp, at));
                }
            }
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut member_pointers: Vec<Pointer> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let at = p.push(key).index(i);
            let target = match self.spec.resolve_schema(m, &at) {
                Ok((_, tp)) => tp,
                Err(_) => continue,
            };
            member_pointers.push(target.clone());
            let u = self.use_schema(m, &at);
            let mut name = match &u.ty {
                TypeRef::Named(n) => n.clone(),
                other => primitive_variant(other),
            };
            let mut tags: Vec<String> = mapping
                .iter()
                .filter(|(_, tp, _)| *tp == target)
                .map(|(v, _, _)| v.clone())
                .collect();
            if discriminator.is_some() && tags.is_empty() {
                match (m, target.segments().collect::<Vec<_>>().as_slice()) {
                    (RefOr::Ref(_), [c, s, n]) if c == "components" && s == "schemas" => tags.push(n.clone()),
                    _ => self.sink.push(
                        DiagnosticKind::Unsupported,
                        &at,
                        "a discriminator `mapping` entry for this inline variant (or a `$ref` to a component schema)",
                        "an inline variant with no discriminator value",
                    ),
                }
            }
            if let Some(existing) = variants.iter_mut().find(|v| v.name == name && v.ty == u.ty) {
                for t in tags {
                    if !existing.tags.contains(&t) {
                        existing.tags.push(t);
                    }
                }
                continue;
            }
            let taken: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
            if name == naming::FALLBACK_VARIANT || taken.contains(&name.as_str()) {
                let base = if name == naming::FALLBACK_VARIANT {
                    format!("{name}Value")
                } else {
                    name.clone()
                };
                let to = naming::numbered(&base, |c| {
                    c == naming::FALLBACK_VARIANT || taken.contains(&c)
                });
                let reason = if name == naming::FALLBACK_VARIANT {
                    "`Unknown` is the fallback variant the one_of macro adds".to_owned()
                } else {
                    format!("`{name}` is the name of an earlier variant")
                };
                self.record_rename(&at, &name, &to, reason);
                name = to;
            }
            variants.push(UnionVariant {
                name,
                ty: u.ty,
                tags,
            });
        }
        for (value, tp, at) in &mapping {
            if !member_pointers.contains(tp) {
                self.sink.push(
                    DiagnosticKind::Inconsistent,
                    at,
                    format!("a mapping to one of the `{key}` variants"),
                    format!("`{value}` mapped to {tp}, which is not among them"),
                );
            }
        }
        let mut all_tags: Vec<&String> = Vec::new();
        for v in &variants {
            for t in &v.tags {
                if all_tags.contains(&t) {
                    self.sink.push(
                        DiagnosticKind::Inconsistent,
                        &p.push("discriminator"),
                        "discriminator values that select one variant each",
                        format!("`{t}` twice"),
                    );
                }
                all_tags.push(t);
            }
        }
        ModelKind::Union {
            any_of,
            discriminator: discriminator.map(|d| d.property_name.clone()),
            variants,
        }
    }
}

/// The variant name of a union member that is not a model.
fn primitive_variant(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 => "I32".into(),
        TypeRef::I64 => "I64".into(),
        TypeRef::U64 => "U64".into(),
        TypeRef::F64 => "F64".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Timestamp => "Timestamp".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::JsonValue => "Value".into(),
        TypeRef::JsonObject => "Object".into(),
        TypeRef::Array(inner) => format!("{}List", primitive_variant(inner)),
        TypeRef::Map(inner) => format!("{}Map", primitive_variant(inner)),
        TypeRef::Named(n) => n.clone(),
    }
}
