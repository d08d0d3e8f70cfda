//! Client-side checks of a request, run before anything is sent.
//!
//! A message request is checked by the crate's rule book ([`crate::rules`], lowered from the spec), the same
//! one the sandbox answers its `400 fieldErrors` with, so the two always agree. Every broken rule is reported,
//! each with its field path. Turn the checks off with
//! [`ClientBuilder::validation(false)`](super::ClientBuilder::validation) to let the server decide.

use std::fmt;

pub use crate::rules::{Rule, Violation, is_e164, is_sender_id};

/// A request that breaks documented rules, found before anything was sent.
///
/// `Display` is one line: the operation, then each violation with its field path
/// (`createMessage: invalid request: `to[1]` must be an E.164 number ...; `text` is required ...`); it never
/// contains the values sent (phone numbers, text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The operationId of the call that was not made, e.g. `"createMessage"`.
    pub operation: &'static str,
    /// Every broken rule, in field order; never empty.
    pub problems: Vec<Violation>,
}

impl ValidationError {
    /// An error of `operation` with one violation.
    pub fn one(operation: &'static str, field: impl Into<String>, rule: Rule) -> Self {
        ValidationError {
            operation,
            problems: vec![Violation::new(field, rule)],
        }
    }

    /// The field of the first violation.
    pub fn field(&self) -> &str {
        self.problems.first().map_or("", |v| v.field.as_str())
    }

    /// The field paths of every violation, in order.
    pub fn fields(&self) -> Vec<&str> {
        self.problems.iter().map(|v| v.field.as_str()).collect()
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: invalid request: ", self.operation)?;
        for (i, v) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}
