//! Commands of the content screens: catalogue, product page, clause view, glossary pop-up,
//! company page, search, the admin's problem list, and the clause presenter's record (a preview
//! outside a consultation: `presale_core::service::presenting`).
//!
//! Arguments are passed from JavaScript in camelCase (`clauseId`, `contentHash`). Localised values
//! come as `{"zh-CN": ..., "en": ...}`; `*_html` fields are sanitised HTML that may be set as
//! HTML; everything else is text. A missing id is `{code: "not_found"}`.

use super::guard;
use crate::state::AppState;
use presale_core::content::presenter::ClauseState;
use presale_core::content::search::{self, Hit};
use presale_core::content::views::{self, ClauseView, ProductCard, ProductPage};
use presale_core::content::{Company, Notice, Term};
use presale_core::problem::Problem;
use presale_core::service::library;
use presale_core::service::presenting::{self, ClauseEvent, Presentation};
use presale_core::settings::Language;
use presale_core::{Error, PublicError, Result};
use tauri::State;

/// `list_products()` -> `[{id, kind, name, audience, summary_html, clause_count,
/// must_explain_count}]`: the catalogue, by kind then id.
#[tauri::command]
pub fn list_products(state: State<'_, AppState>) -> Result<Vec<ProductCard>, PublicError> {
    Ok(views::catalogue(&state.library()))
}

/// `get_product({id})` -> `{product: {id, kind, name, audience, summary_html, clause_ids},
/// clauses: [{id, title, category, must_explain, hash}], groups: [{category, clauses: [...]}]}`.
#[tauri::command]
pub fn get_product(state: State<'_, AppState>, id: String) -> Result<ProductPage, PublicError> {
    Ok(views::product_page(&state.library(), &id)?)
}

/// `get_clause({id})` -> `{clause: {id, product_id, title, category, must_explain, terms, related,
/// sections: {"zh-CN"|"en": {legal: {html}, plain: {html}, example: {html}|null,
/// consequence: {html}|null}}, hash}, product_name, terms: [Term], related: [{id, title,
/// category, must_explain, hash}], previous: id|null, next: id|null}`.
#[tauri::command]
pub fn get_clause(state: State<'_, AppState>, id: String) -> Result<ClauseView, PublicError> {
    Ok(views::clause_view(&state.library(), &id)?)
}

/// `get_term({id})` -> `{id, term, definition_html}`: the glossary pop-up.
#[tauri::command]
pub fn get_term(state: State<'_, AppState>, id: String) -> Result<Term, PublicError> {
    Ok(views::term(&state.library(), &id)?)
}

/// `get_glossary()` -> `[{id, term, definition_html}]`, by id.
#[tauri::command]
pub fn get_glossary(state: State<'_, AppState>) -> Result<Vec<Term>, PublicError> {
    Ok(state.library().glossary().cloned().collect())
}

/// `get_company()` -> `{name, tagline, body_html}`.
#[tauri::command]
pub fn get_company(state: State<'_, AppState>) -> Result<Company, PublicError> {
    Ok(state
        .library()
        .company()
        .cloned()
        .ok_or_else(|| Error::NotFound("company page".into()))?)
}

/// `get_notice({id})` -> `{id, title, version, body_html}`: a notice such as `"privacy"`;
/// `version` (the same in both languages) is what a consent records.
#[tauri::command]
pub fn get_notice(state: State<'_, AppState>, id: String) -> Result<Notice, PublicError> {
    Ok(state
        .library()
        .notice(&id)
        .cloned()
        .ok_or_else(|| Error::NotFound(format!("notice `{id}`")))?)
}

/// `search_content({query, language?: "zh-CN"|"en", limit?})` -> `[{kind: "product"|"clause"|
/// "term", id, product_id|null, title, title_parts: [{text, hit}], language, snippet: [{text,
/// hit}]}]`, best first (default limit 30). Never an error for odd input: no results instead.
#[tauri::command]
pub fn search_content(
    state: State<'_, AppState>,
    query: String,
    language: Option<Language>,
    limit: Option<usize>,
) -> Result<Vec<Hit>, PublicError> {
    // On the first search after start-up the index may still be catching up with the content.
    state.sync_index();
    Ok(search::search(
        &state.db(),
        &query,
        language,
        limit.unwrap_or(30),
    )?)
}

/// `content_problems()` -> `[{severity: "error"|"warning", path, line|null, message}]`: what
/// was wrong with the content when the app started (agent's admin screen only).
#[tauri::command]
pub fn content_problems(state: State<'_, AppState>) -> Result<Vec<Problem>, PublicError> {
    Ok(state.content_problems())
}

/// `reload_content()` (agent) -> the problems of the content as read again: an insurer's updated
/// content tree takes effect without a restart (clause versions already recorded keep their
/// hashes). Audited.
#[tauri::command]
pub fn reload_content(state: State<'_, AppState>) -> Result<Vec<Problem>, PublicError> {
    let reload = || {
        let problems = state.reload_content();
        (state.library().products().len(), problems)
    };
    Ok(library::reload(guard::acting(&state), reload, || {
        state.db()
    })?)
}

/// `clause_shown({clauseId, language?, consultationId?})` -> `{clause_id, content_hash,
/// language, must_explain, shown_at, explained_at|null, acknowledged_at|null}`: records that the
/// current wording was shown in the consultation (language defaults to the interface language).
/// An agent names the consultation (`consultationId`: the presenter opened from its products
/// step); without one the presenter is a preview and the event is refused (`invalid_input`,
/// field `consultation_id`): nothing is recorded. At a kiosk the consultation is the visitor's
/// own draft. Before the consent to saving: `invalid_input`, field `consent`. See
/// `presale_core::service::presenting`.
#[tauri::command]
pub fn clause_shown(
    state: State<'_, AppState>,
    clause_id: String,
    language: Option<Language>,
    consultation_id: Option<i64>,
) -> Result<ClauseState, PublicError> {
    event(
        &state,
        consultation_id,
        &clause_id,
        language,
        ClauseEvent::Shown,
    )
}

/// `clause_explained({clauseId, language?, consultationId?})` -> clause state: the agent
/// explained the current wording. Refused (`forbidden`) at a kiosk, where no agent is present.
#[tauri::command]
pub fn clause_explained(
    state: State<'_, AppState>,
    clause_id: String,
    language: Option<Language>,
    consultation_id: Option<i64>,
) -> Result<ClauseState, PublicError> {
    event(
        &state,
        consultation_id,
        &clause_id,
        language,
        ClauseEvent::Explained,
    )
}

/// `clause_acknowledged({clauseId, contentHash, language?, consultationId?})` -> clause state:
/// the client's own confirmation of the wording they saw (`contentHash` =
/// `clause.hash[language]` as shown). Refused (`invalid_input`, field `content_hash` |
/// `clause_id` | `explained_at` | `client_id`) when the wording changed, was not shown, must be
/// explained first, or no client is chosen in the consultation yet.
#[tauri::command]
pub fn clause_acknowledged(
    state: State<'_, AppState>,
    clause_id: String,
    content_hash: String,
    language: Option<Language>,
    consultation_id: Option<i64>,
) -> Result<ClauseState, PublicError> {
    let seen_hash = content_hash.as_str();
    event(
        &state,
        consultation_id,
        &clause_id,
        language,
        ClauseEvent::Acknowledged { seen_hash },
    )
}

/// `clause_states({consultationId?})` -> `{consultation_id|null, recording, not_recorded:
/// "preview"|"consent"|null, client_present, states: [clause state], products: [product id],
/// discussed: [product id] (what finishing records: ticked, then shown), counts: {shown, must,
/// explained, acknowledged} (per clause; the last two among must-explain clauses), titles:
/// {clause id: {"zh-CN", en}}}`:
/// where the presenter stands. Without a consultation (an agent's preview, a kiosk before its
/// visitor's draft) `recording` is false and `states` empty. `states` are in the order shown,
/// older wordings included (compare `content_hash` with the clause's current hash).
#[tauri::command]
pub fn clause_states(
    state: State<'_, AppState>,
    consultation_id: Option<i64>,
) -> Result<Presentation, PublicError> {
    let library = state.library();
    Ok(presenting::presentation(
        &state.db(),
        guard::acting(&state),
        &library,
        consultation_id,
    )?)
}

/// One clause event through the presenter's use case.
fn event(
    state: &AppState,
    consultation: Option<i64>,
    clause_id: &str,
    language: Option<Language>,
    event: ClauseEvent<'_>,
) -> Result<ClauseState, PublicError> {
    let library = state.library();
    let actor = guard::acting(state);
    Ok(presenting::clause_event(
        &state.db(),
        actor,
        &library,
        consultation,
        clause_id,
        language,
        event,
    )?)
}

#[cfg(test)]
mod tests {
    //! The commands through Tauri's mock IPC: argument names, JSON shapes and error codes as the
    //! window sees them.

    use crate::commands::mock::{self, call, Window};
    use presale_core::consultation::Mode;
    use serde_json::{json, Value};

    fn app(mode: Mode) -> Window {
        mock::window(
            mock::state(mode, mock::fixture_content()),
            crate::window::label(mode),
        )
    }

    #[test]
    fn browsing_commands_return_localised_shapes() {
        let w = app(Mode::Agent);
        let products = call(&w, "list_products", json!({})).unwrap();
        assert_eq!(products[0]["id"], "demo");
        assert_eq!(products[0]["must_explain_count"], 1);
        let page = call(&w, "get_product", json!({"id": "demo"})).unwrap();
        assert_eq!(page["groups"][1]["category"], "exclusion");
        let clause = call(&w, "get_clause", json!({"id": "demo-coverage"})).unwrap();
        assert_eq!(clause["clause"]["title"]["zh-CN"], "保险责任");
        assert!(clause["clause"]["sections"]["en"]["legal"]["html"]
            .as_str()
            .unwrap()
            .contains("class=\"term\""));
        assert_eq!(clause["next"], "demo-exclusions");
        let notice = call(&w, "get_notice", json!({"id": "privacy"})).unwrap();
        assert_eq!(notice["version"], "2026-11");
        let missing = call(&w, "get_term", json!({"id": "nope"})).unwrap_err();
        assert_eq!(missing["code"], "not_found");
        let hits = call(
            &w,
            "search_content",
            json!({"query": "等待", "language": "zh-CN"}),
        )
        .unwrap();
        assert_eq!(hits[0]["kind"], "term");
        assert!(
            hits[0]["snippet"].is_array(),
            "snippets are parts, not HTML"
        );
        assert_eq!(call(&w, "content_problems", json!({})).unwrap(), json!([]));
    }

    /// An agent logged in, the consent to saving given: the draft's id.
    fn consented_draft(w: &Window) -> Value {
        mock::log_in_agent(w);
        call(
            w,
            "record_consents",
            json!({"noticeVersion": "2026-11", "purposes": ["save_consultation"]}),
        )
        .unwrap();
        call(w, "current_consultation", json!({})).unwrap()["consultation"]["id"].clone()
    }

    #[test]
    fn outside_a_consultation_the_presenter_is_a_preview_that_records_nothing() {
        let w = app(Mode::Agent);
        mock::log_in_agent(&w);
        let preview = call(&w, "clause_states", json!({})).unwrap();
        assert_eq!(preview["recording"], false);
        assert_eq!(preview["not_recorded"], "preview");
        let refused = call(&w, "clause_shown", json!({"clauseId": "demo-exclusions"})).unwrap_err();
        assert_eq!(refused["field"], "consultation_id", "{refused}");
        let id = call(&w, "current_consultation", json!({})).unwrap()["consultation"]["id"].clone();
        let early = call(
            &w,
            "clause_shown",
            json!({"clauseId": "demo-exclusions", "consultationId": id}),
        )
        .unwrap_err();
        assert_eq!(early["field"], "consent", "before the consent: {early}");
        let draft = call(&w, "current_consultation", json!({})).unwrap();
        assert_eq!(draft["attached"]["clause_states"], json!([]));
    }

    #[test]
    fn the_presenter_enforces_explain_before_acknowledge() {
        let w = app(Mode::Agent);
        let id = consented_draft(&w);
        let view = call(&w, "get_clause", json!({"id": "demo-exclusions"})).unwrap();
        let hash = view["clause"]["hash"]["zh-CN"].clone();
        let at = |extra: Value| {
            let mut args =
                json!({"clauseId": "demo-exclusions", "language": "zh-CN", "consultationId": id});
            args.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            args
        };
        let shown = call(&w, "clause_shown", at(json!({}))).unwrap();
        assert_eq!(shown["content_hash"], hash);
        let no_client =
            call(&w, "clause_acknowledged", at(json!({"contentHash": hash}))).unwrap_err();
        assert_eq!(no_client["field"], "client_id", "{no_client}");
        call(
            &w,
            "save_client",
            json!({"client": {"kind": "person", "name": "张伟"}, "consultationId": id}),
        )
        .unwrap();
        let refused =
            call(&w, "clause_acknowledged", at(json!({"contentHash": hash}))).unwrap_err();
        assert_eq!(refused["field"], "explained_at", "{refused}");
        call(&w, "clause_explained", at(json!({}))).unwrap();
        let done = call(&w, "clause_acknowledged", at(json!({"contentHash": hash}))).unwrap();
        assert!(done["acknowledged_at"].is_string());
        let states = call(&w, "clause_states", json!({"consultationId": id})).unwrap();
        assert_eq!(states["states"].as_array().unwrap().len(), 1);
        assert_eq!(states["products"], json!(["demo"]));
        assert_eq!(states["client_present"], true);
    }

    #[test]
    fn a_kiosk_cannot_mark_a_clause_explained_nor_read_problems() {
        let w = app(Mode::Kiosk);
        assert!(
            call(&w, "list_products", json!({})).is_ok(),
            "a kiosk may browse"
        );
        let err = call(
            &w,
            "clause_explained",
            json!({"clauseId": "demo-exclusions"}),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("not allowed"),
            "the kiosk capability lacks it: {err}"
        );
        assert!(
            call(&w, "content_problems", json!({})).is_err(),
            "problems are for the agent"
        );
        let nothing = call(&w, "clause_states", json!({})).unwrap();
        assert_eq!(nothing["states"], json!([]), "nothing was recorded");
        assert_eq!(nothing["not_recorded"], "preview", "no visitor draft yet");
    }
}
