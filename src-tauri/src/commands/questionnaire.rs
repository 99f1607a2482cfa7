//! Commands of the risk questionnaire and the needs analysis: one-line calls into
//! `presale_core::service::answering`, which holds the rules (who may edit assumptions); those
//! returning answers or an analysis go through `service::reading`, which audits an agent's call.
//!
//! Arguments come from JavaScript in camelCase (`questionnaireId`, `questionId`). Every command
//! works on the current draft consultation of this window's mode (started if needed). Health
//! questions (`sensitive: true`) are shown and accepted only when the consultation holds the
//! `health_data` consent (`record_consents`); withdrawing it deletes their answers. A locked agent
//! window gets `{code: "locked"}`.
//!
//! Shapes:
//! - `FormState` = `{questionnaire_id, version, visible: [question id], answers: {id: value},
//!   computed: {id: value}, rows: {group: [{id, label: {zh, en}, visible: [id], computed,
//!   missing_required: [id]}]}, sections: [{id, visible, answered, missing_required: [id],
//!   complete, unmet_rules?: [{id, field, message: {zh, en}}]}], answered, total, percent,
//!   current_section, health_consent}` (`unmet_rules`: a group's `at_least` rules not met, each
//!   also in `missing_required` as `<group>.rules.<id>`). A repeating
//!   group's answer is `answers[group]`, an array of row objects `{id: "r1", <question>: value}`
//!   (content/README.md, "Repeating groups"). Values: choice and text and
//!   dates as strings, multiple choice as lists, yes/no as booleans, integers and ages as numbers,
//!   money/number/percent as exact strings with two decimals (`"1234.50"`).
//! - Definitions are the TOML file as JSON (content/README.md, "Questionnaires"): `{id, kind,
//!   title: {zh, en}, intro, sections: [{id, title, help, questions: [{id, type, label, help,
//!   required, show_if, min, max, unit, max_length, options: [{value, label, exclusive}],
//!   sensitive, profile, invalid}]}], computed: [{id, label, compute, of, profile}]}`.
//! - An invalid answer is `{code: "invalid_input", field: <question id>, message}` in the
//!   interface language.

use super::guard;
use crate::state::AppState;
use presale_core::questionnaire::answers::AdviceOutcome;
use presale_core::questionnaire::rows::RowOutcome;
use presale_core::questionnaire::FormState;
use presale_core::service::answering::{self, QuestionnaireView};
use presale_core::service::reading;
use presale_core::service::reviewing::ReviewOutcome;
use presale_core::PublicError;
use serde::Serialize;
use serde_json::Value;

/// `get_questionnaire_definition({id})` -> `{definition, version}`: the questions alone, for
/// labelling a record's answers; it opens no draft and reads no one's data.
#[tauri::command]
pub fn get_questionnaire_definition(
    state: tauri::State<'_, AppState>,
    id: String,
) -> Result<answering::DefinitionView, PublicError> {
    Ok(answering::definition(&state.library(), &id)?)
}

/// `get_questionnaire({id, prefill?})` -> `{definition, version, state: FormState}`: the
/// questions and the saved answers, so the screen resumes at `state.current_section`; with
/// `prefill: true` (the form opening) what the client file holds is answered from it first.
#[tauri::command]
pub fn get_questionnaire(
    state: tauri::State<'_, AppState>,
    id: String,
    prefill: Option<bool>,
) -> Result<QuestionnaireView, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::questionnaire(
        &state.db(),
        actor,
        &state.library(),
        &id,
        prefill.unwrap_or(false),
    )?)
}

/// `answer_question({questionnaireId, questionId, value})` -> `FormState`: validates and saves
/// one answer at once (`value: null` removes it) and returns what to show now.
#[tauri::command]
pub fn answer_question(
    state: tauri::State<'_, AppState>,
    questionnaire_id: String,
    question_id: String,
    value: Value,
) -> Result<FormState, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::answer(
        &state.db(),
        actor,
        &state.library(),
        &questionnaire_id,
        &question_id,
        &value,
    )?)
}

/// `edit_rows({questionnaireId, group, edit})` -> `{state: FormState, row?, removed?: {row,
/// index}, imported?, left_out?: [{question, message}]}` (`left_out`: the answers a duplicate
/// was made without because the copy would break a rule across rows): edits the rows of repeating group `group`; `edit` is `{op: "add"}`,
/// `{op: "duplicate", row}`, `{op: "remove", row}`, `{op: "restore", row: {...}, index}` (the
/// undo of a remove), `{op: "answer", row, question, value}` or `{op: "import", csv, replace?}`
/// (the text of a CSV file, checked whole before anything is saved). A bad answer is
/// `{code: "invalid_input", field: "policies[3].sum_insured", message}`, and so is an edit
/// breaking a rule across rows (`members[1].relation`: "Only one member can be “Self”…").
#[tauri::command]
pub fn edit_rows(
    state: tauri::State<'_, AppState>,
    questionnaire_id: String,
    group: String,
    edit: Value,
) -> Result<RowOutcome, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::edit_rows(
        &state.db(),
        actor,
        &state.library(),
        &questionnaire_id,
        &group,
        &edit,
    )?)
}

/// `get_answers({questionnaireId})` -> `FormState`.
#[tauri::command]
pub fn get_answers(
    state: tauri::State<'_, AppState>,
    questionnaire_id: String,
) -> Result<FormState, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::answers(
        &state.db(),
        actor,
        &state.library(),
        &questionnaire_id,
    )?)
}

/// `compute_advice({questionnaireId, overrides})` -> `{id, questionnaire_id,
/// questionnaire_version, engine_version, profile, advice, editable: [{field, method, default,
/// min, max, usual: [lo, hi] | null, whole, label_zh, label_en}]}`: runs the needs analysis on the
/// answers, with `overrides` (`{profile field: value}`, or null) being the agent's edited
/// assumptions, and stores the result. `advice` is exactly what `presale advise` prints for
/// `profile` (README.md, "Advice profile"). An error names the question to revisit (`field`) or
/// the edited profile field. Only an agent may edit assumptions. Family recommendations carry
/// indicative premiums from the library's rate tables (`products/<id>/rates.toml`).
#[tauri::command]
pub fn compute_advice(
    state: tauri::State<'_, AppState>,
    questionnaire_id: String,
    overrides: Option<Value>,
) -> Result<AdviceOutcome, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::compute_advice(
        &state.db(),
        actor,
        &state.library(),
        &questionnaire_id,
        overrides.as_ref(),
    )?)
}

/// `get_advice({questionnaireId})` -> the latest stored result (as `compute_advice`) or null.
#[tauri::command]
pub fn get_advice(
    state: tauri::State<'_, AppState>,
    questionnaire_id: String,
) -> Result<Option<AdviceOutcome>, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::latest_advice(
        &state.db(),
        actor,
        &state.library(),
        &questionnaire_id,
    )?)
}

/// `compute_review({questionnaireId, assumptions})` -> `{id, saved, questionnaire_id,
/// engine_version, review, editable: [{field, method, default, min, max, usual: [lo, hi] | null,
/// whole, scale: whole|decimal|share|money, label_zh, label_en}]}`: the household policy review
/// (保单检视) of the draft's answers - the `members` and `policies` groups and the household-wide
/// questions - kept with the consultation for an agent (`saved: false`, `id: null` at a kiosk).
/// `assumptions` (the input's `assumptions`, `{field: value}`, `income_shares` as `{member id:
/// share}`; null or `{}` for none) are the agent's edits, refused at a kiosk (`forbidden`).
/// `review` is what `presale advise` prints for a household (README.md, "Household"), its
/// `edited` the assumptions changed (`[{field, value, text: {zh, en}}]`). Bad rows or edits:
/// `{code: "invalid_input", field: "policies[3].sum_insured" | "assumptions.discount_rate",
/// message}`.
#[tauri::command]
pub fn compute_review(
    state: tauri::State<'_, AppState>,
    questionnaire_id: String,
    assumptions: Option<Value>,
) -> Result<ReviewOutcome, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::compute_review(
        &state.db(),
        actor,
        &state.library(),
        &questionnaire_id,
        assumptions.as_ref(),
    )?)
}

/// `get_review({questionnaireId})` -> the latest stored review (as `compute_review`) or null.
#[tauri::command]
pub fn get_review(
    state: tauri::State<'_, AppState>,
    questionnaire_id: String,
) -> Result<Option<ReviewOutcome>, PublicError> {
    let actor = guard::acting(&state);
    Ok(reading::latest_review(
        &state.db(),
        actor,
        &state.library(),
        &questionnaire_id,
    )?)
}

/// `clear_answers()` -> `{cleared}`: removes every answer and advice result of the current
/// consultation (the visitor's "end and clear my data").
#[tauri::command]
pub fn clear_answers(state: tauri::State<'_, AppState>) -> Result<Cleared, PublicError> {
    Ok(Cleared {
        cleared: answering::clear(&state.db(), guard::acting(&state))?,
    })
}

/// How many rows `clear_answers` removed.
#[derive(Debug, Serialize)]
pub struct Cleared {
    pub cleared: usize,
}

#[cfg(test)]
mod tests {
    //! The commands through Tauri's mock IPC, with the shipped questionnaires.

    use crate::commands::mock::{self, call, Window};
    use presale_core::consultation::Mode;
    use serde_json::{json, Value};

    fn app(mode: Mode, agent: Option<i64>) -> Window {
        let state = mock::state(mode, mock::repository_content());
        if let Some(id) = agent {
            state.session.log_in(id, presale_core::access::now_ms());
        }
        mock::window(state, crate::window::label(mode))
    }

    fn answer(
        w: &tauri::WebviewWindow<tauri::test::MockRuntime>,
        id: &str,
        value: Value,
    ) -> Result<Value, Value> {
        call(
            w,
            "answer_question",
            json!({"questionnaireId": "family", "questionId": id, "value": value}),
        )
    }

    #[test]
    fn a_groups_rows_are_edited_and_a_bad_cell_is_named_by_row_and_question() {
        let w = app(Mode::Kiosk, None);
        let edit = |op: Value| {
            call(
                &w,
                "edit_rows",
                json!({"questionnaireId": "family", "group": "policies", "edit": op}),
            )
        };
        let first = edit(json!({"op": "add"})).unwrap();
        assert_eq!(first["row"], "r1");
        let row = first["row"].as_str().unwrap();
        edit(json!({"op": "answer", "row": row, "question": "kind", "value": "accident"})).unwrap();
        let bad =
            edit(json!({"op": "answer", "row": row, "question": "sum_insured", "value": "x"}))
                .unwrap_err();
        assert_eq!(bad["code"], "invalid_input");
        assert_eq!(bad["field"], "policies[0].sum_insured");
        let csv = edit(json!({"op": "import", "csv": "kind,status,start_date\naccident,in_force,2023-02-30\n"}))
            .unwrap_err();
        assert!(
            csv["message"]
                .as_str()
                .unwrap()
                .contains("第 1 条（文件第 2 行），「start_date」列"),
            "{csv}"
        );
        let unknown = edit(json!({"op": "shuffle"})).unwrap_err();
        assert_eq!(unknown["code"], "invalid_input", "{unknown}");
        let state = call(&w, "get_answers", json!({"questionnaireId": "family"})).unwrap();
        assert_eq!(
            state["answers"]["policies"],
            json!([{"id": "r1", "kind": "accident"}])
        );
    }

    #[test]
    fn a_visitor_answers_sees_progress_and_gets_advice() {
        let w = app(Mode::Kiosk, None);
        let view = call(&w, "get_questionnaire", json!({"id": "family"})).unwrap();
        assert_eq!(view["definition"]["sections"][0]["id"], "household");
        assert_eq!(view["state"]["answered"], 0, "nothing is pre-answered");
        assert_eq!(view["version"].as_str().unwrap().len(), 64);
        let state = answer(&w, "has_mortgage", json!(true)).unwrap();
        assert!(state["visible"]
            .as_array()
            .unwrap()
            .contains(&json!("mortgage")));
        let refused = answer(&w, "children", json!(-1)).unwrap_err();
        assert_eq!(refused["code"], "invalid_input");
        assert_eq!(refused["field"], "children");
        for (id, v) in [
            ("annual_income", json!(200000)),
            ("support_years", json!(10)),
            // 38 on the test's day or later: years to retirement derived from the default 60.
            ("birth_date", json!("1988-06-01")),
            ("monthly_expenses", json!(10000)),
            ("mortgage", json!(800000)),
        ] {
            answer(&w, id, v).unwrap();
        }
        let state = call(&w, "get_answers", json!({"questionnaireId": "family"})).unwrap();
        assert_eq!(state["answers"]["mortgage"], "800000.00");
        let out = call(
            &w,
            "compute_advice",
            json!({"questionnaireId": "family", "overrides": null}),
        )
        .unwrap();
        // 200 000 x 0.7 x 10 + 800 000 = 2 200 000, nothing held.
        assert_eq!(out["advice"]["dime"]["gap"], "2200000.00");
        let edit = call(
            &w,
            "compute_advice",
            json!({"questionnaireId": "family", "overrides": {"support_years": 1}}),
        )
        .unwrap_err();
        assert_eq!(edit["code"], "forbidden", "only an agent edits assumptions");
        let latest = call(&w, "get_advice", json!({"questionnaireId": "family"})).unwrap();
        assert_eq!(latest["id"], out["id"]);
        let cleared = call(&w, "clear_answers", json!({})).unwrap();
        assert!(cleared["cleared"].as_u64().unwrap() >= 7, "{cleared}");
        let state = call(&w, "get_answers", json!({"questionnaireId": "family"})).unwrap();
        assert_eq!(state["answered"], 0, "the visitor's data is gone");
    }

    #[test]
    fn health_questions_wait_for_the_consent() {
        let w = app(Mode::Kiosk, None);
        let refused = answer(&w, "hospitalised_2y", json!(true)).unwrap_err();
        assert_eq!(refused["field"], "hospitalised_2y");
    }

    #[test]
    fn a_records_labels_are_read_without_starting_a_draft() {
        let w = app(Mode::Agent, Some(1));
        let drafts = |w: &Window| -> i64 {
            let state = tauri::Manager::state::<crate::state::AppState>(w);
            let db = state.db();
            db.query_row(
                "SELECT count(*) FROM consultations WHERE status = 'draft'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        let view = call(&w, "get_questionnaire_definition", json!({"id": "family"})).unwrap();
        assert_eq!(view["definition"]["id"], "family");
        assert_eq!(view["version"].as_str().unwrap().len(), 64);
        assert!(view.get("state").is_none(), "no one's answers: {view}");
        assert_eq!(drafts(&w), 0, "reading labels starts no consultation");
        let bad = call(&w, "get_questionnaire_definition", json!({"id": "pets"})).unwrap_err();
        assert_eq!(bad["code"], "not_found", "{bad}");
        // The form itself works on the draft, started when there is none.
        call(&w, "get_questionnaire", json!({"id": "family"})).unwrap();
        assert_eq!(drafts(&w), 1);
    }

    #[test]
    fn an_agent_edits_assumptions_and_a_locked_window_gets_nothing() {
        let locked = app(Mode::Agent, None);
        let err = call(&locked, "get_answers", json!({"questionnaireId": "family"})).unwrap_err();
        assert_eq!(err["code"], "locked");
        let w = app(Mode::Agent, Some(1));
        for (id, v) in [
            ("annual_income", json!(100000)),
            ("support_years", json!(10)),
            ("birth_date", json!("1988-06-01")),
            ("retirement_age", json!(58)),
            ("monthly_expenses", json!(5000)),
        ] {
            answer(&w, id, v).unwrap();
        }
        let out = call(
            &w,
            "compute_advice",
            json!({"questionnaireId": "family", "overrides": {"support_years": 3}}),
        )
        .unwrap();
        assert_eq!(
            out["advice"]["dime"]["need"], "210000.00",
            "100 000 x 0.7 x 3 after the edit"
        );
        let editable = out["editable"].as_array().unwrap();
        assert!(
            editable
                .iter()
                .any(|a| a["field"] == "support_years" && a["method"] == "dime"),
            "the screen learns which assumptions it may offer: {editable:?}"
        );
        let missing = call(&w, "get_questionnaire", json!({"id": "pets"})).unwrap_err();
        assert_eq!(missing["code"], "not_found");
    }
}
