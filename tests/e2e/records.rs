//! Consultation records: the consultation flow finished through the UI, found again by a
//! two-character Chinese name, a note edited and seen in the history, the printout with the
//! agent's name and licence; a bad phone named at its field; a damaged database reported at start
//! with the newest backup restored.

use presale_tests::{with_app, App, Options, Result};

async fn type_into(app: &App, css: &str, text: &str) -> Result {
    let el = app.wait_for_css(css).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

/// Sets a date field (YYYY-MM-DD text) and fires its input and change events, as leaving it does.
async fn set_date(app: &App, css: &str, value: &str) -> Result {
    app.wait_for_css(css).await?;
    app.js(&format!(
        "const i = document.querySelector({css:?}); i.value = {value:?};
         i.dispatchEvent(new Event('input')); i.dispatchEvent(new Event('change')); return null"
    ))
    .await?;
    Ok(())
}

/// Today in the window's local time zone, as the UI computes it.
async fn today(app: &App) -> Result<String> {
    let v = app
        .js(
            "const d = new Date(); const p = (n) => String(n).padStart(2, '0');
             return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`",
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "current_thread")]
async fn a_consultation_is_finished_found_by_its_chinese_name_edited_and_printed() -> Result {
    with_app("records-flow", Options::default(), async |app| {
        app.click("a[href='#/consult']").await?;
        // The flow opens on the consents (PIPL): before the consent to saving, no client file is
        // kept; the consent is given on the privacy screen, which returns to the flow.
        app.wait_for_css("#step-consents").await?;
        app.click("button[data-step='client']").await?;
        app.wait_for_css("#client-form").await?;
        type_into(app, "#client-name", "张伟").await?;
        type_into(app, "#client-phone", "13812345678").await?;
        app.click("#save-client").await?;
        app.wait_for_text("客户尚未同意保存本次咨询").await?;
        app.click("button[data-step='consents']").await?;
        app.click("#open-consents").await?;
        app.click("#consent-save_consultation").await?;
        app.click("#consent-form button[type='submit']").await?;
        app.wait_for_css("button[data-step='consents'].done").await?;
        app.click("button[data-step='client']").await?;
        app.wait_for_css("#client-form").await?;
        app.screenshot("consult-client-zh").await;

        // A bad phone: the backend names the field and the message appears next to it.
        type_into(app, "#client-name", "张伟").await?;
        type_into(app, "#client-phone", "12345").await?;
        app.click("#save-client").await?;
        app.wait_for_text("请填写手机号码").await?;
        let invalid = app
            .js("return document.querySelector('#client-phone').getAttribute('aria-invalid')")
            .await?;
        assert_eq!(invalid.as_str(), Some("true"), "the phone input is marked invalid");
        let name_error = app
            .js("return document.querySelector('#client-name-error').textContent")
            .await?;
        assert_eq!(name_error.as_str(), Some(""), "only the phone is blamed: {name_error}");
        app.screenshot("consult-bad-phone").await;

        type_into(app, "#client-phone", "138 1234 5678").await?;
        app.click("#save-client").await?;
        app.wait_for_css("#chosen-client").await?;
        app.wait_for_css("button[data-step='client'].done").await?;


        // The decision step, with notes and a follow-up due today.
        app.click("button[data-step='decision']").await?;
        type_into(app, "#decision", "先投保定期寿险 <b>100万</b>").await?;
        type_into(app, "#notes", "首次面谈").await?;
        let due = today(app).await?;
        set_date(app, "#follow_up_on", &due).await?;
        app.click("#save-decision").await?;
        app.wait_for_css("button[data-step='decision'].done").await?;
        app.screenshot("consult-decision").await;

        app.click("button[data-step='finish']").await?;
        app.wait_for_css("#finish-agent").await?;
        // The outcome, which nothing pre-selects, decides how long the record is kept.
        app.click("#outcome_status-deciding").await?;
        app.screenshot("consult-finish").await;
        app.click("#finish-consultation").await?;
        app.wait_for_css("article.record").await?;
        let agent = app.wait_for_css("#consultation-details").await?.text().await?;
        assert!(
            agent.contains("Test Agent") && agent.contains("TEST-000001"),
            "the record names the logged-in agent and licence: {agent}"
        );
        let decision = app.wait_for_css("#decision-details").await?.text().await?;
        assert!(
            decision.contains("<b>100万</b>"),
            "typed text is shown as text, not markup: {decision}"
        );

        // Found again by the two-character Chinese name.
        app.click("a[href='#/records']").await?;
        app.wait_for_css("#records-search").await?;
        type_into(app, "#records-search", "张伟").await?;
        app.wait_for_css("tr[data-record] a.record-link").await?;
        let rows = app
            .js("return [...document.querySelectorAll('tr[data-record]')].map(r => r.innerText)")
            .await?;
        let rows = rows.as_array().cloned().unwrap_or_default();
        assert_eq!(rows.len(), 1, "exactly the one consultation matches: {rows:?}");
        assert!(rows[0].as_str().unwrap_or_default().contains("13812345678"), "with its phone: {rows:?}");
        app.screenshot("records-list-zh").await;
        app.click("tr[data-record] a.record-link").await?;

        // Edit a note; the change appears in the history with old and new values.
        app.wait_for_css("article.record").await?;
        app.click("#edit-toggle").await?;
        type_into(app, "#notes", "客户希望下周再谈").await?;
        app.click("#save-record").await?;
        app.wait_for_text("客户希望下周再谈").await?;
        let history = app
            .js("const r = [...document.querySelectorAll('#history tr[data-field=\"notes\"]')].pop();
                 return r ? [r.querySelector('.history-old').textContent, r.querySelector('.history-new').textContent] : null")
            .await?;
        assert_eq!(
            history,
            serde_json::json!(["首次面谈", "客户希望下周再谈"]),
            "the history keeps the old note and the new one"
        );
        // The client chosen for the consultation is named in the history, never shown by its id.
        let client = app
            .js("return [...document.querySelectorAll('#history tr[data-field=\"client_id\"] .history-new')].map(c => c.textContent)")
            .await?;
        assert_eq!(
            client,
            serde_json::json!(["张伟"]),
            "the history names the client"
        );
        // Who changed it is the agent's name, never the stored tag with its id.
        let who = app
            .js("return [...document.querySelectorAll('#history tbody tr')].map(r => r.lastElementChild.textContent)")
            .await?;
        let who = who.as_array().cloned().unwrap_or_default();
        assert!(
            !who.is_empty() && who.iter().all(|w| w == "Test Agent"),
            "every change is the logged-in agent's, by name: {who:?}"
        );
        app.screenshot("record-zh").await;

        // The follow-up due today is listed, one tap from the record.
        // Less frequent screens sit in the app bar's "More" menu.
        app.click("#nav-more > summary").await?;
        app.click("a[href='#/followups']").await?;
        app.wait_for_css("a.followup[data-record]").await?;
        app.wait_for_text("张伟").await?;
        app.screenshot("followups-zh").await;
        app.click("a.followup[data-record]").await?;
        app.wait_for_css("article.record").await?;

        // The printout: the statement's title, the agent's name and licence, no app chrome.
        app.click("#print-record").await?;
        app.wait_for_css("#print-doc").await?;
        let doc = app.wait_for_css("#print-doc").await?.text().await?;
        for needed in ["需求分析与告知确认书", "Test Agent", "TEST-000001", "张伟", "先投保定期寿险", "个人信息处理授权", "保存本次咨询记录"] {
            assert!(doc.contains(needed), "the printout shows {needed}: {doc}");
        }
        let bar = app
            .js("return getComputedStyle(document.getElementById('app-bar')).display")
            .await?;
        assert_eq!(bar.as_str(), Some("none"), "no app chrome on the printout");
        app.screenshot("print-zh").await;
        app.click("#print-back").await?;
        app.wait_for_css("article.record").await?;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("Consultation record No.").await?;
        app.screenshot("record-en").await;
        app.click("#print-record").await?;
        app.wait_for_text("Demands-and-needs statement").await?;
        app.screenshot("print-en").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_damaged_database_is_reported_at_start_and_the_newest_backup_restored() -> Result {
    let data = tempfile::tempdir()?;
    let db_path = data.path().join(presale_core::db::FILE_NAME);
    {
        // A good database with an agent and a backup, then the live file damaged beyond use.
        let conn = presale_core::db::open(&db_path).expect("a new database opens");
        presale_core::access::agent::create_first(
            &conn,
            &presale_core::access::agent::NewAgent {
                name: "Test Agent".into(),
                licence_number: "TEST-000001".into(),
                pin: presale_tests::TEST_PIN.into(),
                supervisor: true,
            },
        )
        .expect("the agent is created");
        presale_core::records::backup::backup_now(
            &conn,
            data.path(),
            presale_core::records::backup::DEFAULT_KEEP,
        )
        .expect("a backup is made");
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(
            data.path()
                .join(format!("{}{suffix}", presale_core::db::FILE_NAME)),
        );
    }
    std::fs::write(
        &db_path,
        b"this is not a database, it was damaged".repeat(200),
    )?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        signed_out: true,
        ..Options::default()
    };
    with_app("records-startup", options, async |app| {
        let banner = app.wait_for_css("#startup-problem").await?.text().await?;
        assert!(
            banner.contains("已损坏"),
            "plain words say the database is damaged: {banner}"
        );
        assert!(
            banner.contains("不会保存"),
            "and that work is not kept meanwhile: {banner}"
        );
        // The temporary database says what it is: no PIN pad, no set-up form.
        app.wait_for_css("#temporary-database").await?;
        let door = app
            .js("return !!document.querySelector('.pin-pad, #name, form.access-form')")
            .await?;
        assert_eq!(
            door.as_bool(),
            Some(false),
            "nothing to log in or set up with"
        );
        app.screenshot("startup-problem-zh").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("The records database is damaged").await?;
        app.wait_for_text("temporary database that holds no agent")
            .await?;
        app.screenshot("startup-problem-en").await;
        app.click("#restore-backup").await?;
        // The window reloads on the restored database: no notice any more, and the PIN of the
        // restored database's agent is asked (never the set-up).
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        app.wait_for_css("main[aria-busy='false'] h1").await?;
        app.wait_for_css(".pin-pad").await?;
        app.screenshot("restored-login").await;
        let left = app
            .js("return !!document.getElementById('startup-problem')")
            .await?;
        assert_eq!(
            left.as_bool(),
            Some(false),
            "the notice is gone after the restore"
        );
        let problem = app
            .invoke("get_startup_problem", serde_json::json!({}))
            .await?;
        assert_eq!(
            problem,
            Ok(serde_json::Value::Null),
            "the backend reports no problem"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn damage_found_after_the_first_screen_replaces_the_pin_pad_with_the_temporary_notice(
) -> Result {
    let data = tempfile::tempdir()?;
    let db_path = data.path().join(presale_core::db::FILE_NAME);
    {
        // A sound header and schema (so the check is left for after the window opens), with
        // enough pages that damage in the middle hits the tables.
        let conn = presale_core::db::open(&db_path).expect("a new database opens");
        presale_core::access::agent::create_first(
            &conn,
            &presale_core::access::agent::NewAgent {
                name: "Test Agent".into(),
                licence_number: "TEST-000001".into(),
                pin: presale_tests::TEST_PIN.into(),
                supervisor: true,
            },
        )
        .expect("the agent is created");
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO clients (kind, name, created_at, updated_at)
             SELECT 'person', '客户' || i, 'now', 'now' FROM n;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .expect("rows are added");
    }
    let mut bytes = std::fs::read(&db_path)?;
    let len = bytes.len();
    for b in &mut bytes[len / 3..len - 100] {
        *b = 0x5a;
    }
    std::fs::write(&db_path, bytes)?;
    let options = Options {
        data_dir: Some(data.path().to_path_buf()),
        signed_out: true,
        ..Options::default()
    };
    with_app("records-late-damage", options, async |app| {
        app.wait_for_css("#temporary-database").await?;
        app.wait_for_css("#startup-problem").await?;
        let door = app
            .js("return !!document.querySelector('.pin-pad, form.access-form')")
            .await?;
        assert_eq!(
            door.as_bool(),
            Some(false),
            "no PIN pad once the damage is known"
        );
        let session = app.invoke("get_session", serde_json::json!({})).await?;
        assert_eq!(
            session.map(|s| s["temporary_database"].clone()),
            Ok(serde_json::Value::Bool(true))
        );
        app.screenshot("late-damage").await;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn every_step_of_the_consultation_opens_in_any_order_and_the_empty_list_says_what_to_do(
) -> Result {
    with_app("records-steps", Options::default(), async |app| {
        app.click("a[href='#/records']").await?;
        app.wait_for_css("#records-empty a[href='#/consult']")
            .await?;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("No consultation has been saved yet")
            .await?;
        // Less frequent screens sit in the app bar's "More" menu.
        app.click("#nav-more > summary").await?;
        app.click("a[href='#/followups']").await?;
        app.wait_for_css("#followups-empty").await?;
        app.click("a[href='#/consult']").await?;
        // Backwards, skipping steps: every step opens, says whether it is done, and nothing is
        // done in a new consultation.
        for step in [
            "finish",
            "products",
            "consents",
            "decision",
            "result",
            "questionnaire",
            "client",
        ] {
            app.click(&format!("button[data-step='{step}']")).await?;
            app.wait_for_css(&format!("#step-{step} [data-step-state='open']"))
                .await?;
        }
        let done = app
            .js("return document.querySelectorAll('.consult-steps button.done').length")
            .await?;
        assert_eq!(
            done.as_u64(),
            Some(0),
            "a new consultation has no step done"
        );
        // Finishing a new consultation is refused, pointing at its first step: the consents.
        app.click("button[data-step='finish']").await?;
        app.click("#finish-consultation").await?;
        app.wait_for_css("#fix-step[href='#/consult/consents']")
            .await?;
        // An enterprise client: the unit's fields replace the person's.
        app.click("button[data-step='client']").await?;
        app.click("input[data-kind='enterprise']").await?;
        app.wait_for_css("#client-contact_person").await?;
        let person_fields = app
            .js("return !!document.querySelector('#client-birth_date')")
            .await?;
        assert_eq!(
            person_fields.as_bool(),
            Some(false),
            "no date of birth for an enterprise"
        );
        Ok(())
    })
    .await
}

/// On the consultation's privacy screen, ticks `purposes` and confirms; back on the flow.
async fn consent_to(app: &App, purposes: &[&str]) -> Result {
    app.click("button[data-step='consents']").await?;
    app.click("#open-consents").await?;
    for p in purposes {
        app.click(&format!("#consent-{p}")).await?;
    }
    app.click("#consent-form button[type='submit']").await?;
    app.wait_for_css("button[data-step='consents'].done")
        .await?;
    Ok(())
}

/// Enters a new person on the client step (`fields`: input id suffix and text) and saves.
async fn enter_client(app: &App, fields: &[(&str, &str)]) -> Result {
    app.click("button[data-step='client']").await?;
    app.wait_for_css("#client-form").await?;
    for (name, value) in fields {
        type_into(app, &format!("#client-{name}"), value).await?;
    }
    app.click("#save-client").await?;
    Ok(())
}

/// One consultation through the UI: consent to saving, a new client, finished.
async fn first_consultation(app: &App, name: &str) -> Result {
    app.click("a[href='#/consult']").await?;
    app.wait_for_css("#step-consents").await?;
    consent_to(app, &["save_consultation"]).await?;
    enter_client(app, &[("name", name), ("phone", "139 0000 1111")]).await?;
    app.wait_for_css("#chosen-client").await?;
    app.click("button[data-step='finish']").await?;
    app.click("#outcome_status-declined").await?;
    app.click("#finish-consultation").await?;
    app.wait_for_css("article.record").await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_returning_client_is_not_asked_again_for_the_consents_they_gave() -> Result {
    with_app("records-returning", Options::default(), async |app| {
        first_consultation(app, "李雷").await?;
        let db = |sql: &str| crate::access::db_count(&app.data_dir, sql);
        assert_eq!(
            db("SELECT count(*) FROM consents WHERE client_id IS NOT NULL AND carried_from IS NULL"),
            1,
            "the consent given before the client was chosen is the client's"
        );

        // The next consultation: nothing consented yet, and the step says a returning client's
        // file brings their consents.
        app.click("a[href='#/consult']").await?;
        app.wait_for_css("#step-consents").await?;
        app.wait_for_css("#returning-hint").await?;
        app.click("#choose-returning").await?;
        app.wait_for_css("input[name='client_search']").await?;
        type_into(app, "input[name='client_search']", "李雷").await?;
        app.wait_for_css("button[data-choose-client]").await?;
        // Centred first: scrolled only to the top edge, the sticky app bar would take the click.
        app.js("document.querySelector('button[data-choose-client]').scrollIntoView({block: 'center'}); return null").await?;
        app.click("button[data-choose-client]").await?;
        app.wait_for_css("#chosen-client").await?;
        app.wait_for_css("button[data-step='consents'].done").await?;
        assert_eq!(
            db("SELECT count(*) FROM consents WHERE carried_from IS NOT NULL AND withdrawn_at IS NULL"),
            1,
            "carried into the new consultation"
        );
        app.click("button[data-step='consents']").await?;
        app.wait_for_css("#consents-given li[data-purpose='save_consultation'] .carried").await?;
        let step = app.wait_for_css("#step-consents").await?.text().await?;
        assert!(!step.contains("null"), "no stray text in the step: {step}");
        app.screenshot("consult-consents-carried").await;
        app.click("button[data-lang='en']").await?;
        app.wait_for_text("given in consultation no. 1").await?;
        app.screenshot("consult-consents-carried-en").await;
        app.click("button[data-lang='zh-CN']").await?;
        app.wait_for_text("于第 1 号咨询中给予").await?;

        // Withdrawn on the privacy screen: withdrawn everywhere it applied, and what it covered
        // goes (the new draft deleted, the first record erased).
        app.click("#open-consents").await?;
        app.wait_for_css(".carried").await?;
        app.screenshot("privacy-carried").await;
        app.click("button[data-withdraw]").await?;
        app.wait_for_text("已撤回").await?;
        assert_eq!(db("SELECT count(*) FROM consents WHERE withdrawn_at IS NULL"), 0);
        assert_eq!(
            db("SELECT count(*) FROM consultations WHERE erased_at IS NOT NULL"),
            1,
            "the first record is erased"
        );
        assert_eq!(
            db("SELECT count(*) FROM consultations WHERE status = 'draft'"),
            0,
            "the new draft is deleted"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_child_client_is_kept_only_with_a_guardians_consent() -> Result {
    with_app("records-child", Options::default(), async |app| {
        app.click("a[href='#/consult']").await?;
        app.wait_for_css("#step-consents").await?;
        consent_to(app, &["save_consultation"]).await?;
        let child = [("name", "小明"), ("birth_date", "2018-06-01")];
        enter_client(app, &child).await?;
        app.wait_for_text("客户未满 14 周岁").await?;
        let db = |sql: &str| crate::access::db_count(&app.data_dir, sql);
        assert_eq!(
            db("SELECT count(*) FROM clients"),
            0,
            "nothing kept without the guardian"
        );
        app.screenshot("child-refused").await;

        consent_to(app, &["guardian"]).await?;
        enter_client(app, &child).await?;
        app.wait_for_css("#chosen-client").await?;
        assert_eq!(
            db("SELECT count(*) FROM clients"),
            1,
            "kept with the guardian's consent"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_who_calls_to_withdraw_is_served_from_their_record() -> Result {
    with_app("records-withdraw", Options::default(), async |app| {
        first_consultation(app, "韩梅梅").await?;
        let db = |sql: &str| crate::access::db_count(&app.data_dir, sql);
        app.click("#consents button[data-withdraw]").await?;
        app.wait_for_css("#withdraw-dialog[open]").await?;
        app.wait_for_text("已完成的记录删除其中的个人信息").await?;
        app.screenshot("withdraw-dialog").await;
        app.click("#withdraw-cancel").await?;
        assert_eq!(
            db("SELECT count(*) FROM consents WHERE withdrawn_at IS NULL"),
            1,
            "cancel keeps it"
        );
        app.click("#consents button[data-withdraw]").await?;
        app.click("#withdraw-confirm").await?;
        app.wait_for_text("已撤回“保存本次咨询记录”的同意").await?;
        assert_eq!(
            db("SELECT count(*) FROM consents WHERE withdrawn_at IS NULL"),
            0
        );
        assert_eq!(
            db("SELECT count(*) FROM consultations WHERE erased_at IS NOT NULL"),
            1,
            "the record is emptied of personal data"
        );
        assert_eq!(
            db("SELECT count(*) FROM audit_log WHERE action = 'consent.withdraw'"),
            1
        );
        let buttons = app
            .js("return document.querySelectorAll('#consents button[data-withdraw]').length")
            .await?;
        assert_eq!(buttons.as_i64(), Some(0), "nothing left to withdraw");
        Ok(())
    })
    .await
}
