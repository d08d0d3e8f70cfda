//! `cargo xtask fetch-upstream` and `cargo xtask upstream-diff`.
//!
//! Bandwidth publishes its OpenAPI file inside the npm package `bandwidth-sdk`; we do not commit it. The
//! fetch runs `npm pack` (the registry's ordinary client) and extracts `package/bandwidth.yml` with `tar`.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use crate::args::Args;
use crate::codegen::{DEFAULT_SPEC, place, read_spec};
use crate::{Failure, workspace_root};

/// The npm package holding Bandwidth's published spec.
const PACKAGE: &str = "bandwidth-sdk@8.1.4";
/// The tarball `npm pack` writes for it.
const TARBALL: &str = "bandwidth-sdk-8.1.4.tgz";
/// Where the spec lands, relative to the workspace root (git-ignored).
const TARGET: &str = "upstream/bandwidth.yml";

/// Downloads the package and extracts `bandwidth.yml` (skipped when present, unless `--force`).
pub(crate) fn fetch(args: &Args) -> Result<ExitCode, Failure> {
    args.only("fetch-upstream", &["--force"])
        .map_err(|e| Failure(format!("error: {e}")))?;
    let root = workspace_root();
    let target = root.join(TARGET);
    if target.exists() && !args.force {
        println!("{TARGET} is already there (use --force to fetch it again)");
        return Ok(ExitCode::SUCCESS);
    }
    let dir = root.join("upstream");
    fs::create_dir_all(&dir)
        .map_err(|e| Failure(format!("error: cannot create upstream/: {e}")))?;
    fetch_into(&dir)?;
    println!("wrote {TARGET} (from npm {PACKAGE})");
    Ok(ExitCode::SUCCESS)
}

fn fetch_into(dir: &Path) -> Result<(), Failure> {
    let pack = Command::new("npm")
        .args(["pack", PACKAGE, "--silent"])
        .current_dir(dir)
        .output()
        .map_err(|e| {
            Failure(format!(
                "error: could not run npm ({e}); install Node.js and npm to fetch {PACKAGE}"
            ))
        })?;
    if !pack.status.success() {
        return Err(Failure(format!(
            "error: `npm pack {PACKAGE}` failed ({}):\n{}",
            pack.status,
            String::from_utf8_lossy(&pack.stderr)
        )));
    }
    let tarball = dir.join(TARBALL);
    let extract = Command::new("tar")
        .arg("-xzOf")
        .arg(&tarball)
        .arg("package/bandwidth.yml")
        .output()
        .map_err(|e| Failure(format!("error: could not run tar ({e})")))?;
    let _ = fs::remove_file(&tarball);
    if !extract.status.success() || extract.stdout.is_empty() {
        return Err(Failure(format!(
            "error: {TARBALL} has no package/bandwidth.yml ({}):\n{}",
            extract.status,
            String::from_utf8_lossy(&extract.stderr)
        )));
    }
    // Write under a temporary name first, so a test reading the file never sees half of it.
    let partial = dir.join("bandwidth.yml.partial");
    fs::write(&partial, &extract.stdout)
        .map_err(|e| Failure(format!("error: cannot write {TARGET}: {e}")))?;
    fs::rename(&partial, dir.join("bandwidth.yml"))
        .map_err(|e| Failure(format!("error: cannot write {TARGET}: {e}")))?;
    Ok(())
}

/// Prints the differences between our spec and `--spec` (exit 0); spec problems exit 1.
pub(crate) fn diff(args: &Args) -> Result<ExitCode, Failure> {
    args.only("upstream-diff", &["--spec", "--ours", "--tags"])
        .map_err(|e| Failure(format!("error: {e}")))?;
    let Some(theirs) = &args.spec else {
        return Err(Failure(format!(
            "error: `upstream-diff` needs `--spec PATH` (for example `--spec {TARGET}`)"
        )));
    };
    let root = workspace_root();
    let ours = place(&root, args.ours.as_deref().unwrap_or(DEFAULT_SPEC));
    let theirs = place(&root, theirs);
    let ours_text = read_spec(&ours)?;
    let theirs_text = read_spec(&theirs)?;
    let report = bandwidth_codegen::diff::diff(
        &ours.shown,
        &ours_text,
        &theirs.shown,
        &theirs_text,
        args.tags.clone(),
    )
    .map_err(|diags| Failure(format!("{diags}\nerror: the specs could not be compared")))?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}
