//! The `bandwidth-sandbox` binary's command line (also makes `cargo test` build the binary that the
//! workspace's `sandbox_restart` test spawns).

use std::process::Command;

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bandwidth-sandbox"))
}

#[test]
fn help_and_version() {
    let help = binary().arg("--help").output().expect("runs");
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("USAGE") && text.contains("--time-scale"),
        "{text}"
    );
    let version = binary().arg("-V").output().expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("bandwidth-sandbox {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn bad_arguments_exit_2_naming_the_problem() {
    let output = binary()
        .args(["--time-scale", "fast"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--time-scale") && stderr.contains("fast"),
        "{stderr}"
    );
}

#[test]
fn an_invalid_config_file_exits_2_naming_the_file_and_key() {
    let path =
        std::env::temp_dir().join(format!("bandwidth-sandbox-cli-{}.toml", std::process::id()));
    std::fs::write(&path, "[server]\ntime_scael = 2.0\n").expect("write");
    let output = binary().arg("--config").arg(&path).output().expect("runs");
    let _ = std::fs::remove_file(&path);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("time_scael") && stderr.contains(&path.display().to_string()),
        "{stderr}"
    );
}
