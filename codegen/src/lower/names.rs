//! Rust names for spec names: types (PascalCase), fields (snake_case, `r#` for keywords), enum variants, and
//! the names of inline schemas derived from where they are written.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::pointer::Pointer;
use crate::spec::{Method, OpenApi, RefOr};

/// Rust keywords of edition 2024 (strict and reserved), which need `r#` as field names.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the emitted code uses unqualified: a model may not shadow them.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &["String", "Vec", "Option", "Self"];

/// `true` when `s` is a plain (non-raw) identifier: ASCII letters, digits and `_`, not starting with a digit.
pub(crate) fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// PascalCase of a spec name: `messageRequest` -> `MessageRequest`, `LOCAL_A2P` -> `LocalA2p`.
pub fn pascal(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Why a spec name has no Rust name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadName {
    pub rust: String,
    pub reason: &'static str,
}

/// A type name for a spec name.
pub(crate) fn type_name(name: &str) -> Result<String, BadName> {
    let rust = pascal(name);
    if !is_plain_ident(&rust) {
        return Err(BadName {
            rust,
            reason: "is not a Rust identifier",
        });
    }
    if RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
        return Err(BadName {
            rust,
            reason: "would shadow a type the generated code uses",
        });
    }
    Ok(rust)
}

/// A field name for a JSON name: `applicationId` -> `application_id`, `type` -> `r#type`.
///
/// ```
/// # use bandwidth_codegen::lower::field_name;
/// assert_eq!(field_name("applicationId").as_deref(), Ok("application_id"));
/// assert_eq!(field_name("type").as_deref(), Ok("r#type"));
/// assert_eq!(field_name("Content-Type").as_deref(), Ok("content_type"));
/// assert!(field_name("self").is_err());
/// ```
pub fn field_name(json: &str) -> Result<String, String> {
    let snake = json.to_snake_case();
    if !is_plain_ident(&snake) {
        return Err(format!("`{snake}`, which is not a Rust identifier"));
    }
    if NOT_RAW.contains(&snake.as_str()) {
        return Err(format!("`{snake}`, a keyword that cannot be a field name"));
    }
    if KEYWORDS.contains(&snake.as_str()) {
        Ok(format!("r#{snake}"))
    } else {
        Ok(snake)
    }
}

/// An enum variant for a value: `message-sending` -> `MessageSending`, `in` -> `In`. Values that start with
/// a digit get a `V` in front (`2fa` -> `V2fa`); the empty string is `Empty`.
///
/// ```
/// # use bandwidth_codegen::lower::variant_name;
/// assert_eq!(variant_name("LOCAL_A2P").as_deref(), Ok("LocalA2p"));
/// assert_eq!(variant_name("message-sending").as_deref(), Ok("MessageSending"));
/// assert_eq!(variant_name("in").as_deref(), Ok("In"));
/// assert_eq!(variant_name("2fa").as_deref(), Ok("V2fa"));
/// ```
pub fn variant_name(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Ok("Empty".to_owned());
    }
    let mut p = pascal(value);
    if p.is_empty() {
        return Err(format!("no letters or digits in `{value}`"));
    }
    if p.starts_with(|c: char| c.is_ascii_digit()) {
        p.insert(0, 'V');
    }
    if !is_plain_ident(&p) {
        return Err(format!("`{p}`, which is not a Rust identifier"));
    }
    if p == "Self" {
        return Err("`Self`, a keyword".to_owned());
    }
    Ok(p)
}

/// A `lowerCamelCase` operation id for an operation without one: `get /users/{id}/media` -> `getUsersIdMedia`.
pub(crate) fn derived_operation_id(method: Method, path: &str) -> String {
    use heck::ToLowerCamelCase;
    format!("{} {}", method.key(), path.replace(['{', '}'], " ")).to_lower_camel_case()
}

/// The operationId (or derived id) of the operation at `paths/<path>/<method>`.
fn operation_id_at(spec: &OpenApi, path: &str, method: &str) -> Option<String> {
    let item = spec.paths.get(path)?;
    let method = Method::from_key(method)?;
    let item = match item {
        RefOr::Item(i) => i,
        RefOr::Ref(r) => {
            spec.resolve_path_item(item, &Pointer::parse(&r.target)?)
                .ok()?
                .0
        }
    };
    let op = item.operations.get(&method)?;
    Some(
        op.operation_id
            .clone()
            .unwrap_or_else(|| derived_operation_id(method, path)),
    )
}

/// The name of the schema written at `pointer`: the component name for `#/components/schemas/<name>`,
/// else a name built from where the schema is written (its parent schema, parameter, body or response)
/// and the way down to it (`properties/media` -> `Media`, `items` -> `Item`, `oneOf/1` -> `Variant2`).
///
/// Returns the spec-side name (before PascalCase) pieces joined as PascalCase.
pub(crate) fn schema_name(spec: &OpenApi, pointer: &Pointer) -> String {
    let segs: Vec<String> = pointer.segments().collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let (base, rest): (String, &[&str]) = match s.as_slice() {
        ["components", "schemas", n, rest @ ..] => (pascal(n), rest),
        ["components", "parameters", n, "schema", rest @ ..] => {
            (format!("{}Param", pascal(n)), rest)
        }
        [
            "components",
            "requestBodies",
            n,
            "content",
            _,
            "schema",
            rest @ ..,
        ] => (format!("{}Body", pascal(n)), rest),
        [
            "components",
            "responses",
            n,
            "content",
            _,
            "schema",
            rest @ ..,
        ] => (format!("{}Body", pascal(n)), rest),
        ["components", "headers", n, "schema", rest @ ..] => (format!("{}Header", pascal(n)), rest),
        ["components", "callbacks", c, _, _, tail @ ..]
        | ["paths", _, _, "callbacks", c, _, _, tail @ ..] => callback_part(pascal(c), tail),
        ["webhooks", w, _, tail @ ..] | ["components", "pathItems", w, _, tail @ ..] => {
            callback_part(pascal(w), tail)
        }
        ["paths", path, method, tail @ ..] => {
            let op = pascal(
                &operation_id_at(spec, path, method).unwrap_or_else(|| format!("{method} {path}")),
            );
            match tail {
                ["parameters", i, "schema", rest @ ..] => {
                    let param =
                        op_param_name(spec, path, method, i).unwrap_or_else(|| format!("Param{i}"));
                    (format!("{op}{}", pascal(&param)), rest)
                }
                ["requestBody", "content", _, "schema", rest @ ..] => (format!("{op}Body"), rest),
                ["responses", status, "content", _, "schema", rest @ ..] => {
                    (format!("{op}{}Body", pascal(status)), rest)
                }
                rest => (op, rest),
            }
        }
        other => (other.iter().map(|x| pascal(x)).collect::<String>(), &[]),
    };
    let mut name = base;
    let mut i = 0;
    while i < rest.len() {
        match (rest[i], rest.get(i + 1)) {
            ("properties", Some(p)) => {
                name.push_str(&pascal(p));
                i += 2;
            }
            ("allOf", Some(_)) => i += 2,
            ("oneOf" | "anyOf", Some(n)) => {
                let n: usize = n.parse().unwrap_or(0);
                name.push_str(&format!("Variant{}", n + 1));
                i += 2;
            }
            ("items", _) => {
                name.push_str("Item");
                i += 1;
            }
            ("additionalProperties", _) => {
                name.push_str("Value");
                i += 1;
            }
            (other, _) => {
                name.push_str(&pascal(other));
                i += 1;
            }
        }
    }
    name
}

fn callback_part<'a>(base: String, tail: &'a [&'a str]) -> (String, &'a [&'a str]) {
    match tail {
        ["requestBody", "content", _, "schema", rest @ ..] => (format!("{base}Body"), rest),
        ["responses", status, "content", _, "schema", rest @ ..] => {
            (format!("{base}{}Body", pascal(status)), rest)
        }
        ["parameters", i, "schema", rest @ ..] => (format!("{base}Param{i}"), rest),
        rest => (base, rest),
    }
}

fn op_param_name(spec: &OpenApi, path: &str, method: &str, index: &str) -> Option<String> {
    let item = spec.paths.get(path)?.as_item()?;
    let op = item.operations.get(&Method::from_key(method)?)?;
    match op.parameters.get(index.parse::<usize>().ok()?)? {
        RefOr::Item(p) => Some(p.name.clone()),
        RefOr::Ref(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> OpenApi {
        crate::spec::load(
            "t.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      operationId: getThing\n      \
             parameters:\n        - {name: sortOrder, in: query, schema: {type: string, enum: [a]}}\n      responses:\n        \
             '200': {description: ok}\n",
        )
        .unwrap_or_default()
    }

    fn at(s: &str) -> Pointer {
        Pointer::parse(s).unwrap_or_else(Pointer::root)
    }

    #[test]
    fn names_types_fields_and_variants() {
        assert_eq!(type_name("messageRequest"), Ok("MessageRequest".to_owned()));
        assert!(type_name("string").is_err());
        assert!(type_name("2fa").is_err());
        assert_eq!(
            field_name("callingNumberCountryA3").as_deref(),
            Ok("calling_number_country_a3")
        );
        assert_eq!(field_name("in").as_deref(), Ok("r#in"));
        assert_eq!(field_name("$ref").as_deref(), Ok("r#ref"));
        assert!(field_name("").is_err());
        assert_eq!(variant_name("").as_deref(), Ok("Empty"));
        assert!(variant_name("--").is_err());
    }

    #[test]
    fn names_inline_schemas_after_where_they_are_written() {
        let spec = spec();
        assert_eq!(
            schema_name(
                &spec,
                &at("#/components/schemas/rbmCardContent/properties/media")
            ),
            "RbmCardContentMedia"
        );
        assert_eq!(
            schema_name(
                &spec,
                &at("#/components/schemas/a/allOf/1/properties/b/items")
            ),
            "ABItem"
        );
        assert_eq!(
            schema_name(&spec, &at("#/components/schemas/a/oneOf/0")),
            "AVariant1"
        );
        assert_eq!(
            schema_name(&spec, &at("#/paths/~1a~1{id}/get/parameters/0/schema")),
            "GetThingSortOrder"
        );
        assert_eq!(
            schema_name(
                &spec,
                &at("#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema")
            ),
            "GetThing200Body"
        );
        assert_eq!(
            schema_name(
                &spec,
                &at(
                    "#/components/callbacks/statusCallback/{url}/post/requestBody/content/application~1json/schema/items"
                )
            ),
            "StatusCallbackBodyItem"
        );
        assert_eq!(
            schema_name(&spec, &at("#/components/parameters/limit/schema")),
            "LimitParam"
        );
    }

    #[test]
    fn derives_operation_ids() {
        assert_eq!(
            derived_operation_id(Method::Get, "/users/{accountId}/media"),
            "getUsersAccountIdMedia"
        );
    }
}
