//! The naming rule (`docs/naming.md`): every valid spec gets Rust names, and a name that is taken is changed
//! by a fixed, documented rule instead of being refused. Each change is recorded as an [`ir::Rename`] (a note)
//! and written into the item's doc comment.
//!
//! Precedence, so that a spec edit only renames what it collides with:
//! 1. component schemas keep their names (among two components with the same Rust name, the one listed first
//!    keeps it, the next takes `2`, `3`, ...);
//! 2. an operation whose struct, `{Op}Response` or `{Op}Query` name is taken takes the suffix `Operation`
//!    (then `Operation2`, ...) for all three;
//! 3. inline schemas (named after where they are written) take `2`, `3`, ... when their name is taken;
//! 4. names that are not Rust identifiers are cleaned (`N` before a leading digit, other characters dropped,
//!    `Schema` when nothing is left) and names of types the generated code uses (`String`, `Vec`, `Option`,
//!    `Self`) take the suffix `Model`;
//! 5. enum values, `oneOf` variants and event types whose variant would be the macros' fallback `Unknown`
//!    take the suffix `Value` (`UNKNOWN` -> `UnknownValue`); the fallback still keeps values nobody declared.
//!    Two values with the same variant name: the later takes `2`, `3`, ...; a value without letters or
//!    digits becomes `Value{n}` after its 1-based position.

use std::collections::HashMap;

use super::Lowering;
use super::names;
use crate::ir::Rename;
use crate::pointer::Pointer;

/// The fallback variant the `open_enum`, `one_of` and `webhook_events` macros add.
pub(crate) const FALLBACK_VARIANT: &str = "Unknown";

/// Naming state of one lowering.
#[derive(Debug, Default)]
pub(crate) struct Naming {
    /// Rust name of each component schema -> the component that owns it (rule 1).
    components: HashMap<String, Pointer>,
    /// Every renaming decided so far.
    pub renames: Vec<Rename>,
}

/// A Rust type name for any spec name (rule 4), and why it differs from the plain PascalCase, if it does.
pub(crate) fn clean_type_name(spec_name: &str) -> (String, Option<&'static str>) {
    let pascal = names::pascal(spec_name);
    if names::type_name(spec_name).is_ok() {
        return (pascal, None);
    }
    if names::RESERVED_TYPE_NAMES.contains(&pascal.as_str()) {
        return (
            format!("{pascal}Model"),
            Some("it would shadow a type the generated code uses"),
        );
    }
    let mut clean: String = pascal
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if clean.trim_matches('_').is_empty() {
        clean = "Schema".to_owned();
    }
    if clean.starts_with(|c: char| c.is_ascii_digit()) {
        clean.insert(0, 'N');
    }
    (clean, Some("it is not a Rust identifier"))
}

/// `base`, else `base2`, `base3`, ... : the first that `taken` says is free.
pub(crate) fn numbered(base: &str, mut taken: impl FnMut(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|c| !taken(c))
        .unwrap_or_else(|| base.to_owned())
}

/// The sentence the doc comment of a renamed item carries.
pub(crate) fn doc_line(r: &Rename) -> String {
    format!(
        "Named `{}` instead of `{}`: {} (naming rule, `docs/naming.md`).",
        r.to, r.from, r.reason
    )
}

/// `doc` with the renaming sentence appended as its own paragraph.
pub(crate) fn with_rename_doc(doc: Option<String>, r: Option<&Rename>) -> Option<String> {
    match (doc, r) {
        (doc, None) => doc,
        (None, Some(r)) => Some(doc_line(r)),
        (Some(d), Some(r)) => Some(format!("{}\n\n{}", d.trim_end(), doc_line(r))),
    }
}

/// A variant name for an enum value, event type or union member (rule 5). `index` is the 0-based position.
pub(crate) fn variant_for(value: &str, index: usize, taken: &[&str]) -> (String, Option<String>) {
    let (base, why) = match names::variant_name(value) {
        Ok(v) if v == FALLBACK_VARIANT => (
            format!("{v}Value"),
            Some(format!(
                "`{FALLBACK_VARIANT}` is the fallback variant the macro adds for values the spec does not list"
            )),
        ),
        Ok(v) => (v, None),
        Err(_) => (
            format!("Value{}", index + 1),
            Some("the value makes no Rust identifier".to_owned()),
        ),
    };
    let name = numbered(&base, |c| c == FALLBACK_VARIANT || taken.contains(&c));
    if name != base && why.is_none() {
        return (
            name,
            Some(format!("`{base}` is the variant of an earlier value")),
        );
    }
    (name, why)
}

impl Lowering<'_> {
    /// Rule 1: reserves every component schema's name before anything is lowered.
    pub(crate) fn reserve_component_names(&mut self) {
        let root = Pointer::root().push("components").push("schemas");
        for name in self.spec.components.schemas.keys() {
            let (base, _) = clean_type_name(&names::schema_name(self.spec, &root.push(name)));
            let at = root.push(name);
            let components = &self.naming.components;
            let rust = numbered(&base, |c| components.contains_key(c));
            self.naming.components.insert(rust, at);
        }
    }

    /// The Rust name of the component schema at `p`, when `p` is one.
    fn component_name(&self, p: &Pointer) -> Option<String> {
        self.naming
            .components
            .iter()
            .find(|(_, at)| *at == p)
            .map(|(n, _)| n.clone())
    }

    /// `true` when `name` is held by something other than `p` (a component, or a name claimed so far).
    pub(crate) fn name_taken(&self, name: &str, p: &Pointer) -> bool {
        self.naming.components.get(name).is_some_and(|at| at != p)
            || self.type_names.get(name).is_some_and(|at| at != p)
    }

    /// Records a renaming and returns it.
    pub(crate) fn record_rename(
        &mut self,
        p: &Pointer,
        from: &str,
        to: &str,
        reason: impl Into<String>,
    ) -> Rename {
        let r = Rename {
            source: p.clone(),
            from: from.to_owned(),
            to: to.to_owned(),
            reason: reason.into(),
        };
        self.naming.renames.push(r.clone());
        r
    }

    /// The renaming recorded for the item at `p`, if any.
    pub(crate) fn rename_at(&self, p: &Pointer) -> Option<&Rename> {
        self.naming.renames.iter().rev().find(|r| &r.source == p)
    }

    /// Rules 1, 3 and 4: the Rust name of the schema at `p`, claimed.
    pub(crate) fn schema_type_name(&mut self, p: &Pointer) -> String {
        let spec_name = names::schema_name(self.spec, p);
        let pascal = names::pascal(&spec_name);
        let (base, why) = clean_type_name(&spec_name);
        let name = match self.component_name(p) {
            Some(n) => n,
            None => numbered(&base, |c| self.name_taken(c, p)),
        };
        if name != pascal {
            let reason = match why {
                Some(w) if name == base => w.to_owned(),
                _ => {
                    let holder = self
                        .naming
                        .components
                        .get(&base)
                        .filter(|at| *at != p)
                        .or_else(|| self.type_names.get(&base))
                        .map(|at| at.to_string())
                        .unwrap_or_else(|| "another item".to_owned());
                    format!("`{base}` is the name of {holder}")
                }
            };
            self.record_rename(p, &pascal, &name, reason);
        }
        self.type_names.insert(name.clone(), p.clone());
        name
    }

    /// Rule 2: the struct name of the operation at `p` with id `id`; `query` when it has query parameters.
    pub(crate) fn operation_type_name(&mut self, id: &str, p: &Pointer, query: bool) -> String {
        let pascal = names::pascal(id);
        let (base, why) = clean_type_name(id);
        let derived = |n: &str| {
            let mut v = vec![n.to_owned(), format!("{n}Response")];
            if query {
                v.push(format!("{n}Query"));
            }
            v
        };
        let clash = |l: &Self, n: &str| derived(n).iter().find(|d| l.name_taken(d, p)).cloned();
        let name = match clash(self, &base) {
            None => base.clone(),
            Some(_) => numbered(&format!("{base}Operation"), |c| clash(self, c).is_some()),
        };
        if name != pascal {
            let reason = match (clash(self, &base), why) {
                (Some(held), _) => {
                    let holder = self
                        .naming
                        .components
                        .get(&held)
                        .or_else(|| self.type_names.get(&held))
                        .map(|at| at.to_string())
                        .unwrap_or_default();
                    format!("`{held}` is the name of {holder}")
                }
                (None, Some(w)) => w.to_owned(),
                (None, None) => String::new(),
            };
            self.record_rename(p, &pascal, &name, reason);
        }
        for d in derived(&name) {
            self.type_names.insert(d, p.clone());
        }
        name
    }
}

impl Lowering<'_> {
    /// Writes each renaming of a model or operation into its doc comment, and moves the renamings into `api`.
    pub(crate) fn finish_renames(&mut self, api: &mut crate::ir::Api) {
        for m in &mut api.models {
            let r = self.rename_at(&m.source).cloned();
            m.doc = with_rename_doc(m.doc.take(), r.as_ref());
        }
        for op in &mut api.operations {
            let r = self.rename_at(&op.source).cloned();
            op.doc = with_rename_doc(op.doc.take(), r.as_ref());
        }
        api.renames = std::mem::take(&mut self.naming.renames);
    }
}
