//! Schemas to types: the [`Use`] of a schema where a field, parameter or body refers to it, and the models
//! (structs, aliases; enums and unions are in `variants`) that named schemas become.

use indexmap::IndexMap;

use super::names;
use super::{Lowering, Slot};
use crate::diag::DiagnosticKind;
use crate::ir::{Constraints, Field, Model, ModelKind, TypeRef};
use crate::pointer::Pointer;
use crate::spec::{AdditionalProperties, RefOr, Schema, SchemaType};

/// How a schema appears where it is used.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Use {
    /// The type (a model name for objects, enums and unions; the underlying type for aliases).
    pub ty: TypeRef,
    /// `nullable: true` somewhere on the way.
    pub nullable: bool,
    /// Validation keywords that apply to the value.
    pub constraints: Constraints,
    /// The description of an inlined alias or primitive (fields fall back to it).
    pub doc: Option<String>,
}

impl Use {
    fn plain(ty: TypeRef) -> Self {
        Use {
            ty,
            nullable: false,
            constraints: Constraints::default(),
            doc: None,
        }
    }
}

/// What kind of type a schema becomes.
enum Shape {
    Struct,
    Enum,
    Union,
    /// `allOf`/`oneOf`/`anyOf` with exactly one part and nothing else: the part itself.
    Wrapper,
    Other,
}

impl<'a> Lowering<'a> {
    /// The use of the schema `schema` written (or referenced) at `at`.
    pub(crate) fn use_schema(&mut self, schema: &'a RefOr<Schema>, at: &Pointer) -> Use {
        let (s, p) = match self.spec.resolve_schema(schema, at) {
            Ok(found) => found,
            Err(e) => {
                let (expected, found) = e.describe(crate::spec::RefKind::Schema);
                self.sink
                    .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                return Use::plain(TypeRef::JsonValue);
            }
        };
        let mut u = self.schema_use(s, &p);
        if let RefOr::Ref(r) = schema
            && let Some(d) = &r.description
        {
            u.doc = Some(d.clone());
        }
        u
    }

    /// The use of the schema `s` written at `p` (memoised by `p`).
    pub(crate) fn schema_use(&mut self, s: &'a Schema, p: &Pointer) -> Use {
        if let Some(u) = self.uses.get(p) {
            return u.clone();
        }
        if !self.uses_in_progress.insert(p.clone()) {
            if let Some(slot) = self.models.get(p) {
                return Use::plain(TypeRef::Named(slot.name.clone()));
            }
            self.sink.push(
                DiagnosticKind::Unsupported,
                p,
                "a schema that does not contain itself through arrays or aliases only",
                "a recursive array or alias schema",
            );
            return Use::plain(TypeRef::JsonValue);
        }
        let u = self.compute_use(s, p);
        self.uses_in_progress.remove(p);
        self.uses.insert(p.clone(), u.clone());
        u
    }

    fn compute_use(&mut self, s: &'a Schema, p: &Pointer) -> Use {
        if s.not.is_some() {
            self.sink.push(
                DiagnosticKind::Unsupported,
                &p.push("not"),
                "a schema without `not` (it has no Rust type)",
                "`not`",
            );
        }
        if s.constant.is_some() {
            self.sink.push(
                DiagnosticKind::Unsupported,
                &p.push("const"),
                "a schema without `const` (use a one-value `enum`)",
                "`const`",
            );
        }
        let is_component = is_component_schema(p);
        match shape(s) {
            Shape::Struct => self.named(s, p, Shape::Struct),
            Shape::Enum => self.named(s, p, Shape::Enum),
            Shape::Union => self.named(s, p, Shape::Union),
            Shape::Wrapper => {
                let (list, key) = if !s.all_of.is_empty() {
                    (&s.all_of, "allOf")
                } else if !s.one_of.is_empty() {
                    (&s.one_of, "oneOf")
                } else {
                    (&s.any_of, "anyOf")
                };
                let mut u = match list.first() {
                    Some(part) => self.use_schema(part, &p.push(key).index(0)),
                    None => Use::plain(TypeRef::JsonValue),
                };
                u.nullable |= s.nullable;
                if s.description.is_some() {
                    u.doc = s.description.clone();
                }
                merge_constraints(&mut u.constraints, &own_constraints(s));
                if is_component {
                    self.alias(s, p, &u);
                }
                u
            }
            Shape::Other => {
                let u = self.primitive_use(s, p);
                if is_component {
                    self.alias(s, p, &u);
                }
                u
            }
        }
    }

    /// Arrays, maps, free-form objects and primitives.
    fn primitive_use(&mut self, s: &'a Schema, p: &Pointer) -> Use {
        let mut constraints = own_constraints(s);
        let ty = match s.ty {
            Some(SchemaType::Array) => match &s.items {
                Some(items) => {
                    let inner = self.use_schema(items, &p.push("items"));
                    constraints.items_max_length = inner.constraints.max_length;
                    if constraints.format.is_none() {
                        constraints.format = inner.constraints.format.clone();
                    }
                    if inner.nullable {
                        self.sink.push(
                            DiagnosticKind::Unsupported,
                            &p.push("items"),
                            "array items that are not nullable",
                            "`nullable: true` on the items",
                        );
                    }
                    TypeRef::Array(Box::new(inner.ty))
                }
                None => TypeRef::Array(Box::new(TypeRef::JsonValue)),
            },
            Some(SchemaType::Object) => match &s.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let inner = self.use_schema(values, &p.push("additionalProperties"));
                    TypeRef::Map(Box::new(inner.ty))
                }
                _ => TypeRef::JsonObject,
            },
            Some(SchemaType::String) => match s.format.as_deref() {
                Some("date-time") => TypeRef::Timestamp,
                Some("binary") => TypeRef::Bytes,
                _ => TypeRef::String,
            },
            Some(SchemaType::Integer) => match s.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some(SchemaType::Number) => TypeRef::F64,
            Some(SchemaType::Boolean) => TypeRef::Bool,
            None => match &s.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let inner = self.use_schema(values, &p.push("additionalProperties"));
                    TypeRef::Map(Box::new(inner.ty))
                }
                _ => TypeRef::JsonValue,
            },
        };
        Use {
            ty,
            nullable: s.nullable,
            constraints,
            doc: s.description.clone(),
        }
    }

    /// Registers an alias model for a component schema that is not a struct, enum or union.
    fn alias(&mut self, s: &Schema, p: &Pointer, u: &Use) {
        if self.models.contains_key(p) {
            return;
        }
        let Some(name) = self.claim_name(p) else {
            return;
        };
        let model = Model {
            name: name.clone(),
            source: p.clone(),
            doc: s.description.clone(),
            kind: ModelKind::Alias {
                ty: u.ty.clone(),
                constraints: u.constraints.clone(),
            },
        };
        let seq = self.models.len();
        self.models.insert(
            p.clone(),
            Slot {
                name,
                seq,
                model: Some(model),
            },
        );
    }

    /// Claims the Rust name of the schema at `p` by the naming rule (`docs/naming.md`).
    pub(crate) fn claim_name(&mut self, p: &Pointer) -> Option<String> {
        Some(self.schema_type_name(p))
    }

    /// A struct, enum or union model for the schema at `p`.
    fn named(&mut self, s: &'a Schema, p: &Pointer, shape: Shape) -> Use {
        let name = match self.models.get(p) {
            Some(slot) => slot.name.clone(),
            None => {
                let Some(name) = self.claim_name(p) else {
                    return Use::plain(TypeRef::JsonValue);
                };
                let seq = self.models.len();
                self.models.insert(
                    p.clone(),
                    Slot {
                        name: name.clone(),
                        seq,
                        model: None,
                    },
                );
                let kind = match shape {
                    Shape::Struct => self.struct_kind(s, p, &name),
                    Shape::Enum => self.enum_kind(s, p),
                    _ => self.union_kind(s, p),
                };
                let model = Model {
                    name: name.clone(),
                    source: p.clone(),
                    doc: s.description.clone(),
                    kind,
                };
                if let Some(slot) = self.models.get_mut(p) {
                    slot.model = Some(model);
                }
                name
            }
        };
        Use {
            ty: TypeRef::Named(name),
            nullable: s.nullable,
            constraints: Constraints::default(),
            doc: s.description.clone(),
        }
    }

    /// Properties and `required` of an object schema, with every `allOf` part merged in (parts first).
    pub(crate) fn object_members(
        &mut self,
        s: &'a Schema,
        p: &Pointer,
        props: &mut IndexMap<String, (&'a RefOr<Schema>, Pointer)>,
        required: &mut Vec<String>,
        seen: &mut Vec<Pointer>,
    ) {
        if seen.contains(p) {
            self.sink.push(
                DiagnosticKind::Unsupported,
                p,
                "`allOf` parts that do not include themselves",
                "a cycle of `allOf`",
            );
            return;
        }
        seen.push(p.clone());
        for (i, part) in s.all_of.iter().enumerate() {
            let at = p.push("allOf").index(i);
            let (ps, pp) = match self.spec.resolve_schema(part, &at) {
                Ok(found) => found,
                Err(e) => {
                    let (expected, found) = e.describe(crate::spec::RefKind::Schema);
                    self.sink
                        .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                    continue;
                }
            };
            let object_like = ps.ty.is_none_or(|t| t == SchemaType::Object)
                && ps.enum_values.is_none()
                && ps.one_of.is_empty()
                && ps.any_of.is_empty();
            if !object_like {
                self.sink.push(
                    DiagnosticKind::Unsupported,
                    &pp,
                    "an object schema as an `allOf` part (parts are merged into one struct)",
                    if !ps.one_of.is_empty() || !ps.any_of.is_empty() {
                        "a `oneOf`/`anyOf` schema".to_owned()
                    } else {
                        format!("a `{}` schema", ps.ty.map(|t| t.key()).unwrap_or("enum"))
                    },
                );
                continue;
            }
            self.object_members(ps, &pp, props, required, seen);
        }
        for (k, v) in &s.properties {
            props.insert(k.clone(), (v, p.push("properties").push(k)));
        }
        for r in &s.required {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
        seen.pop();
    }

    fn struct_kind(&mut self, s: &'a Schema, p: &Pointer, name: &str) -> ModelKind {
        let mut props = IndexMap::new();
        let mut required = Vec::new();
        self.object_members(s, p, &mut props, &mut required, &mut Vec::new());
        if !s.one_of.is_empty() || !s.any_of.is_empty() {
            self.sink.push(
                DiagnosticKind::Unsupported,
                p,
                "either properties/allOf or oneOf/anyOf in one schema",
                "both; move the shared properties into each variant",
            );
        }
        let mut fields: Vec<Field> = Vec::new();
        for (json, (schema, at)) in &props {
            let u = self.use_schema(schema, at);
            let field = match names::field_name(json) {
                Ok(f) => f,
                Err(why) => {
                    self.sink.push(
                        DiagnosticKind::InvalidName,
                        at,
                        "a property name that makes a Rust field name",
                        why,
                    );
                    continue;
                }
            };
            if field == "additional_properties" {
                self.sink.push(
                    DiagnosticKind::NameCollision,
                    at,
                    "a field name other than `additional_properties` (the model macro adds that field)",
                    format!("the property `{json}`"),
                );
                continue;
            }
            if let Some(other) = fields.iter().find(|f| f.name == field) {
                self.sink.push(
                    DiagnosticKind::NameCollision,
                    at,
                    format!("a property whose Rust name differs from the others of `{name}`"),
                    format!(
                        "`{json}`, which becomes `{field}` like `{}`",
                        other.json_name
                    ),
                );
                continue;
            }
            let doc = match schema {
                RefOr::Item(inline) => inline.description.clone().or(u.doc.clone()),
                RefOr::Ref(_) => u.doc.clone(),
            };
            fields.push(Field {
                name: field,
                json_name: json.clone(),
                ty: u.ty,
                required: required.contains(json),
                nullable: u.nullable,
                doc,
                constraints: u.constraints,
                source: at.clone(),
            });
        }
        for r in &required {
            if !props.contains_key(r) {
                self.sink.push(
                    DiagnosticKind::Inconsistent,
                    &p.push("required"),
                    "`required` names that are properties of the schema",
                    format!("`{r}`, which is not a property"),
                );
            }
        }
        ModelKind::Struct {
            fields,
            default: false,
            discriminator: s.discriminator.as_ref().map(|d| d.property_name.clone()),
        }
    }
}

/// `true` for `#/components/schemas/<name>` exactly.
pub(crate) fn is_component_schema(p: &Pointer) -> bool {
    let segs: Vec<String> = p.segments().collect();
    segs.len() == 3 && segs[0] == "components" && segs[1] == "schemas"
}

fn shape(s: &Schema) -> Shape {
    let composed = |list: &Vec<RefOr<Schema>>| !list.is_empty();
    let no_own_members = s.properties.is_empty() && s.required.is_empty();
    if composed(&s.all_of) {
        if s.all_of.len() == 1 && no_own_members && s.one_of.is_empty() && s.any_of.is_empty() {
            return Shape::Wrapper;
        }
        return Shape::Struct;
    }
    if composed(&s.one_of) || composed(&s.any_of) {
        let members = if composed(&s.one_of) {
            &s.one_of
        } else {
            &s.any_of
        };
        if members.len() == 1 && s.discriminator.is_none() && no_own_members {
            return Shape::Wrapper;
        }
        return Shape::Union;
    }
    if s.enum_values.is_some() {
        return Shape::Enum;
    }
    if !s.properties.is_empty() && s.ty.is_none_or(|t| t == SchemaType::Object) {
        return Shape::Struct;
    }
    Shape::Other
}

/// The schema's own validation keywords.
fn own_constraints(s: &Schema) -> Constraints {
    Constraints {
        format: s.format.clone(),
        max_length: s.max_length,
        min_length: s.min_length,
        items_max_length: None,
        max_items: s.max_items,
        min_items: s.min_items,
        unique_items: s.unique_items,
        pattern: s.pattern.clone(),
        minimum: s.minimum.as_ref().map(|n| n.to_string()),
        maximum: s.maximum.as_ref().map(|n| n.to_string()),
        default: s.default.as_ref().map(|v| v.to_string()),
        read_only: s.read_only,
        write_only: s.write_only,
        deprecated: s.deprecated,
    }
}

/// Adds `extra` to `into`; keywords set in `extra` win.
pub(crate) fn merge_constraints(into: &mut Constraints, extra: &Constraints) {
    macro_rules! take {
        ($($f:ident),*) => { $( if extra.$f.is_some() { into.$f = extra.$f.clone(); } )* };
    }
    take!(
        format,
        max_length,
        min_length,
        items_max_length,
        max_items,
        min_items,
        pattern,
        minimum,
        maximum,
        default
    );
    into.unique_items |= extra.unique_items;
    into.read_only |= extra.read_only;
    into.write_only |= extra.write_only;
    into.deprecated |= extra.deprecated;
}
