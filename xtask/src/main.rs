//! Project automation, run as `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! A thin shell: argument parsing, files and processes. All generation logic is in `bandwidth-codegen`.
//!
//! ```text
//! cargo xtask codegen                                   spec/messaging.yaml -> generated/src/generated/
//! cargo xtask codegen --check                           exit 1 when generated/src/generated/ is stale
//! cargo xtask codegen --spec PATH --tags A,B --out DIR  any spec, e.g. upstream/bandwidth.yml
//! cargo xtask upstream-diff --spec PATH                 our spec vs a published one (report, exit 0)
//! cargo xtask fetch-upstream                            npm pack bandwidth-sdk@8.1.4 -> upstream/bandwidth.yml
//! ```

mod args;
mod codegen;
mod format;
mod upstream;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  codegen [--check] [--spec PATH] [--tags A,B] [--out DIR]
      Generate declarations from a spec (default spec/messaging.yaml -> generated/src/generated/).
      --check   compare instead of writing; exit 1 naming every stale, missing or extra file
  upstream-diff --spec PATH [--ours PATH] [--tags A,B]
      Report operations, parameters, fields and enum values present in one spec and not the other
      (default ours: spec/messaging.yaml; tags: those of our operations).
  fetch-upstream [--force]
      Run `npm pack bandwidth-sdk@8.1.4` and extract its bandwidth.yml to upstream/bandwidth.yml.

Relative paths are taken from the workspace root.";

/// A failure the user should see; the message is printed as is.
#[derive(Debug)]
pub(crate) struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// The workspace root: the parent of this crate's manifest directory.
pub(crate) fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let parsed = match args::Args::parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command.as_str() {
        "codegen" => codegen::run(&parsed),
        "upstream-diff" => upstream::diff(&parsed),
        "fetch-upstream" => upstream::fetch(&parsed),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
