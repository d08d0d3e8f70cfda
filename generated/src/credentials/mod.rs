//! Credentials shared by every part of the crate: [`Secret`] (a string `Debug` never shows) and
//! [`BasicCredentials`] (HTTP Basic: encode a header, read one, check one in constant time). The client, the
//! webhook receiver and sender, and the sandbox all use these two types, so a password is redacted the same way
//! everywhere and Basic is encoded and verified in one place.

mod basic;
mod secret;

pub use basic::BasicCredentials;
pub use secret::Secret;
