//! Forms that take what people type (issue 15): a date of birth typed with slashes by keys in the
//! client form, then every date and phone format people use, saved through the window's own
//! command, each stored in the one form the rest of the app reads; what is really wrong is
//! refused naming the field.

use presale_tests::{with_app, App, Options, Result};
use serde_json::{json, Value};

async fn type_into(app: &App, css: &str, text: &str) -> Result {
    let el = app.wait_for_css(css).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

/// The client `id` as the window reads it back.
async fn stored(app: &App, name: &str) -> Result<Value> {
    let found = app
        .invoke("find_clients", json!({ "text": name }))
        .await?
        .map_err(|e| format!("find_clients: {e}"))?;
    Ok(found[0].clone())
}

#[tokio::test(flavor = "current_thread")]
async fn dates_and_phones_are_taken_as_people_write_them() -> Result {
    with_app("forms-typed", Options::default(), async |app| {
        app.click("a[href='#/consult']").await?;
        app.click("button[data-step='consents']").await?;
        app.click("#open-consents").await?;
        app.click("#consent-save_consultation").await?;
        app.click("#consent-form button[type='submit']").await?;
        app.wait_for_css("button[data-step='consents'].done").await?;
        app.click("button[data-step='client']").await?;
        app.wait_for_css("#client-form").await?;
        type_into(app, "#client-name", "李明").await?;
        type_into(app, "#client-birth_date", "1988/3/15").await?;
        type_into(app, "#client-phone", "021-5888 1234").await?;
        app.click("#save-client").await?;
        app.wait_for_css("button[data-step='client'].done").await?;
        let client = stored(app, "李明").await?;
        assert_eq!(client["birth_date"], "1988-03-15", "typed with slashes: {client}");
        assert_eq!(client["phone"], "021-58881234", "a landline: {client}");
        let id = client["id"].as_i64().ok_or("the client's id")?;

        let save = |birth: &str, phone: &str| {
            json!({ "id": id, "client": { "kind": "person", "name": "李明", "birth_date": birth, "phone": phone } })
        };
        for (birth, phone, want_phone) in [
            ("1988-03-15", "13812345678", "13812345678"),
            ("1988.3.15", "138 1234 5678", "13812345678"),
            ("19880315", "+86 138-1234-5678", "13812345678"),
            ("1988年3月15日", "(0571)8888123", "0571-8888123"),
            ("1988-3-15", "021-58881234转8001", "021-58881234-8001"),
            ("1988/03/15", "400-820-8820", "400-820-8820"),
        ] {
            app.invoke("save_client", save(birth, phone))
                .await?
                .map_err(|e| format!("`{birth}` / `{phone}`: {e}"))?;
            let c = stored(app, "李明").await?;
            assert_eq!(c["birth_date"], "1988-03-15", "`{birth}` is 15 March 1988");
            assert_eq!(c["phone"], want_phone, "`{phone}`");
        }
        for (birth, phone, field) in [
            ("15/03/1988", "13812345678", "birth_date"),
            ("2023-02-29", "13812345678", "birth_date"),
            ("1988-03-15", "12345", "phone"),
        ] {
            let refused = app.invoke("save_client", save(birth, phone)).await?;
            let err = refused.err().ok_or(format!("`{birth}` / `{phone}` must be refused"))?;
            assert_eq!(err["field"], field, "{err}");
        }
        Ok(())
    })
    .await
}
