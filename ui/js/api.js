// Calls into the Rust backend. Every failure arrives as {code, message, field?}.

/** Invokes a backend command; rejects with an ApiError. */
export async function call(command, args = {}) {
  const internals = window.__TAURI_INTERNALS__;
  if (!internals) {
    throw new ApiError({ code: "no_backend", message: "the app backend is not available" });
  }
  try {
    return await internals.invoke(command, args);
  } catch (raw) {
    throw new ApiError(normalise(raw));
  }
}

/** An error from the backend, with a stable code for translation. */
export class ApiError extends Error {
  constructor({ code, message, field }) {
    super(message);
    this.code = code;
    this.field = field || null;
  }
}

function normalise(raw) {
  if (raw && typeof raw === "object" && typeof raw.code === "string") return raw;
  // ACL refusals arrive as {code: "forbidden"} (src-tauri/src/acl_refusal.rs); the rest of
  // Tauri's own errors (an unknown command, say) are plain strings.
  return { code: "internal", message: String(raw) };
}
