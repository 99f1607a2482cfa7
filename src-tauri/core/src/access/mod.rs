//! Who may do what: agent profiles (`agent`) with PIN login and lockout (`pin`) and the session's
//! role (`role`); head office's roster pulled by the fleet sync (`roster`). Consents, leads, erasure and the kiosk reset are `privacy`'s.
//!
//! Times that decide a lockout are passed in as Unix milliseconds (`now_ms`) so tests can move the
//! clock; the app passes `now_ms()`.

pub mod agent;
pub mod pin;
pub mod role;
pub mod roster;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_admin;
#[cfg(test)]
mod tests_lockout;

pub use role::Role;

/// The current Unix time in milliseconds (the real clock; tests pass their own).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
