//! Last steps of lowering: model order, `Default` flags, types that contain themselves, and the names the
//! macros add (`{Op}Response`, `{Op}Query`, `Event`).

use std::collections::{HashMap, HashSet};

use super::Lowering;
use crate::diag::DiagnosticKind;
use crate::ir::{Api, EVENT_ENUM, Model, ModelKind, TypeRef};
use crate::pointer::Pointer;

impl Lowering<'_> {
    /// Models in spec order: component schemas as listed, each followed by the inline schemas found in it;
    /// then inline schemas of operations and callbacks in the order they were reached.
    pub(crate) fn finish_models(&mut self) -> Vec<Model> {
        let component_index: HashMap<&str, usize> = self
            .spec
            .components
            .schemas
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let mut slots: Vec<(usize, usize, Model)> = std::mem::take(&mut self.models)
            .into_iter()
            .filter_map(|(p, slot)| {
                let segs: Vec<String> = p.segments().collect();
                let group = match segs.as_slice() {
                    [c, s, name, ..] if c == "components" && s == "schemas" => component_index
                        .get(name.as_str())
                        .copied()
                        .unwrap_or(usize::MAX - 1),
                    _ => usize::MAX,
                };
                slot.model.map(|m| (group, slot.seq, m))
            })
            .collect();
        slots.sort_by_key(|(group, seq, _)| (*group, *seq));
        let mut models: Vec<Model> = slots.into_iter().map(|(_, _, m)| m).collect();
        self.set_default_flags(&mut models);
        self.check_containment(&models);
        models
    }

    fn set_default_flags(&self, models: &mut [Model]) {
        let by_name: HashMap<String, usize> = models
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect();
        let mut memo: HashMap<usize, bool> = HashMap::new();
        let flags: Vec<bool> = (0..models.len())
            .map(|i| has_default(models, &by_name, i, &mut memo, &mut HashSet::new()))
            .collect();
        for (m, flag) in models.iter_mut().zip(flags) {
            if let ModelKind::Struct { default, .. } = &mut m.kind {
                *default = flag;
            }
        }
    }

    /// A struct or union that contains itself without a `Vec` or map in between has no finite size.
    fn check_containment(&mut self, models: &[Model]) {
        let by_name: HashMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
        for m in models {
            let mut stack: Vec<&str> = direct_names(m);
            let mut seen: HashSet<&str> = HashSet::new();
            while let Some(n) = stack.pop() {
                if n == m.name {
                    self.sink.push(
                        DiagnosticKind::Unsupported,
                        &m.source,
                        "a schema that contains itself only through arrays or maps (a direct cycle has no finite Rust type)",
                        format!("`{}` containing itself", m.name),
                    );
                    break;
                }
                if seen.insert(n)
                    && let Some(next) = by_name.get(n)
                {
                    stack.extend(direct_names(next));
                }
            }
        }
    }

    /// Operation structs, their response and query types, and the event enum must not collide with models.
    pub(crate) fn check_names(&mut self, api: &mut Api) {
        let mut claimed: HashMap<String, Pointer> = api
            .models
            .iter()
            .map(|m| (m.name.clone(), m.source.clone()))
            .collect();
        for op in &api.operations {
            claimed
                .entry(op.name.clone())
                .or_insert_with(|| op.source.clone());
        }
        let mut extra: Vec<(String, Pointer, String)> = Vec::new();
        for op in &api.operations {
            extra.push((
                format!("{}Response", op.name),
                op.source.clone(),
                format!("the response enum of `{}`", op.id),
            ));
            if let Some(q) = &op.query_struct {
                extra.push((
                    q.clone(),
                    op.source.clone(),
                    format!("the query struct of `{}`", op.id),
                ));
            }
        }
        if api.webhooks.iter().any(|w| !w.events.is_empty()) {
            let at = api
                .webhooks
                .first()
                .map(|w| w.source.clone())
                .unwrap_or_else(Pointer::root);
            extra.push((
                EVENT_ENUM.to_owned(),
                at,
                "the webhook event enum".to_owned(),
            ));
        }
        for (name, at, what) in extra {
            if let Some(first) = claimed.get(&name) {
                self.sink.push(
                    DiagnosticKind::NameCollision,
                    first,
                    format!("a Rust name other than `{name}`, which is {what} ({at})"),
                    format!("`{name}`"),
                );
            } else {
                claimed.insert(name, at);
            }
        }
    }
}

/// Names a model holds by value (fields and variants, not inside `Vec` or maps).
fn direct_names(m: &Model) -> Vec<&str> {
    match &m.kind {
        ModelKind::Struct { fields, .. } => fields.iter().filter_map(|f| named(&f.ty)).collect(),
        ModelKind::Union { variants, .. } => variants.iter().filter_map(|v| named(&v.ty)).collect(),
        ModelKind::Alias { ty, .. } => named(ty).into_iter().collect(),
        ModelKind::Enum { .. } => Vec::new(),
    }
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        _ => None,
    }
}

/// Whether model `i` can derive (or has) `Default`.
fn has_default(
    models: &[Model],
    by_name: &HashMap<String, usize>,
    i: usize,
    memo: &mut HashMap<usize, bool>,
    visiting: &mut HashSet<usize>,
) -> bool {
    if let Some(v) = memo.get(&i) {
        return *v;
    }
    if !visiting.insert(i) {
        return false;
    }
    let Some(model) = models.get(i) else {
        return false;
    };
    let result = match &model.kind {
        ModelKind::Struct { fields, .. } => fields
            .iter()
            .filter(|f| f.required && !f.nullable)
            .all(|f| type_has_default(models, by_name, &f.ty, memo, visiting)),
        ModelKind::Alias { ty, .. } => type_has_default(models, by_name, ty, memo, visiting),
        ModelKind::Enum { .. } | ModelKind::Union { .. } => false,
    };
    visiting.remove(&i);
    memo.insert(i, result);
    result
}

fn type_has_default(
    models: &[Model],
    by_name: &HashMap<String, usize>,
    ty: &TypeRef,
    memo: &mut HashMap<usize, bool>,
    visiting: &mut HashSet<usize>,
) -> bool {
    match ty {
        TypeRef::Named(n) => by_name
            .get(n)
            .is_some_and(|i| has_default(models, by_name, *i, memo, visiting)),
        _ => true,
    }
}
