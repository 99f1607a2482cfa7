//! Fuzz target: the questionnaire expression language (`show_if`) parses any text to a
//! condition or an error, never a panic or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use presale_core::questionnaire::expr::parse;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let _ = parse(src);
    }
});
