//! The typed form of a `#[model]` declaration.

use proc_macro2::TokenStream;
use syn::{Attribute, Fields, Ident, ItemStruct, LitInt, LitStr, Path, Type};

use crate::attr::{
    flag, lit_str, lit_u64, parse_args, parse_attr, set_once, take_attrs, unknown_key,
};
use crate::ctxt::Ctxt;

const MODEL_KEYS: &[&str] = &["schema", "default"];
const FIELD_KEYS: &[&str] = &[
    "name",
    "required",
    "nullable",
    "unique_items",
    "max_length",
    "items_max_length",
    "max_items",
    "format",
];

/// A `#[model]` struct.
pub struct Model {
    /// The struct as written, with `#[field]` attributes removed from its fields.
    pub item: ItemStruct,
    /// `schema = "..."`.
    pub schema: Option<LitStr>,
    /// `default` was given.
    pub default: bool,
    /// The named fields (empty for tuple and unit structs, which `valid` rejects).
    pub fields: Vec<Field>,
}

/// One field of a model.
pub struct Field {
    /// The Rust name.
    pub ident: Ident,
    /// The declared type.
    pub ty: Type,
    /// The `#[field]` attribute, if any (for spans).
    pub field_attr: Option<Attribute>,
    /// `name = "..."`: the JSON name.
    pub name: Option<LitStr>,
    /// `required` (key path for spans).
    pub required: Option<Path>,
    /// `nullable`.
    pub nullable: Option<Path>,
    /// `unique_items`.
    pub unique_items: Option<Path>,
    /// `items_max_length = N`.
    pub items_max_length: Option<LitInt>,
    /// `max_items = N`.
    pub max_items: Option<LitInt>,
    /// `#[field]` had an unknown key: its flags are unreliable, so the type rules are not checked (the unknown
    /// key is the one error to report).
    pub malformed: bool,
}

/// How a field is read and written, from its flags.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `required`, not `nullable`: type `T`, always written, missing -> error.
    Required,
    /// neither: type `Option<T>`, `None` skipped, absent or `null` -> `None`.
    Optional,
    /// `nullable`: type `Nullable<T>`; `required` makes absence an error.
    Nullable {
        /// The field is also `required`.
        required: bool,
    },
}

impl Field {
    /// The presence rule of this field.
    pub fn presence(&self) -> Presence {
        match (self.required.is_some(), self.nullable.is_some()) {
            (required, true) => Presence::Nullable { required },
            (true, false) => Presence::Required,
            (false, false) => Presence::Optional,
        }
    }

    /// The JSON name (the Rust name when `name` is missing, which `valid` reports).
    pub fn json_name(&self) -> String {
        match &self.name {
            Some(lit) => lit.value(),
            None => self.ident.to_string(),
        }
    }
}

impl Model {
    /// Reads the macro arguments and the struct, recording malformed keys in `cx`.
    pub fn parse(cx: &Ctxt, attr: TokenStream, mut item: ItemStruct) -> Model {
        let mut schema = None;
        let mut default = None;
        parse_args(cx, attr, |meta| {
            if meta.path.is_ident("schema") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut schema, &meta.path, "schema", lit);
            } else if meta.path.is_ident("default") {
                let path = flag(meta)?;
                set_once(cx, &mut default, &meta.path, "default", path);
            } else {
                unknown_key(cx, meta, "model", MODEL_KEYS)?;
            }
            Ok(())
        });

        let mut fields = Vec::new();
        if let Fields::Named(named) = &mut item.fields {
            for field in named.named.iter_mut() {
                let (ours, kept) = take_attrs(std::mem::take(&mut field.attrs), "field");
                field.attrs = kept;
                let Some(ident) = field.ident.clone() else {
                    continue;
                };
                let mut parsed = Field {
                    ident,
                    ty: field.ty.clone(),
                    field_attr: None,
                    name: None,
                    required: None,
                    nullable: None,
                    unique_items: None,
                    items_max_length: None,
                    max_items: None,
                    malformed: false,
                };
                for (i, attr) in ours.into_iter().enumerate() {
                    if i > 0 {
                        cx.error_spanned_by(
                            &attr,
                            "duplicate `#[field]` attribute; merge the keys into one",
                        );
                        continue;
                    }
                    parse_field_attr(cx, &attr, &mut parsed);
                    parsed.field_attr = Some(attr);
                }
                fields.push(parsed);
            }
        }
        Model {
            item,
            schema,
            default: default.is_some(),
            fields,
        }
    }
}

fn parse_field_attr(cx: &Ctxt, attr: &Attribute, field: &mut Field) {
    let mut max_length = None;
    let mut format = None;
    parse_attr(cx, attr, |meta| {
        let p = &meta.path;
        if p.is_ident("name") {
            let lit = lit_str(meta)?;
            set_once(cx, &mut field.name, p, "name", lit);
        } else if p.is_ident("required") {
            let f = flag(meta)?;
            set_once(cx, &mut field.required, p, "required", f);
        } else if p.is_ident("nullable") {
            let f = flag(meta)?;
            set_once(cx, &mut field.nullable, p, "nullable", f);
        } else if p.is_ident("unique_items") {
            let f = flag(meta)?;
            set_once(cx, &mut field.unique_items, p, "unique_items", f);
        } else if p.is_ident("max_length") {
            let (lit, _) = lit_u64(meta)?;
            set_once(cx, &mut max_length, p, "max_length", lit);
        } else if p.is_ident("items_max_length") {
            let (lit, _) = lit_u64(meta)?;
            set_once(cx, &mut field.items_max_length, p, "items_max_length", lit);
        } else if p.is_ident("max_items") {
            let (lit, _) = lit_u64(meta)?;
            set_once(cx, &mut field.max_items, p, "max_items", lit);
        } else if p.is_ident("format") {
            let lit = lit_str(meta)?;
            set_once(cx, &mut format, p, "format", lit);
        } else {
            field.malformed = true;
            unknown_key(cx, meta, "field", FIELD_KEYS)?;
        }
        Ok(())
    });
}
