-- Access: agent profiles with PIN lockout, ask-an-agent leads, and the audit log's head.

-- An agent's profile. The PIN is an argon2id hash (PHC string); the licence number is shown to
-- the client (NFRA 2023 No. 2 art. 24). The lockout lives here, not in memory, so a restart does
-- not reset it: failed_attempts counts wrong PINs since the last good one; locked_until_ms is
-- the Unix time in milliseconds until which no PIN is even checked.
CREATE TABLE agents (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    licence_number  TEXT NOT NULL UNIQUE,
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until_ms INTEGER,
    created_at      TEXT NOT NULL,
    last_login_at   TEXT
);

-- "Ask an agent" from the kiosk (or an agent's own note of a call-back): who, how to reach them,
-- when. Kept only with the visitor's consent to be contacted (consent_id, purpose 'contact'),
-- deliberately not tied to the visitor's consultation so that ending the kiosk session keeps the
-- lead and removes everything else. Withdrawing the consent empties the row (erased_at).
CREATE TABLE leads (
    id             INTEGER PRIMARY KEY,
    name           TEXT,
    phone          TEXT,
    preferred_time TEXT,
    language       TEXT NOT NULL CHECK (language IN ('zh-CN', 'en')),
    source         TEXT NOT NULL CHECK (source IN ('agent', 'kiosk')),
    consent_id     INTEGER NOT NULL REFERENCES consents (id),
    created_at     TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted')),
    handled_by     INTEGER REFERENCES agents (id),
    erased_at      TEXT
);
CREATE INDEX leads_created ON leads (created_at DESC, id DESC);

-- The audit log's head: the last entry's id and hash and the number of entries, kept by a trigger
-- on every insert. The hash chain finds an entry that was changed, removed or reordered in the
-- middle; the head also finds entries cut off the end.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    entries   INTEGER NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash, entries)
SELECT 1,
       coalesce((SELECT max(id) FROM audit_log), 0),
       coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000'),
       (SELECT count(*) FROM audit_log);
CREATE TRIGGER audit_head_advance AFTER INSERT ON audit_log BEGIN
    UPDATE audit_head SET last_id = new.id, last_hash = new.hash, entries = entries + 1
    WHERE id = 1;
END;
