//! The command line itself: help, version, bad arguments and a missing display, on the built binary.

use std::process::{Command, Output};

fn presale(args: &[&str], display: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_presale"));
    cmd.args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_BACKTRACE")
        .env("PRESALE_LOG", "error");
    if let Some(d) = display {
        cmd.env("DISPLAY", d);
    }
    cmd.output().expect("the presale binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_lists_the_admin_subcommands() {
    let out = presale(&["--help"], None);
    assert!(out.status.success(), "--help exits 0");
    let text = String::from_utf8_lossy(&out.stdout);
    for sub in [
        "check-content",
        "advise",
        "records",
        "backup",
        "restore",
        "audit",
    ] {
        assert!(text.contains(sub), "--help mentions `{sub}`:\n{text}");
    }
}

#[test]
fn version_prints_the_package_version() {
    let out = presale(&["--version"], None);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("presale {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_argument_is_one_line_and_the_usage_with_exit_2() {
    let out = presale(&["--no-such-flag"], None);
    assert_eq!(out.status.code(), Some(2), "usage errors exit with 2");
    let err = stderr(&out);
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.contains("--no-such-flag"),
        "the first line names the argument: {err}"
    );
    assert!(err.contains("Usage: presale"), "the usage follows: {err}");
}

#[test]
fn no_display_is_one_clear_line_not_a_panic() {
    let data = tempfile::tempdir().unwrap();
    let out = presale(&["--data-dir", data.path().to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("presale: no display found"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line only: {err}");
}

#[test]
fn a_display_that_cannot_be_opened_is_one_clear_line_not_a_panic() {
    let data = tempfile::tempdir().unwrap();
    // Display 87 is not served by any X server in the test environment.
    let out = presale(&["--data-dir", data.path().to_str().unwrap()], Some(":87"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no display found"), "{err}");
    assert!(!err.contains("panicked"), "no panic message: {err}");
    assert!(!err.contains("stack backtrace"), "no backtrace: {err}");
}
