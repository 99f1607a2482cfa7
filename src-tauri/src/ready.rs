//! The benchmarks' start-up marks: with `PRESALE_READY_FILE` set (by `cargo bench` only), the
//! first `get_home` writes the time it returned, in nanoseconds since the Unix epoch, to that
//! file (`tests/bare-window` does the same, so both are timed alike), and the start-up work
//! beside the window writes `<file>.settled` when it is done, so memory is read after it.

use std::sync::Once;

/// Writes the ready mark once per process; does nothing without `PRESALE_READY_FILE`.
pub fn mark() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| write(""));
}

/// Writes the settled mark (start-up work beside the window is done).
pub fn mark_settled() {
    write("settled");
}

fn write(extension: &str) {
    let Some(path) = std::env::var_os("PRESALE_READY_FILE") else {
        return;
    };
    let mut path = std::path::PathBuf::from(path);
    if !extension.is_empty() {
        path.set_extension(extension);
    }
    let ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // A rename, so the bench never reads half a number.
    let tmp = path.with_extension(format!("{extension}tmp"));
    if std::fs::write(&tmp, format!("{ns}\n")).is_ok() {
        let _ = std::fs::rename(&tmp, &path);
    }
}
