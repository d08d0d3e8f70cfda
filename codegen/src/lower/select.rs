//! Which operations and callbacks are generated: all, or those matching a tag filter.

use super::Lowering;
use super::names::derived_operation_id;
use crate::diag::DiagnosticKind;
use crate::pointer::Pointer;
use crate::spec::{Callback, Method, Operation, PathItem, RefKind, RefOr};

/// One operation to generate.
pub(crate) struct OpSite<'a> {
    pub path: &'a str,
    pub item: &'a PathItem,
    pub item_ptr: Pointer,
    pub method: Method,
    pub op: &'a Operation,
    pub ptr: Pointer,
}

impl OpSite<'_> {
    /// The operationId, or one derived from method and path.
    pub fn id(&self) -> String {
        self.op
            .operation_id
            .clone()
            .unwrap_or_else(|| derived_operation_id(self.method, self.path))
    }
}

/// What a callback site holds.
pub(crate) enum CallbackSource<'a> {
    /// An operation callback or a component callback: URL expressions to path items.
    Callback(&'a RefOr<Callback>),
    /// A 3.1 webhook: one path item.
    Webhook(&'a RefOr<PathItem>),
}

/// One callback to generate events for.
pub(crate) struct CallbackSite<'a> {
    pub name: String,
    pub source: CallbackSource<'a>,
    pub at: Pointer,
    pub operation: Option<String>,
}

/// The selected operations and callbacks, in spec order.
pub(crate) struct Selection<'a> {
    pub operations: Vec<OpSite<'a>>,
    pub callbacks: Vec<CallbackSite<'a>>,
}

/// Selects operations with one of `tags` (all when empty), the callbacks they declare, the component
/// callbacks no operation declares, and every 3.1 webhook.
pub(crate) fn select<'a>(l: &mut Lowering<'a>, tags: &[String]) -> Selection<'a> {
    let spec = l.spec;
    let mut operations = Vec::new();
    let mut callbacks = Vec::new();
    let mut referenced_callbacks: Vec<String> = Vec::new();
    let mut all_tags: Vec<&str> = Vec::new();
    let paths = Pointer::root().push("paths");
    for (path, entry) in &spec.paths {
        let at = paths.push(path);
        let (item, item_ptr) = match spec.resolve_path_item(entry, &at) {
            Ok(found) => found,
            Err(e) => {
                let (expected, found) = e.describe(RefKind::PathItem);
                l.sink
                    .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                continue;
            }
        };
        for (method, op) in &item.operations {
            let ptr = item_ptr.push(method.key());
            for cb in op.callbacks.values() {
                if let RefOr::Ref(r) = cb {
                    referenced_callbacks.push(r.target.clone());
                }
            }
            for t in &op.tags {
                if !all_tags.contains(&t.as_str()) {
                    all_tags.push(t);
                }
            }
            if !tags.is_empty() && !op.tags.iter().any(|t| tags.contains(t)) {
                continue;
            }
            let site = OpSite {
                path,
                item,
                item_ptr: item_ptr.clone(),
                method: *method,
                op,
                ptr: ptr.clone(),
            };
            for (name, cb) in &op.callbacks {
                callbacks.push(CallbackSite {
                    name: name.clone(),
                    source: CallbackSource::Callback(cb),
                    at: ptr.push("callbacks").push(name),
                    operation: Some(site.id()),
                });
            }
            operations.push(site);
        }
    }
    for t in tags {
        if !all_tags.contains(&t.as_str()) {
            l.sink.push(
                DiagnosticKind::InvalidValue,
                &paths,
                format!(
                    "an operation tagged `{t}` (the spec's tags: {})",
                    all_tags.join(", ")
                ),
                "none",
            );
        }
    }
    let components = Pointer::root().push("components").push("callbacks");
    for (name, cb) in &spec.components.callbacks {
        let at = components.push(name);
        if referenced_callbacks.iter().any(|r| r == at.as_str()) {
            continue;
        }
        callbacks.push(CallbackSite {
            name: name.clone(),
            source: CallbackSource::Callback(cb),
            at,
            operation: None,
        });
    }
    let webhooks = Pointer::root().push("webhooks");
    for (name, item) in &spec.webhooks {
        callbacks.push(CallbackSite {
            name: name.clone(),
            source: CallbackSource::Webhook(item),
            at: webhooks.push(name),
            operation: None,
        });
    }
    Selection {
        operations,
        callbacks,
    }
}
