-- Settings (language, kiosk options...) as simple key/value pairs.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A consultation, from its first answer on. Drafts are saved as they change so nothing is lost;
-- the records module adds the client file and the rest in later migrations.
CREATE TABLE consultations (
    id         INTEGER PRIMARY KEY,
    status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'finished')),
    mode       TEXT NOT NULL CHECK (mode IN ('agent', 'kiosk')),
    language   TEXT NOT NULL CHECK (language IN ('zh-CN', 'en')),
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    ended_at   TEXT
);
CREATE INDEX consultations_status ON consultations (status, updated_at);
