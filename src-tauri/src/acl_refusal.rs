//! Gives the ACL's refusals the same `{code: "forbidden", message}` shape as every other error.
//!
//! Tauri's ACL refuses a command that the window's capability does not grant before any of our
//! code runs, and answers with a plain string that names windows, URLs and capabilities. A kiosk
//! visitor who calls `invoke` directly must get `{code: "forbidden"}`, as from the commands' own
//! role guard, and no internals. Tauri has no Rust-side hook for that answer, so this script,
//! appended to Tauri's invoke system (its documented extension point), rewrites those refusals in
//! the IPC responses before any page script sees them. It changes only the error's shape: the
//! command is refused by the ACL either way.

use presale_core::Error;

const SCRIPT: &str = r#"
;(() => {
  const refusal = __REFUSAL__;
  const send = window.fetch.bind(window);
  // The IPC endpoint as Tauri names it on Linux/macOS and on Windows.
  const isIpc = (url) => url.startsWith('ipc://') || url.startsWith('http://ipc.localhost/');
  async function fetchWithAclRefusals(input, init) {
    const response = await send(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (!isIpc(url) || response.headers.get('Tauri-Response') === 'ok') return response;
    const body = await response.clone().text();
    let text = body;
    try {
      const parsed = JSON.parse(body);
      // Our commands fail with objects; only Tauri's own refusals are strings.
      if (typeof parsed !== 'string') return response;
      text = parsed;
    } catch (_) { /* a text/plain body */ }
    if (!/ not allowed/.test(text)) return response;
    return new Response(JSON.stringify(refusal), {
      status: response.status,
      headers: { 'Content-Type': 'application/json', 'Tauri-Response': 'error' }
    });
  }
  // Not writable: a page script cannot put the raw refusals back.
  Object.defineProperty(window, 'fetch', { value: fetchWithAclRefusals, writable: false, configurable: false });
})();
"#;

/// The script to append to the invoke system, with the public form of a forbidden error.
pub fn script() -> String {
    let refusal = Error::Forbidden("refused by the window's capability".into()).to_public();
    let json = serde_json::to_string(&refusal).unwrap_or_else(|_| {
        r#"{"code":"forbidden","message":"this action is not allowed here"}"#.to_string()
    });
    SCRIPT.replace("__REFUSAL__", &json)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_script_carries_the_public_forbidden_error_and_no_placeholder() {
        let s = super::script();
        assert!(s.contains(r#""code":"forbidden""#), "{s}");
        assert!(s.contains("this action is not allowed here"));
        assert!(!s.contains("__REFUSAL__"));
    }
}
