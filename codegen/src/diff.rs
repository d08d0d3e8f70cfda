//! `upstream-diff`: what one spec has that another lacks, compared on the lowered IR (references resolved,
//! `allOf` merged, names normalised), so a maintainer following Bandwidth's published file sees real
//! changes rather than layout.
//!
//! Compared: operations (by operationId), their parameters, request bodies and response statuses; models
//! (by Rust name) with their fields, required and nullable flags and types; enum values; union variants;
//! webhook event types.

use std::fmt;

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::ir::{Api, BodyKind, Model, ModelKind, Operation, Status, TypeRef};
use crate::settings::GenerateSettings;

/// Which spec has the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Only the first spec ("ours").
    OnlyOurs,
    /// Only the second spec ("theirs").
    OnlyTheirs,
    /// Both, but different.
    Changed,
}

/// What part of the API a difference is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Operations and their parameters, bodies and responses.
    Operations,
    /// Models and their fields.
    Models,
    /// Enum values.
    EnumValues,
    /// Webhook event types.
    WebhookEvents,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The area.
    pub area: Area,
    /// Which side has it.
    pub side: Side,
    /// What it is about (`createMessage`, `MessageRequest.to`, ...).
    pub subject: String,
    /// What differs.
    pub detail: String,
}

/// The result of comparing two specs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffReport {
    /// Name of the first spec.
    pub ours: String,
    /// Name of the second spec.
    pub theirs: String,
    /// The tags both were filtered by.
    pub tags: Vec<String>,
    /// Every difference, grouped by area.
    pub differences: Vec<Difference>,
}

/// Compares `ours` with `theirs`, both filtered to `tags` (by default: the tags of our operations).
pub fn diff(
    ours_name: &str,
    ours_text: &str,
    theirs_name: &str,
    theirs_text: &str,
    tags: Option<Vec<String>>,
) -> Result<DiffReport, Diagnostics> {
    let tags = match tags {
        Some(t) => t,
        None => {
            let all = crate::lower_spec(ours_text, &GenerateSettings::new().spec_name(ours_name))?;
            let mut t: Vec<String> = Vec::new();
            for tag in all.operations.iter().flat_map(|op| &op.tags) {
                if !t.contains(tag) {
                    t.push(tag.clone());
                }
            }
            t
        }
    };
    // Both sides filtered alike, so each compares what the same operations reach.
    let ours = crate::lower_spec(
        ours_text,
        &GenerateSettings::new()
            .spec_name(ours_name)
            .tags(tags.clone()),
    )?;
    let theirs = crate::lower_spec(
        theirs_text,
        &GenerateSettings::new()
            .spec_name(theirs_name)
            .tags(tags.clone()),
    )?;
    Ok(compare(ours_name, &ours, theirs_name, &theirs, tags))
}

/// Compares two lowered APIs.
pub fn compare(
    ours_name: &str,
    ours: &Api,
    theirs_name: &str,
    theirs: &Api,
    tags: Vec<String>,
) -> DiffReport {
    let mut d = Vec::new();
    operations(&mut d, ours, theirs);
    models(&mut d, ours, theirs);
    events(&mut d, ours, theirs);
    d.sort_by_key(|x| x.area);
    DiffReport {
        ours: ours_name.to_owned(),
        theirs: theirs_name.to_owned(),
        tags,
        differences: d,
    }
}

fn push(
    d: &mut Vec<Difference>,
    area: Area,
    side: Side,
    subject: impl Into<String>,
    detail: impl Into<String>,
) {
    d.push(Difference {
        area,
        side,
        subject: subject.into(),
        detail: detail.into(),
    });
}

fn operations(d: &mut Vec<Difference>, ours: &Api, theirs: &Api) {
    for (a, b, side) in [
        (ours, theirs, Side::OnlyOurs),
        (theirs, ours, Side::OnlyTheirs),
    ] {
        for op in &a.operations {
            if !b.operations.iter().any(|o| o.id == op.id) {
                push(
                    d,
                    Area::Operations,
                    side,
                    &op.id,
                    format!("operation `{} {}`", op.method, op.path),
                );
            }
        }
    }
    for a in &ours.operations {
        let Some(b) = theirs.operations.iter().find(|o| o.id == a.id) else {
            continue;
        };
        if a.method != b.method || a.path != b.path {
            push(
                d,
                Area::Operations,
                Side::Changed,
                &a.id,
                format!("`{} {}` vs `{} {}`", a.method, a.path, b.method, b.path),
            );
        }
        operation(d, a, b);
    }
}

fn operation(d: &mut Vec<Difference>, a: &Operation, b: &Operation) {
    for (x, y, side) in [(a, b, Side::OnlyOurs), (b, a, Side::OnlyTheirs)] {
        for p in &x.params {
            if !y
                .params
                .iter()
                .any(|q| q.name == p.name && q.location == p.location)
            {
                push(
                    d,
                    Area::Operations,
                    side,
                    &a.id,
                    format!("{:?} parameter `{}`", p.location, p.name).to_lowercase_first(),
                );
            }
        }
        for r in &x.responses {
            if !y.responses.iter().any(|s| s.status == r.status) {
                push(
                    d,
                    Area::Operations,
                    side,
                    &a.id,
                    format!("response {}", status(r.status)),
                );
            }
        }
        for r in &x.responses {
            let Some(other) = y.responses.iter().find(|s| s.status == r.status) else {
                continue;
            };
            for h in &r.headers {
                if !other
                    .headers
                    .iter()
                    .any(|o| o.name.eq_ignore_ascii_case(&h.name))
                {
                    push(
                        d,
                        Area::Operations,
                        side,
                        &a.id,
                        format!("header `{}` on response {}", h.name, status(r.status)),
                    );
                }
            }
        }
    }
    for p in &a.params {
        let Some(q) = b
            .params
            .iter()
            .find(|q| q.name == p.name && q.location == p.location)
        else {
            continue;
        };
        if p.required != q.required {
            push(
                d,
                Area::Operations,
                Side::Changed,
                &a.id,
                format!(
                    "parameter `{}` required: {} vs {}",
                    p.name, p.required, q.required
                ),
            );
        }
        if p.ty != q.ty {
            push(
                d,
                Area::Operations,
                Side::Changed,
                &a.id,
                format!(
                    "parameter `{}` type: {} vs {}",
                    p.name,
                    type_text(&p.ty),
                    type_text(&q.ty)
                ),
            );
        }
    }
    match (&a.body, &b.body) {
        (Some(x), Some(y)) if x.kind != y.kind => {
            push(
                d,
                Area::Operations,
                Side::Changed,
                &a.id,
                format!(
                    "request body: {} vs {}",
                    body_text(&x.kind),
                    body_text(&y.kind)
                ),
            );
        }
        (Some(x), None) => push(
            d,
            Area::Operations,
            Side::OnlyOurs,
            &a.id,
            format!("request body {}", body_text(&x.kind)),
        ),
        (None, Some(y)) => push(
            d,
            Area::Operations,
            Side::OnlyTheirs,
            &a.id,
            format!("request body {}", body_text(&y.kind)),
        ),
        _ => {}
    }
    for r in &a.responses {
        let Some(s) = b.responses.iter().find(|s| s.status == r.status) else {
            continue;
        };
        if r.body != s.body {
            push(
                d,
                Area::Operations,
                Side::Changed,
                &a.id,
                format!(
                    "response {} body: {} vs {}",
                    status(r.status),
                    body_text(&r.body),
                    body_text(&s.body)
                ),
            );
        }
    }
}

fn models(d: &mut Vec<Difference>, ours: &Api, theirs: &Api) {
    for (a, b, side) in [
        (ours, theirs, Side::OnlyOurs),
        (theirs, ours, Side::OnlyTheirs),
    ] {
        for m in &a.models {
            if !b.models.iter().any(|o| o.name == m.name) {
                push(
                    d,
                    Area::Models,
                    side,
                    &m.name,
                    format!("{} (`{}`)", kind_text(m), m.source),
                );
            }
        }
    }
    for m in &ours.models {
        let Some(o) = theirs.models.iter().find(|o| o.name == m.name) else {
            continue;
        };
        model(d, m, o);
    }
}

fn model(d: &mut Vec<Difference>, a: &Model, b: &Model) {
    match (&a.kind, &b.kind) {
        (ModelKind::Struct { fields: fa, .. }, ModelKind::Struct { fields: fb, .. }) => {
            for (x, y, side) in [(fa, fb, Side::OnlyOurs), (fb, fa, Side::OnlyTheirs)] {
                for f in x {
                    if !y.iter().any(|g| g.json_name == f.json_name) {
                        push(
                            d,
                            Area::Models,
                            side,
                            format!("{}.{}", a.name, f.json_name),
                            format!("field of type {}", type_text(&f.ty)),
                        );
                    }
                }
            }
            for f in fa {
                let Some(g) = fb.iter().find(|g| g.json_name == f.json_name) else {
                    continue;
                };
                let subject = format!("{}.{}", a.name, f.json_name);
                if f.required != g.required {
                    push(
                        d,
                        Area::Models,
                        Side::Changed,
                        &subject,
                        format!("required: {} vs {}", f.required, g.required),
                    );
                }
                if f.nullable != g.nullable {
                    push(
                        d,
                        Area::Models,
                        Side::Changed,
                        &subject,
                        format!("nullable: {} vs {}", f.nullable, g.nullable),
                    );
                }
                if f.ty != g.ty {
                    push(
                        d,
                        Area::Models,
                        Side::Changed,
                        &subject,
                        format!("type: {} vs {}", type_text(&f.ty), type_text(&g.ty)),
                    );
                }
                let (cf, cg) = (&f.constraints, &g.constraints);
                for (what, x, y) in [
                    ("maxLength", cf.max_length, cg.max_length),
                    ("maxItems", cf.max_items, cg.max_items),
                    ("items maxLength", cf.items_max_length, cg.items_max_length),
                ] {
                    if x != y {
                        push(
                            d,
                            Area::Models,
                            Side::Changed,
                            &subject,
                            format!("{what}: {} vs {}", opt(x), opt(y)),
                        );
                    }
                }
                if cf.format != cg.format {
                    push(
                        d,
                        Area::Models,
                        Side::Changed,
                        &subject,
                        format!(
                            "format: {} vs {}",
                            opt(cf.format.as_ref()),
                            opt(cg.format.as_ref())
                        ),
                    );
                }
            }
        }
        (ModelKind::Enum { values: va }, ModelKind::Enum { values: vb }) => {
            for (x, y, side) in [(va, vb, Side::OnlyOurs), (vb, va, Side::OnlyTheirs)] {
                for v in x {
                    if !y.iter().any(|w| w.value == v.value) {
                        push(
                            d,
                            Area::EnumValues,
                            side,
                            &a.name,
                            format!("value `{}`", v.value),
                        );
                    }
                }
            }
        }
        (ModelKind::Union { variants: va, .. }, ModelKind::Union { variants: vb, .. }) => {
            for (x, y, side) in [(va, vb, Side::OnlyOurs), (vb, va, Side::OnlyTheirs)] {
                for v in x {
                    match y.iter().find(|w| w.name == v.name) {
                        None => push(
                            d,
                            Area::Models,
                            side,
                            &a.name,
                            format!("variant `{}`", v.name),
                        ),
                        Some(w) => {
                            for t in &v.tags {
                                if !w.tags.contains(t) {
                                    push(
                                        d,
                                        Area::Models,
                                        side,
                                        &a.name,
                                        format!("discriminator value `{t}` for `{}`", v.name),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        (ModelKind::Alias { ty: x, .. }, ModelKind::Alias { ty: y, .. }) if x != y => {
            push(
                d,
                Area::Models,
                Side::Changed,
                &a.name,
                format!("alias of {} vs {}", type_text(x), type_text(y)),
            );
        }
        (ModelKind::Alias { .. }, ModelKind::Alias { .. }) => {}
        _ => push(
            d,
            Area::Models,
            Side::Changed,
            &a.name,
            format!("{} vs {}", kind_text(a), kind_text(b)),
        ),
    }
}

fn events(d: &mut Vec<Difference>, ours: &Api, theirs: &Api) {
    let names = |api: &Api| -> Vec<(String, String, String)> {
        api.webhooks
            .iter()
            .flat_map(|w| {
                w.events
                    .iter()
                    .map(|e| (e.name.clone(), e.payload.clone(), w.name.clone()))
            })
            .collect()
    };
    let (a, b) = (names(ours), names(theirs));
    for (x, y, side) in [(&a, &b, Side::OnlyOurs), (&b, &a, Side::OnlyTheirs)] {
        for (name, payload, cb) in x {
            if !y.iter().any(|(n, _, _)| n == name) {
                push(
                    d,
                    Area::WebhookEvents,
                    side,
                    name,
                    format!("event with payload `{payload}` (callback `{cb}`)"),
                );
            }
        }
    }
    let envelopes = |api: &Api| -> Vec<(String, crate::ir::Envelope)> {
        api.webhooks
            .iter()
            .map(|w| (w.name.clone(), w.envelope))
            .collect()
    };
    for (name, env) in envelopes(ours) {
        if let Some((_, other)) = envelopes(theirs).into_iter().find(|(n, _)| *n == name)
            && other != env
        {
            push(
                d,
                Area::WebhookEvents,
                Side::Changed,
                &name,
                format!("envelope: {env:?} vs {other:?}").to_lowercase(),
            );
        }
    }
}

fn status(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Default => "default".to_owned(),
    }
}

fn opt<T: fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string())
        .unwrap_or_else(|| "none".to_owned())
}

fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Array(inner) => format!("[{}]", type_text(inner)),
        TypeRef::Map(inner) => format!("map of {}", type_text(inner)),
        TypeRef::String => "string".into(),
        TypeRef::I32 => "int32".into(),
        TypeRef::I64 => "integer".into(),
        TypeRef::U64 => "unsigned integer".into(),
        TypeRef::F64 => "number".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::Timestamp => "date-time".into(),
        TypeRef::Bytes => "binary".into(),
        TypeRef::JsonValue => "any JSON".into(),
        TypeRef::JsonObject => "JSON object".into(),
    }
}

fn body_text(b: &BodyKind) -> String {
    match b {
        BodyKind::Json(t) => format!("JSON {}", type_text(t)),
        BodyKind::Binary => "binary".into(),
        BodyKind::Empty => "empty".into(),
    }
}

fn kind_text(m: &Model) -> &'static str {
    match m.kind {
        ModelKind::Struct { .. } => "object",
        ModelKind::Enum { .. } => "enum",
        ModelKind::Alias { .. } => "alias",
        ModelKind::Union { .. } => "union",
    }
}

trait LowerFirst {
    fn to_lowercase_first(self) -> String;
}

impl LowerFirst for String {
    fn to_lowercase_first(self) -> String {
        let mut c = self.chars();
        match c.next() {
            Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
            None => self,
        }
    }
}

impl fmt::Display for DiffReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "upstream-diff: {} (ours) vs {} (theirs)",
            self.ours, self.theirs
        )?;
        if !self.tags.is_empty() {
            writeln!(
                f,
                "compared: operations tagged {}, with what they reach",
                self.tags.join(", ")
            )?;
        }
        for area in [
            Area::Operations,
            Area::Models,
            Area::EnumValues,
            Area::WebhookEvents,
        ] {
            let items: Vec<&Difference> =
                self.differences.iter().filter(|d| d.area == area).collect();
            let title = match area {
                Area::Operations => "Operations",
                Area::Models => "Models and fields",
                Area::EnumValues => "Enum values",
                Area::WebhookEvents => "Webhook events",
            };
            writeln!(f)?;
            writeln!(f, "{title} ({})", items.len())?;
            for side in [Side::OnlyOurs, Side::OnlyTheirs, Side::Changed] {
                let of_side: Vec<&&Difference> = items.iter().filter(|d| d.side == side).collect();
                if of_side.is_empty() {
                    continue;
                }
                let label = match side {
                    Side::OnlyOurs => format!("only in {}", self.ours),
                    Side::OnlyTheirs => format!("only in {}", self.theirs),
                    Side::Changed => "different".to_owned(),
                };
                writeln!(f, "  {label}:")?;
                for d in of_side {
                    writeln!(f, "    {}: {}", d.subject, d.detail)?;
                }
            }
        }
        writeln!(f)?;
        write!(
            f,
            "{} difference{}",
            self.differences.len(),
            if self.differences.len() == 1 { "" } else { "s" }
        )
    }
}
