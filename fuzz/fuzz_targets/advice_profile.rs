//! Fuzz target: any advice profile JSON (what `presale advise --profile` reads) is analysed or
//! refused with an error naming a field, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use presale_core::advice::{analyse, Profile};
use presale_core::content::Library;
use std::sync::OnceLock;

/// The shipped library: what a real analysis recommends from.
fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        Library::load(&dir).0
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(profile) = Profile::from_json_text(text) {
        let lib = library();
        let _ = analyse(&profile, lib.products(), lib.rates());
    }
});
