//! Formats generated files with rustfmt, the way `cargo fmt` will check them.
//!
//! The library formats with prettyplease (pure, no process); CI also runs `cargo fmt --all -- --check`
//! over the checked-in files, so they go through the toolchain's rustfmt once more before they are
//! written or compared.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::Failure;

/// `source` as rustfmt (edition 2024, the workspace's config) prints it.
pub(crate) fn rustfmt(source: &str, root: &Path, name: &str) -> Result<String, Failure> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Failure(format!(
                "error: could not run rustfmt ({e}); generated files are formatted like `cargo fmt` does.\n\
                 Install it with `rustup component add rustfmt`."
            ))
        })?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Failure("error: rustfmt has no stdin".to_owned()))?;
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout.read_to_string(&mut out)?;
    }
    let mut err = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        stderr.read_to_string(&mut err)?;
    }
    let status = child.wait()?;
    match writer.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(Failure(format!("error: writing {name} to rustfmt: {e}"))),
        Err(_) => return Err(Failure(format!("error: writing {name} to rustfmt failed"))),
    }
    if !status.success() {
        return Err(Failure(format!(
            "error: rustfmt rejected the generated {name} ({status}):\n{err}"
        )));
    }
    Ok(out)
}
