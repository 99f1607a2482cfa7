//! A screen of its own for one app: a private Xvfb of a given size (a tablet's 768x1024), so the
//! window opens on a screen that small, as it would on the device. The agent's window never
//! shrinks below 1024 px on a larger screen (`src-tauri/src/window.rs`), so a narrow window can
//! only be had this way.

use crate::Result;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running Xvfb, stopped when dropped (also when a test panics).
pub(crate) struct Screen {
    child: Child,
    /// The display to hand to the app and to the screenshot grab (`:12`).
    pub(crate) display: String,
}

impl Screen {
    /// Starts Xvfb `width`x`height` on a display number it picks itself (`-displayfd`: it
    /// writes the number once it accepts connections, so no two runs take the same one).
    pub(crate) fn start(width: u32, height: u32) -> Result<Screen> {
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb (xvfb is a test dependency): {e}"))?;
        let mut line = String::new();
        let read = child
            .stdout
            .take()
            .map(|out| BufReader::new(out).read_line(&mut line));
        let number = line.trim();
        if !matches!(read, Some(Ok(n)) if n > 0) || number.parse::<u32>().is_err() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("Xvfb {width}x{height} did not say its display: {line:?}").into());
        }
        Ok(Screen {
            display: format!(":{number}"),
            child,
        })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
