//! `presale advise --profile FILE`: the needs analysis of a JSON profile, printed as JSON; a
//! profile of `"kind": "household"` gets the household's policy review instead
//! (`presale_core::household`).
//!
//! The profile's fields are documented in README.md ("Advice profile"). Bad input gets one line,
//! `presale: <field>: <what is wrong>`, on stderr and exit code 2, so scripts can tell it from a
//! failure of the program itself.

use presale_core::Error;
use presale_core::{advice, household};
use std::io::Read;
use std::path::Path;

/// Exit code for input the user can fix.
const BAD_INPUT: i32 = 2;

/// Reads the profile from `path` (`-` for stdin), prints the analysis; returns the exit code.
/// The products it may recommend, and their indicative premiums, come from the content library
/// at `content`.
pub fn run(path: &Path, content: &Path) -> i32 {
    let text = match read(path) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("presale: {why}");
            return BAD_INPUT;
        }
    };
    match advise(&text, content) {
        Ok(json) => {
            println!("{json}");
            0
        }
        Err(e @ Error::Invalid { .. }) => {
            eprintln!("presale: {e}");
            BAD_INPUT
        }
        Err(e) => {
            eprintln!("presale: {e}");
            1
        }
    }
}

/// The analysis of profile text as pretty JSON.
pub fn advise(text: &str, content: &Path) -> presale_core::Result<String> {
    if is_household(text) {
        let review = household::review_json_text(text, &presale_core::clock::today())?;
        return serde_json::to_string_pretty(&review)
            .map_err(|e| Error::Content(format!("cannot print the result: {e}")));
    }
    let profile = advice::Profile::from_json_text(text)?;
    let (library, _) = presale_core::content::Library::load(content);
    if library.products().is_empty() {
        // Not fatal: the analysis stands, but nothing can be recommended for a risk to transfer.
        eprintln!(
            "presale: content: no products in `{}`; no product can be recommended",
            content.display()
        );
    }
    let result = advice::analyse(&profile, library.products(), library.rates())?;
    serde_json::to_string_pretty(&result)
        .map_err(|e| Error::Content(format!("cannot print the result: {e}")))
}

fn read(path: &Path) -> Result<String, String> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("profile: cannot read standard input: {e}"))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| format!("profile: cannot read `{}`: {e}", path.display()))?;
    }
    Ok(text)
}

/// Whether the text is a household input (`"kind": "household"`); anything else, invalid JSON
/// included, goes to the profile reader, whose errors say what is wrong.
fn is_household(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("kind")
                .and_then(|k| k.as_str())
                .map(|k| k == "household")
        })
        .unwrap_or(false)
}
