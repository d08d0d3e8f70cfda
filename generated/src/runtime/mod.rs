//! The hand-written runtime that the macro expansions of `crate::generated` call: the [`Operation`] trait and its
//! request/response plumbing, the tri-state [`Nullable`], and the `__private` helpers of the expansions.
//!
//! Nothing here knows an operation or a schema by name; what follows from the spec is generated.
//!
//! [`Operation`]: operation::Operation
//! [`Nullable`]: nullable::Nullable

#[doc(hidden)]
pub mod expansion;
pub mod nullable;
pub mod operation;
