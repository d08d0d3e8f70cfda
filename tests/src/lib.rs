//! Test support.

pub mod upstream;
