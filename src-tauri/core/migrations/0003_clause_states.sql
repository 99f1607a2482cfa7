-- What happened to each clause in a consultation: the exact version (hash of the text in the
-- language shown), when it was shown, explained by the agent, and acknowledged by the client.
-- A clause shown again in a new version gets a new row; the old one stays as history.
CREATE TABLE clause_states (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    clause_id       TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    language        TEXT NOT NULL CHECK (language IN ('zh-CN', 'en')),
    must_explain    INTEGER NOT NULL CHECK (must_explain IN (0, 1)),
    shown_at        TEXT NOT NULL,
    explained_at    TEXT,
    acknowledged_at TEXT,
    UNIQUE (consultation_id, clause_id, content_hash),
    -- The client confirms only what the agent explained first, when it had to be explained.
    CHECK (acknowledged_at IS NULL OR must_explain = 0 OR explained_at IS NOT NULL)
);
CREATE INDEX clause_states_consultation ON clause_states (consultation_id, shown_at);
