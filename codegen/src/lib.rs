//! Spec -> IR -> declarations. See ARCHITECTURE.md.
