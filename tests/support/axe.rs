//! Accessibility checks: injects axe-core (installed from npm by `test.sh`, never committed) into
//! the real window and reports every WCAG 2.1 A/AA violation with what to fix and where.

use crate::{workspace_root, App, Result};
use std::sync::OnceLock;

/// The rule tags checked: WCAG 2.0 and 2.1, levels A and AA.
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// How many offending elements to name per violation: enough to find them, short enough to read.
const TARGETS_SHOWN: usize = 4;

fn axe_source() -> Result<&'static str> {
    static SOURCE: OnceLock<std::result::Result<String, String>> = OnceLock::new();
    let path = workspace_root().join("tests/e2e/node_modules/axe-core/axe.min.js");
    SOURCE
        .get_or_init(|| {
            std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "{}: {e}; run `npm ci` in tests/e2e (test.sh does)",
                    path.display()
                )
            })
        })
        .as_ref()
        .map(String::as_str)
        .map_err(|e| e.clone().into())
}

impl App {
    /// Runs axe-core's WCAG 2.1 A and AA rules on the current document. `Err` lists each
    /// violation (rule id, impact, what to do, the first few elements) under `label`.
    pub async fn axe(&self, label: &str) -> Result {
        let loaded = self
            .js("return typeof window.axe === 'object' && typeof window.axe.run === 'function'")
            .await?;
        if loaded.as_bool() != Some(true) {
            // Injected as a script body: the window's CSP forbids loading it from a file URL.
            self.client
                .execute(&format!("{}\n;return null;", axe_source()?), vec![])
                .await?;
        }
        let out = self
            .client
            .execute_async(
                r#"const [tags, done] = arguments;
                axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
                  .then(r => done({ ok: r.violations.map(v => ({
                      id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
                  })) }), e => done({ err: String(e && e.message || e) }));"#,
                vec![serde_json::json!(TAGS)],
            )
            .await?;
        if let Some(e) = out.get("err") {
            return Err(format!("{label}: axe-core did not run: {e}").into());
        }
        let violations = out["ok"].as_array().cloned().unwrap_or_default();
        if violations.is_empty() {
            return Ok(());
        }
        Err(report(label, &violations).into())
    }
}

fn report(label: &str, violations: &[serde_json::Value]) -> String {
    let mut text = format!("{label}: {} accessibility violation(s)", violations.len());
    for v in violations {
        let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
        text.push_str(&format!(
            "\n  - {} ({}): {} [{} element(s)]",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or(""),
            nodes.len()
        ));
        for n in nodes.iter().take(TARGETS_SHOWN) {
            let summary = n["summary"].as_str().unwrap_or("").replace('\n', " ");
            text.push_str(&format!(
                "\n      {}  {}",
                n["target"].as_str().unwrap_or("?"),
                summary.chars().take(240).collect::<String>()
            ));
        }
    }
    text
}
