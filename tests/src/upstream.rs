//! Bandwidth's published OpenAPI file for tests: `upstream/bandwidth.yml` under the workspace root, fetched
//! with npm (like `cargo xtask fetch-upstream`) when it is missing. It is git-ignored: we do not commit it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The npm package that ships the spec.
const PACKAGE: &str = "bandwidth-sdk@8.1.4";
/// The tarball `npm pack` writes.
const TARBALL: &str = "bandwidth-sdk-8.1.4.tgz";

/// Serialises fetches between test threads of one process.
static FETCH: Mutex<()> = Mutex::new(());

/// The workspace root (the parent of the `tests` crate).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// `upstream/bandwidth.yml`, fetched with `npm pack bandwidth-sdk@8.1.4` when missing.
///
/// # Panics
///
/// When the file is missing and npm or tar fail (tests only: the message says what to run).
pub fn bandwidth_yml() -> PathBuf {
    let dir = workspace_root().join("upstream");
    let target = dir.join("bandwidth.yml");
    let _guard = FETCH
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if target.is_file() {
        return target;
    }
    if let Err(why) = fetch(&dir, &target) {
        panic!(
            "upstream/bandwidth.yml is missing and could not be fetched: {why}\n\
             Fetch it with `cargo xtask fetch-upstream` (needs npm and access to the npm registry)."
        );
    }
    target
}

fn fetch(dir: &Path, target: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let pack = Command::new("npm")
        .args(["pack", PACKAGE, "--silent"])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("could not run npm: {e}"))?;
    if !pack.status.success() {
        return Err(format!(
            "`npm pack {PACKAGE}` failed: {}",
            String::from_utf8_lossy(&pack.stderr)
        ));
    }
    let tarball = dir.join(TARBALL);
    let extract = Command::new("tar")
        .arg("-xzOf")
        .arg(&tarball)
        .arg("package/bandwidth.yml")
        .output()
        .map_err(|e| format!("could not run tar: {e}"))?;
    let _ = std::fs::remove_file(&tarball);
    if !extract.status.success() || extract.stdout.is_empty() {
        return Err(format!(
            "{TARBALL} has no package/bandwidth.yml: {}",
            String::from_utf8_lossy(&extract.stderr)
        ));
    }
    // Write under a temporary name first so a concurrent reader never sees half a file.
    let partial = dir.join("bandwidth.yml.partial");
    std::fs::write(&partial, &extract.stdout)
        .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, target)
        .map_err(|e| format!("cannot rename to {}: {e}", target.display()))
}
