-- The household in the client file (issue #16; src/records/household.rs): the members and
-- policies rows of the client's latest finished consultation, as answered there (only the fields
-- the household review reads: no health details), and the day and consultation they come from.
-- One row per client, replaced when another consultation of the client is finished.
--
-- It has a consultation_id (the consultation the rows come from), so privacy's generic removal
-- takes it with that consultation (an erasure, the end of its retention, a withdrawn consent to
-- saving); erasing the client takes it too (records::client::erase_in).
CREATE TABLE client_households (
    client_id       INTEGER PRIMARY KEY REFERENCES clients (id),
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    -- YYYY-MM-DD: the day that consultation was finished.
    as_of           TEXT NOT NULL,
    -- JSON arrays of row objects (content/README.md "Repeating groups").
    members         TEXT NOT NULL,
    policies        TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX client_households_consultation ON client_households (consultation_id);

-- Which groups of a consultation's questionnaire were filled from the client file's household,
-- and as of which day: done once per consultation and questionnaire (rows the agent removes are
-- not filled again), and the form says where the rows came from.
CREATE TABLE answer_prefills (
    consultation_id  INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    questionnaire_id TEXT NOT NULL,
    group_id         TEXT NOT NULL,
    as_of            TEXT NOT NULL,
    prefilled_at     TEXT NOT NULL,
    PRIMARY KEY (consultation_id, questionnaire_id, group_id)
);

-- The client file travels to head office with its household (records::client::get holds it):
-- a change of the household marks the client file, as the trigger on clients does.
CREATE TRIGGER fleet_mark_client_household AFTER INSERT ON client_households
WHEN EXISTS (SELECT 1 FROM consultations WHERE client_id = new.client_id AND status = 'finished')
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'client' AND entity_id = new.client_id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('client', new.client_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER fleet_mark_client_household_changed AFTER UPDATE ON client_households
WHEN EXISTS (SELECT 1 FROM consultations WHERE client_id = new.client_id AND status = 'finished')
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'client' AND entity_id = new.client_id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('client', new.client_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER fleet_mark_client_household_gone AFTER DELETE ON client_households
WHEN EXISTS (SELECT 1 FROM consultations WHERE client_id = old.client_id AND status = 'finished')
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'client' AND entity_id = old.client_id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('client', old.client_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
