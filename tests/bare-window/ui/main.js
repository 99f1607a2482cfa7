// The page's one command: its return is the "interactive" mark the benchmarks time.
window.__TAURI_INTERNALS__.invoke("hello").then((text) => (document.getElementById("out").textContent = text));
