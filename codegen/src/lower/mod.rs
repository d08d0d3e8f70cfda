//! Lowering: the spec model to the [`crate::ir`].
//!
//! Resolves references, names types, merges `allOf`, builds operations, webhook events and behaviour
//! constants, and reports (never panics on) everything it cannot express. With a tag filter it keeps the
//! operations carrying one of the tags, every schema they reach, the callbacks they declare, and the
//! component callbacks that no operation declares (such as an inbound-message callback).

mod behaviour;
mod docs;
mod finish;
mod names;
mod naming;
mod operations;
mod rules;
mod select;
mod types;
mod variants;
mod webhooks;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

pub use docs::value_docs;
pub use names::{field_name, pascal, variant_name};

use crate::diag::Sink;
use crate::ir;
use crate::pointer::Pointer;
use crate::spec::{OpenApi, RefOr};
use types::Use;

/// A model being built, by the pointer of its schema.
#[derive(Debug)]
pub(crate) struct Slot {
    name: String,
    seq: usize,
    model: Option<ir::Model>,
}

/// Lowering state for one spec.
pub(crate) struct Lowering<'a> {
    spec: &'a OpenApi,
    pub sink: Sink,
    models: IndexMap<Pointer, Slot>,
    type_names: HashMap<String, Pointer>,
    uses: HashMap<Pointer, Use>,
    uses_in_progress: HashSet<Pointer>,
    /// `x-bandwidth-acceptance` of lowered operations: (operationId, value, where).
    pending_acceptance: Vec<(String, &'a serde_json::Value, Pointer)>,
    /// operationIds lowered so far.
    operation_ids: HashSet<String>,
    /// The naming rule's state (`docs/naming.md`).
    naming: naming::Naming,
}

/// Lowers `spec`, keeping operations with one of `tags` (all when empty). Problems go to the returned sink.
pub(crate) fn lower_model(spec: &OpenApi, tags: &[String]) -> (ir::Api, Sink) {
    let mut l = Lowering {
        spec,
        sink: Sink::default(),
        models: IndexMap::new(),
        type_names: HashMap::new(),
        uses: HashMap::new(),
        uses_in_progress: HashSet::new(),
        pending_acceptance: Vec::new(),
        operation_ids: HashSet::new(),
        naming: naming::Naming::default(),
    };
    l.reserve_component_names();
    let selection = select::select(&mut l, tags);
    let mut operations = Vec::new();
    for site in &selection.operations {
        if let Some(op) = l.operation(site) {
            operations.push(op);
        }
    }
    let webhooks = l.webhooks(&selection.callbacks);
    if tags.is_empty() {
        // Without a filter every component schema is generated, referenced or not.
        let root = Pointer::root().push("components").push("schemas");
        for (name, schema) in &spec.components.schemas {
            let at = root.push(name);
            match schema {
                RefOr::Item(s) => {
                    l.schema_use(s, &at);
                }
                RefOr::Ref(_) => l.component_alias(schema, &at),
            }
        }
    }
    let behaviour = l.behaviour(&operations, &webhooks);
    let rules = l.rules();
    let models = l.finish_models();
    let mut api = ir::Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        tags: tags.to_vec(),
        models,
        operations,
        webhooks,
        behaviour,
        renames: Vec::new(),
        rules,
    };
    l.check_names(&mut api);
    l.finish_renames(&mut api);
    (api, l.sink)
}

impl<'a> Lowering<'a> {
    /// A component schema that is only a `$ref` to another: `pub type Name = Target;`.
    fn component_alias(&mut self, schema: &'a RefOr<crate::spec::Schema>, at: &Pointer) {
        let u = self.use_schema(schema, at);
        if self.models.contains_key(at) {
            return;
        }
        let name = self.schema_type_name(at);
        let doc = match schema {
            RefOr::Ref(r) => r.description.clone(),
            RefOr::Item(s) => s.description.clone(),
        };
        let model = ir::Model {
            name: name.clone(),
            source: at.clone(),
            doc,
            kind: ir::ModelKind::Alias {
                ty: u.ty,
                constraints: u.constraints,
            },
        };
        let seq = self.models.len();
        self.models.insert(
            at.clone(),
            Slot {
                name,
                seq,
                model: Some(model),
            },
        );
    }
}
