//! Fuzz target: what people type into dates, phone numbers and e-mail addresses is normalised or
//! refused naming the field, never a panic; a normalised value reads back as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use presale_core::date::Date;
use presale_core::records::validate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = Date::parse_typed(text) {
        assert_eq!(
            Date::parse(&d.to_string()),
            Some(d),
            "a normalised date is the stored form"
        );
    }
    if let Ok(Some(p)) = validate::phone("phone", Some(text)) {
        assert_eq!(
            validate::phone("phone", Some(&p)).ok().flatten().as_deref(),
            Some(p.as_str()),
            "a normalised phone number is accepted as it is"
        );
    }
    let _ = validate::email("email", Some(text));
});
