-- The fleet outbox: what head office must see, marked in the same transaction as the change
-- (see src/fleet/outbox.rs). A row names what changed; its content is read when it is sent, so
-- a later edit or an erasure travels as it is then and no copy of personal data waits here.
-- AUTOINCREMENT: a sequence number is never reused after rows are deleted, so the server (which
-- keys what it applied by device and sequence) never mistakes a new change for an old one.
CREATE TABLE fleet_outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('consultation')),
    entity_id  INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
-- At most one row waits per entity: a newer change replaces the older row (a higher sequence).
CREATE UNIQUE INDEX fleet_outbox_entity ON fleet_outbox (kind, entity_id);

-- The device's view of its sync: one row.
CREATE TABLE fleet_sync_state (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    acknowledged_through INTEGER NOT NULL DEFAULT 0,
    last_attempt_at      TEXT,
    last_success_at      TEXT,
    last_error           TEXT
);
INSERT INTO fleet_sync_state (id) VALUES (1);
