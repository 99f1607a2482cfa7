-- The fleet outbox carries everything head office must see (see src/fleet/outbox.rs): besides a
-- finished consultation (marked by the use case), the client file of a finished consultation,
-- consents, leads and audit entries are marked by the triggers below, in the transaction of the
-- change itself, and an erasure leaves a tombstone: a row naming the device-local ids erased
-- (`ids`, JSON of ids only, never personal data), which travels even once the rows are gone.
--
-- The table is rebuilt for its new CHECK; its AUTOINCREMENT counter is carried over, so no
-- sequence number is ever handed out twice.
CREATE TABLE fleet_outbox_new (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL
               CHECK (kind IN ('consultation', 'client', 'consent', 'lead', 'audit', 'erasure')),
    entity_id  INTEGER NOT NULL,
    ids        TEXT CHECK ((kind = 'erasure') = (ids IS NOT NULL)),
    created_at TEXT NOT NULL
);
INSERT INTO fleet_outbox_new (seq, kind, entity_id, created_at)
SELECT seq, kind, entity_id, created_at FROM fleet_outbox;
DELETE FROM sqlite_sequence WHERE name = 'fleet_outbox_new';
UPDATE sqlite_sequence SET name = 'fleet_outbox_new' WHERE name = 'fleet_outbox';
DROP TABLE fleet_outbox;
ALTER TABLE fleet_outbox_new RENAME TO fleet_outbox;
-- At most one row waits per entity (a newer change replaces the older row); every tombstone
-- stays, each in its place in the sequence.
CREATE UNIQUE INDEX fleet_outbox_entity ON fleet_outbox (kind, entity_id) WHERE kind <> 'erasure';

-- A client file is sent once the client has a finished consultation (before that, it is part of
-- a draft that may never be kept).
CREATE TRIGGER fleet_mark_client AFTER UPDATE ON clients
WHEN EXISTS (SELECT 1 FROM consultations WHERE client_id = new.id AND status = 'finished')
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'client' AND entity_id = new.id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('client', new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- A consent of a finished consultation, or one given without a consultation (a lead's), when it
-- is given, withdrawn or moved. A draft's consents travel with the consultation when it is
-- finished.
CREATE TRIGGER fleet_mark_consent_given AFTER INSERT ON consents
WHEN new.consultation_id IS NULL
  OR EXISTS (SELECT 1 FROM consultations WHERE id = new.consultation_id AND status = 'finished')
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'consent' AND entity_id = new.id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('consent', new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER fleet_mark_consent_changed AFTER UPDATE ON consents
WHEN new.consultation_id IS NULL
  OR EXISTS (SELECT 1 FROM consultations WHERE id = new.consultation_id AND status = 'finished')
  OR EXISTS (SELECT 1 FROM consultations WHERE id = old.consultation_id AND status = 'finished')
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'consent' AND entity_id = new.id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('consent', new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Every lead ("ask an agent"), when it arrives and when it changes.
CREATE TRIGGER fleet_mark_lead_new AFTER INSERT ON leads
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'lead' AND entity_id = new.id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('lead', new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER fleet_mark_lead_changed AFTER UPDATE ON leads
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'lead' AND entity_id = new.id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('lead', new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Every audit entry (ids and counts only, by the audit module's rule). An id is marked once even
-- if a log rewritten by hand hands it out again (the audit check then tells the forgery).
CREATE TRIGGER fleet_mark_audit AFTER INSERT ON audit_log
BEGIN
    DELETE FROM fleet_outbox WHERE kind = 'audit' AND entity_id = new.id;
    INSERT INTO fleet_outbox (kind, entity_id, created_at)
    VALUES ('audit', new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Tombstones: a finished consultation (one that may have been sent) erased or deleted, a client
-- or a lead erased. Erasures on request, on a withdrawn consent and at the end of retention all
-- end here, since they all set erased_at.
CREATE TRIGGER fleet_tombstone_consultation AFTER UPDATE OF erased_at ON consultations
WHEN old.erased_at IS NULL AND new.erased_at IS NOT NULL AND old.status = 'finished'
BEGIN
    INSERT INTO fleet_outbox (kind, entity_id, ids, created_at)
    VALUES ('erasure', new.id, json_object('consultations', json_array(new.id)),
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER fleet_tombstone_consultation_deleted AFTER DELETE ON consultations
WHEN old.status = 'finished'
BEGIN
    INSERT INTO fleet_outbox (kind, entity_id, ids, created_at)
    VALUES ('erasure', old.id, json_object('consultations', json_array(old.id)),
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER fleet_tombstone_client AFTER UPDATE OF erased_at ON clients
WHEN old.erased_at IS NULL AND new.erased_at IS NOT NULL
BEGIN
    INSERT INTO fleet_outbox (kind, entity_id, ids, created_at)
    VALUES ('erasure', new.id, json_object('clients', json_array(new.id)),
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER fleet_tombstone_lead AFTER UPDATE OF erased_at ON leads
WHEN old.erased_at IS NULL AND new.erased_at IS NOT NULL
BEGIN
    INSERT INTO fleet_outbox (kind, entity_id, ids, created_at)
    VALUES ('erasure', new.id, json_object('leads', json_array(new.id)),
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Agents from head office's roster (pulled on each sync): a licence revoked there stops the
-- agent here. `central`: the profile came from the roster; `pin_must_change`: the PIN is the
-- initial one head office gave, to be changed at the first login.
ALTER TABLE agents ADD COLUMN revoked_at TEXT;
ALTER TABLE agents ADD COLUMN revoked_reason TEXT;
ALTER TABLE agents ADD COLUMN central INTEGER NOT NULL DEFAULT 0 CHECK (central IN (0, 1));
ALTER TABLE agents ADD COLUMN pin_must_change INTEGER NOT NULL DEFAULT 0
    CHECK (pin_must_change IN (0, 1));

