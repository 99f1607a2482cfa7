-- The kind of the sync's last failure (`config`, `unreachable`, `refused`, `revoked`, `tls`, `schema`,
-- `server`, `local`), beside its English words: the app says it in the agent's language from
-- the kind alone, so no server message, SQL or address reaches the window.
ALTER TABLE fleet_sync_state ADD COLUMN last_error_kind TEXT;
