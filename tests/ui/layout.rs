//! The UI's folders (`ui/js/`): every relative import names a file that exists, no screen
//! (`ui/js/screens/**`) imports another screen, and only the router (`ui/js/shell/router.js`)
//! imports a routed module; shared code lives in `shell/`, `widgets/`, `record/`, `assess/` and
//! the consultation's `consult/` modules. Needs no display.

use presale_tests::workspace_root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// The router: the one module that may import a screen.
const ROUTER: &str = "shell/router.js";

/// The relative import specifiers of a module's source: `from "./x.js"`, `import "./x.js"` and
/// `import("./x.js")`, in the order they appear (multi-line import lists included).
fn imports(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for token in ["from", "import"] {
        let mut rest = source;
        while let Some(at) = rest.find(token) {
            let after = &rest[at + token.len()..];
            // A whole word: not "fromage" nor "reimport".
            let before_ok = rest[..at]
                .chars()
                .next_back()
                .map_or(true, |c| !c.is_alphanumeric() && c != '_' && c != '.');
            let spec = after
                .trim_start()
                .strip_prefix('(')
                .unwrap_or(after.trim_start())
                .trim_start();
            if before_ok {
                if let Some(quote) = spec.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    if let Some(end) = spec[1..].find(quote) {
                        let path = &spec[1..1 + end];
                        if path.starts_with("./") || path.starts_with("../") {
                            found.push(path.to_string());
                        }
                    }
                }
            }
            rest = after;
        }
    }
    found
}

/// `base`'s folder joined with a relative specifier, normalised ("screens/../shell/x.js" ->
/// "shell/x.js"), as a path relative to `ui/js`.
fn resolve(base: &str, spec: &str) -> String {
    let mut parts: Vec<String> = Path::new(base)
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    for c in Path::new(spec).components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// The rules' breaches for modules given as (path relative to `ui/js`, source).
fn breaches(modules: &BTreeMap<String, String>) -> Vec<String> {
    let routed: BTreeSet<String> = modules
        .get(ROUTER)
        .map(|src| {
            src.split("import(")
                .skip(1)
                .filter_map(|s| s.trim_start().strip_prefix('"'))
                .filter_map(|s| s.split('"').next())
                .map(|spec| resolve(ROUTER, spec))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    if routed.is_empty() {
        out.push(format!(
            "{ROUTER}: no routed screen found (ROUTES' import(...) calls)"
        ));
    }
    for (path, source) in modules {
        for spec in imports(source) {
            let target = resolve(path, &spec);
            if !modules.contains_key(&target) {
                out.push(format!("{path}: imports {spec}, which does not exist"));
            }
            if path.starts_with("screens/") && target.starts_with("screens/") {
                out.push(format!(
                    "{path}: a screen imports another screen ({spec}); move what they share to shell/, widgets/, record/, assess/ or consult/"
                ));
            } else if routed.contains(&target) && path != ROUTER {
                out.push(format!(
                    "{path}: imports the routed module {spec}; only {ROUTER} imports a screen"
                ));
            }
        }
    }
    out
}

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().and_then(|e| e.to_str()) == Some("js") {
            out.push(path);
        }
    }
}

fn ui_modules() -> BTreeMap<String, String> {
    let root = workspace_root().join("ui/js");
    let mut files = Vec::new();
    js_files(&root, &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .expect("under ui/js")
                .to_string_lossy()
                .replace('\\', "/");
            let source = std::fs::read_to_string(&p).expect("a UI module readable");
            (rel, source)
        })
        .collect()
}

#[test]
fn no_screen_imports_another_screen_and_every_import_exists() {
    let modules = ui_modules();
    let screens = modules.keys().filter(|p| p.starts_with("screens/")).count();
    let edges: usize = modules.values().map(|s| imports(s).len()).sum();
    assert!(
        screens > 10 && edges > 100,
        "the scan found the UI's modules ({screens} screens, {edges} imports)"
    );
    let found = breaches(&modules);
    assert!(found.is_empty(), "the UI's folders:\n{}", found.join("\n"));
}

#[test]
fn the_rules_catch_a_screen_importing_a_screen() {
    let modules: BTreeMap<String, String> = [
        (
            ROUTER,
            r#"const ROUTES = [["/a", () => import("../screens/a.js")], ["/c", () => import( "../consult/flow.js")]];"#,
        ),
        (
            "screens/a.js",
            "import { x } from \"./b.js\";\nimport {\n  y,\n} from '../widgets/w.js';",
        ),
        ("screens/b.js", "export const x = 1;"),
        ("widgets/w.js", r#"import { render } from "../consult/flow.js"; export const y = 2;"#),
        ("consult/flow.js", r#"import { gone } from "./gone.js";"#),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(
        imports(&modules["screens/a.js"]),
        vec!["./b.js", "../widgets/w.js"]
    );
    let found = breaches(&modules);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("consult/flow.js: imports ./gone.js, which does not exist"));
    assert!(found[1].starts_with("screens/a.js: a screen imports another screen (./b.js)"));
    assert!(found[2].starts_with("widgets/w.js: imports the routed module ../consult/flow.js"));
}
