-- Consultation records: the insured's file, the finished consultation, consents, history, audit.

-- The insured's file. One row per client, a person or an enterprise; several consultations each.
-- `name` is the person's name or the enterprise's unit name (单位名称): the list shows and searches it.
-- `erased_at` marks a client whose personal data was removed (their right, or retention ended):
-- the row stays, emptied, so consultations and the audit log keep pointing at something.
CREATE TABLE clients (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL CHECK (kind IN ('person', 'enterprise')),
    name                 TEXT,
    gender               TEXT CHECK (gender IN ('female', 'male', 'other')),
    birth_date           TEXT,
    phone                TEXT,
    email                TEXT,
    address              TEXT,
    occupation           TEXT,
    legal_representative TEXT,
    contact_person       TEXT,
    industry             TEXT,
    property             TEXT,
    location             TEXT,
    disaster_prevention  TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    erased_at            TEXT
);
CREATE INDEX clients_phone ON clients (phone);

-- Substring search of names, phones and contact persons in Chinese and English. Trigrams match
-- any 3+ character fragment; shorter queries (a 2-character Chinese name) fall back to LIKE.
CREATE VIRTUAL TABLE clients_fts USING fts5 (
    name, phone, contact_person,
    content = 'clients', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_fts (rowid, name, phone, contact_person)
    VALUES (new.id, new.name, new.phone, new.contact_person);
END;
CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, name, phone, contact_person)
    VALUES ('delete', old.id, old.name, old.phone, old.contact_person);
END;
CREATE TRIGGER clients_fts_update AFTER UPDATE ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, name, phone, contact_person)
    VALUES ('delete', old.id, old.name, old.phone, old.contact_person);
    INSERT INTO clients_fts (rowid, name, phone, contact_person)
    VALUES (new.id, new.name, new.phone, new.contact_person);
END;

-- The finished consultation: who advised, what was discussed and decided, when to follow up.
-- products: a JSON array of product ids. decision_against_warning: 1 when the client proceeds
-- against a warning (premium over budget, need not matched...), recorded as their own decision
-- (NFRA 2023 No. 2 art. 28). retention_until: the date after which the record may be purged.
ALTER TABLE consultations ADD COLUMN client_id INTEGER REFERENCES clients (id);
ALTER TABLE consultations ADD COLUMN agent_name TEXT;
ALTER TABLE consultations ADD COLUMN agent_licence TEXT;
ALTER TABLE consultations ADD COLUMN products TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consultations ADD COLUMN decision TEXT;
ALTER TABLE consultations ADD COLUMN decision_against_warning INTEGER NOT NULL DEFAULT 0
    CHECK (decision_against_warning IN (0, 1));
ALTER TABLE consultations ADD COLUMN notes TEXT;
ALTER TABLE consultations ADD COLUMN follow_up_on TEXT;
ALTER TABLE consultations ADD COLUMN follow_up_status TEXT
    CHECK (follow_up_status IN ('pending', 'done', 'cancelled'));
ALTER TABLE consultations ADD COLUMN retention_until TEXT;
-- erased_at: the client's personal content was removed (their request, or retention ended).
ALTER TABLE consultations ADD COLUMN erased_at TEXT;
-- Records list: newest first, per client, follow-ups due, retention purge.
CREATE INDEX consultations_started ON consultations (started_at DESC, id DESC);
CREATE INDEX consultations_client ON consultations (client_id, started_at DESC);
CREATE INDEX consultations_follow_up ON consultations (follow_up_on)
    WHERE follow_up_status = 'pending';
CREATE INDEX consultations_retention ON consultations (retention_until)
    WHERE retention_until IS NOT NULL;

-- Consents per purpose (PIPL): filled by the privacy module. Withdrawal sets withdrawn_at; a
-- consent row is never updated otherwise.
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER REFERENCES clients (id),
    consultation_id INTEGER REFERENCES consultations (id),
    purpose         TEXT NOT NULL,
    notice_version  TEXT NOT NULL,
    granted_at      TEXT NOT NULL,
    withdrawn_at    TEXT
);
CREATE INDEX consents_client ON consents (client_id);
CREATE INDEX consents_consultation ON consents (consultation_id);

-- Every change to a record, field by field: an edit never destroys history. Values are text
-- (JSON for lists); NULL means "empty". Rows of an erased client are removed with their data.
CREATE TABLE record_changes (
    id         INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL CHECK (entity IN ('client', 'consultation')),
    entity_id  INTEGER NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    actor      TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX record_changes_entity ON record_changes (entity, entity_id, id);

-- What was done, by whom, when; never personal data. Each entry's hash is sha256 over the previous
-- entry's hash and the entry's canonical content, so tampering breaks the chain.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
);
