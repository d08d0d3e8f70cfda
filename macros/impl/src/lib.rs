//! Macro implementations.
