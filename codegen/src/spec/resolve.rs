//! Following `$ref`s inside one document.
//!
//! A reference names a component (`#/components/schemas/message`); schema references may go further into
//! a schema (`.../properties/media`, `.../items`, `.../allOf/0`). Path items may also be referenced from
//! `#/paths/...` and `#/webhooks/...`. Chains of references are followed, cycles are errors.

use super::decode::RefKind;
use super::model::*;
use crate::pointer::Pointer;

/// Why a reference did not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// The pointer names nothing in the document.
    Missing {
        /// The reference text.
        target: String,
        /// The closest existing name, as a "did you mean" hint.
        hint: Option<String>,
    },
    /// The pointer names something of another kind than this place needs.
    WrongKind {
        /// The reference text.
        target: String,
        /// What this place needs.
        expected: &'static str,
    },
    /// The pointer goes somewhere references are not supported.
    Unsupported {
        /// The reference text.
        target: String,
    },
    /// A chain of references that loops.
    Cycle {
        /// A reference on the loop.
        target: String,
    },
}

impl RefError {
    /// `(expected, found)` texts for a diagnostic.
    pub(crate) fn describe(&self, kind: RefKind) -> (String, String) {
        let section = kind.section();
        match self {
            RefError::Missing { target, hint } => (
                format!(
                    "a reference to an existing object, such as `#/components/{section}/<name>`"
                ),
                format!(
                    "`{target}`, which does not exist{}",
                    hint.as_ref()
                        .map(|h| format!(" (did you mean `{h}`?)"))
                        .unwrap_or_default()
                ),
            ),
            RefError::WrongKind { target, expected } => (
                format!("a reference to {expected} (in `#/components/{section}`)"),
                format!("`{target}`"),
            ),
            RefError::Unsupported { target } => (
                format!(
                    "a reference to a component (`#/components/{section}/<name>`){}",
                    if kind == RefKind::Schema {
                        ", optionally into its properties, items or allOf/oneOf/anyOf parts"
                    } else {
                        ""
                    }
                ),
                format!("`{target}`"),
            ),
            RefError::Cycle { target } => (
                "a chain of references that ends in an object".to_owned(),
                format!("a cycle through `{target}`"),
            ),
        }
    }
}

const MAX_HOPS: usize = 64;

impl OpenApi {
    /// Checks that `target` resolves to an object of `kind`.
    pub(crate) fn check_ref(&self, target: &str, kind: RefKind) -> Result<(), RefError> {
        match kind {
            RefKind::Schema => self.resolve_schema_target(target).map(|_| ()),
            RefKind::Response => follow(self, target, |s, p| s.response_at(p)).map(|_| ()),
            RefKind::Parameter => follow(self, target, |s, p| s.parameter_at(p)).map(|_| ()),
            RefKind::Example => follow(self, target, |s, p| {
                component(&s.components.examples, p, "examples")
            })
            .map(|_| ()),
            RefKind::RequestBody => follow(self, target, |s, p| s.request_body_at(p)).map(|_| ()),
            RefKind::Header => follow(self, target, |s, p| s.header_at(p)).map(|_| ()),
            RefKind::SecurityScheme => follow(self, target, |s, p| {
                component(&s.components.security_schemes, p, "securitySchemes")
            })
            .map(|_| ()),
            RefKind::Callback => follow(self, target, |s, p| s.callback_at(p)).map(|_| ()),
            RefKind::PathItem => follow(self, target, |s, p| s.path_item_at(p)).map(|_| ()),
        }
    }

    /// Resolves a schema, following references; returns it with the pointer where it is written.
    pub fn resolve_schema<'a>(
        &'a self,
        schema: &'a RefOr<Schema>,
        at: &Pointer,
    ) -> Result<(&'a Schema, Pointer), RefError> {
        match schema {
            RefOr::Item(s) => Ok((s, at.clone())),
            RefOr::Ref(r) => self.resolve_schema_target(&r.target),
        }
    }

    /// Resolves a schema reference text.
    pub fn resolve_schema_target(&self, target: &str) -> Result<(&Schema, Pointer), RefError> {
        follow(self, target, |s, p| s.schema_at(p))
    }

    /// Resolves a parameter.
    pub fn resolve_parameter<'a>(
        &'a self,
        item: &'a RefOr<Parameter>,
        at: &Pointer,
    ) -> Result<(&'a Parameter, Pointer), RefError> {
        match item {
            RefOr::Item(x) => Ok((x, at.clone())),
            RefOr::Ref(r) => follow(self, &r.target, |s, p| s.parameter_at(p)),
        }
    }

    /// Resolves a request body.
    pub fn resolve_request_body<'a>(
        &'a self,
        item: &'a RefOr<RequestBody>,
        at: &Pointer,
    ) -> Result<(&'a RequestBody, Pointer), RefError> {
        match item {
            RefOr::Item(x) => Ok((x, at.clone())),
            RefOr::Ref(r) => follow(self, &r.target, |s, p| s.request_body_at(p)),
        }
    }

    /// Resolves a response.
    pub fn resolve_response<'a>(
        &'a self,
        item: &'a RefOr<Response>,
        at: &Pointer,
    ) -> Result<(&'a Response, Pointer), RefError> {
        match item {
            RefOr::Item(x) => Ok((x, at.clone())),
            RefOr::Ref(r) => follow(self, &r.target, |s, p| s.response_at(p)),
        }
    }

    /// Resolves a header.
    pub fn resolve_header<'a>(
        &'a self,
        item: &'a RefOr<Header>,
        at: &Pointer,
    ) -> Result<(&'a Header, Pointer), RefError> {
        match item {
            RefOr::Item(x) => Ok((x, at.clone())),
            RefOr::Ref(r) => follow(self, &r.target, |s, p| s.header_at(p)),
        }
    }

    /// Resolves a callback.
    pub fn resolve_callback<'a>(
        &'a self,
        item: &'a RefOr<Callback>,
        at: &Pointer,
    ) -> Result<(&'a Callback, Pointer), RefError> {
        match item {
            RefOr::Item(x) => Ok((x, at.clone())),
            RefOr::Ref(r) => follow(self, &r.target, |s, p| s.callback_at(p)),
        }
    }

    /// Resolves a path item.
    pub fn resolve_path_item<'a>(
        &'a self,
        item: &'a RefOr<PathItem>,
        at: &Pointer,
    ) -> Result<(&'a PathItem, Pointer), RefError> {
        match item {
            RefOr::Item(x) => Ok((x, at.clone())),
            RefOr::Ref(r) => follow(self, &r.target, |s, p| s.path_item_at(p)),
        }
    }

    fn schema_at(&self, segments: &[String]) -> Lookup<'_, Schema> {
        let [c, section, name, rest @ ..] = segments else {
            return Lookup::Unsupported;
        };
        if c != "components" {
            return Lookup::Unsupported;
        }
        if section != "schemas" {
            return Lookup::WrongKind("a Schema Object");
        }
        let Some(mut current) = self.components.schemas.get(name.as_str()) else {
            return Lookup::Missing(hint(self.components.schemas.keys(), name, "schemas"));
        };
        let mut rest = rest;
        while !rest.is_empty() {
            let RefOr::Item(s) = current else {
                // Going into a schema that is itself a reference: not supported (ambiguous naming).
                return Lookup::Unsupported;
            };
            let (next, remaining): (Option<&RefOr<Schema>>, &[String]) = match rest {
                [k, p, tail @ ..] if k == "properties" => (s.properties.get(p.as_str()), tail),
                [k, tail @ ..] if k == "items" => (s.items.as_deref(), tail),
                [k, tail @ ..] if k == "not" => (s.not.as_deref(), tail),
                [k, tail @ ..] if k == "additionalProperties" => match &s.additional_properties {
                    Some(AdditionalProperties::Schema(b)) => (Some(b.as_ref()), tail),
                    _ => (None, tail),
                },
                [k, i, tail @ ..] if k == "allOf" || k == "oneOf" || k == "anyOf" => {
                    let list = match k.as_str() {
                        "allOf" => &s.all_of,
                        "oneOf" => &s.one_of,
                        _ => &s.any_of,
                    };
                    (i.parse::<usize>().ok().and_then(|i| list.get(i)), tail)
                }
                _ => return Lookup::Unsupported,
            };
            match next {
                Some(n) => current = n,
                None => return Lookup::Missing(None),
            }
            rest = remaining;
        }
        Lookup::Found(current)
    }

    fn response_at(&self, segments: &[String]) -> Lookup<'_, Response> {
        component_segments(
            &self.components.responses,
            segments,
            "responses",
            "a Response Object",
        )
    }

    fn parameter_at(&self, segments: &[String]) -> Lookup<'_, Parameter> {
        component_segments(
            &self.components.parameters,
            segments,
            "parameters",
            "a Parameter Object",
        )
    }

    fn request_body_at(&self, segments: &[String]) -> Lookup<'_, RequestBody> {
        component_segments(
            &self.components.request_bodies,
            segments,
            "requestBodies",
            "a Request Body Object",
        )
    }

    fn header_at(&self, segments: &[String]) -> Lookup<'_, Header> {
        component_segments(
            &self.components.headers,
            segments,
            "headers",
            "a Header Object",
        )
    }

    fn callback_at(&self, segments: &[String]) -> Lookup<'_, Callback> {
        component_segments(
            &self.components.callbacks,
            segments,
            "callbacks",
            "a Callback Object",
        )
    }

    fn path_item_at(&self, segments: &[String]) -> Lookup<'_, PathItem> {
        match segments {
            [p, path] if p == "paths" => match self.paths.get(path.as_str()) {
                Some(x) => Lookup::Found(x),
                None => Lookup::Missing(None),
            },
            [w, name] if w == "webhooks" => match self.webhooks.get(name.as_str()) {
                Some(x) => Lookup::Found(x),
                None => Lookup::Missing(None),
            },
            _ => component_segments(
                &self.components.path_items,
                segments,
                "pathItems",
                "a Path Item Object",
            ),
        }
    }
}

/// One step of a lookup: the object (possibly another reference) or why there is none.
enum Lookup<'a, T> {
    Found(&'a RefOr<T>),
    Missing(Option<String>),
    WrongKind(&'static str),
    Unsupported,
}

fn component<'a, T>(
    map: &'a indexmap::IndexMap<String, RefOr<T>>,
    segments: &[String],
    section: &str,
) -> Lookup<'a, T> {
    component_segments(map, segments, section, "an object of this kind")
}

fn component_segments<'a, T>(
    map: &'a indexmap::IndexMap<String, RefOr<T>>,
    segments: &[String],
    section: &str,
    what: &'static str,
) -> Lookup<'a, T> {
    match segments {
        [c, s, name] if c == "components" && s == section => match map.get(name.as_str()) {
            Some(x) => Lookup::Found(x),
            None => Lookup::Missing(hint(map.keys(), name, section)),
        },
        [c, _, _] if c == "components" => Lookup::WrongKind(what),
        _ => Lookup::Unsupported,
    }
}

fn hint<'a>(names: impl Iterator<Item = &'a String>, name: &str, section: &str) -> Option<String> {
    let names: Vec<&str> = names.map(String::as_str).collect();
    super::reader::closest(name, &names).map(|n| format!("#/components/{section}/{n}"))
}

/// Follows a chain of references starting at `target` until an object.
fn follow<'a, T>(
    spec: &'a OpenApi,
    target: &str,
    lookup: impl Fn(&'a OpenApi, &[String]) -> Lookup<'a, T>,
) -> Result<(&'a T, Pointer), RefError> {
    let mut current = target.to_owned();
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..MAX_HOPS {
        if seen.contains(&current) {
            return Err(RefError::Cycle { target: current });
        }
        seen.push(current.clone());
        let Some(pointer) = Pointer::parse(&current) else {
            return Err(RefError::Unsupported { target: current });
        };
        let segments: Vec<String> = pointer.segments().collect();
        match lookup(spec, &segments) {
            Lookup::Found(RefOr::Item(x)) => return Ok((x, pointer)),
            Lookup::Found(RefOr::Ref(r)) => current = r.target.clone(),
            Lookup::Missing(hint) => {
                return Err(RefError::Missing {
                    target: current,
                    hint,
                });
            }
            Lookup::WrongKind(expected) => {
                return Err(RefError::WrongKind {
                    target: current,
                    expected,
                });
            }
            Lookup::Unsupported => return Err(RefError::Unsupported { target: current }),
        }
    }
    Err(RefError::Cycle { target: current })
}
