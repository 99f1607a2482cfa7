-- Version 2: every kind of outbox row a device sends (client files, consents, leads, audit
-- entries, erasure tombstones), erasure and retention that follow the data, head office's agent
-- roster read by devices through a function, and each device's reported backlog.

-- The newest outbox sequence number a device has reported having (fleet.report_newest): its
-- backlog is that minus its cursor. revoked_reason: head office's words when revoking it.
ALTER TABLE fleet.devices
    ADD COLUMN reported_through bigint NOT NULL DEFAULT 0,
    ADD COLUMN revoked_reason text;

-- A lead's consent has no consultation; carried copies name the consent the client gave.
ALTER TABLE fleet.consents
    ALTER COLUMN consultation_local_id DROP NOT NULL,
    ADD COLUMN client_local_id bigint,
    ADD COLUMN carried_from bigint;

-- An audit entry with its place in the device's hash chain, so head office can verify it.
ALTER TABLE fleet.audit_entries
    ADD COLUMN entity text,
    ADD COLUMN entity_id bigint,
    ADD COLUMN prev_hash text,
    ADD COLUMN hash text;

-- An erased lead keeps its row (when, which device) without its content.
ALTER TABLE fleet.leads
    ALTER COLUMN data DROP NOT NULL,
    ADD COLUMN erased_at timestamptz,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- The roster: initial_pin_hash is the argon2id hash of the PIN head office gave a new agent
-- (to be replaced at the first login on a device); the PIN itself never reaches the server.
ALTER TABLE fleet.agents
    ADD COLUMN supervisor boolean NOT NULL DEFAULT false,
    ADD COLUMN initial_pin_hash text,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Every erasure applied here, counts only: from a device's tombstone (device_id, seq) or from
-- head office's own retention purge (device_id NULL).
CREATE TABLE fleet.erasures (
    id            bigserial PRIMARY KEY,
    device_id     bigint REFERENCES fleet.devices (id),
    seq           bigint,
    reason        text NOT NULL CHECK (reason IN ('device', 'retention')),
    consultations integer NOT NULL DEFAULT 0,
    clients       integer NOT NULL DEFAULT 0,
    leads         integer NOT NULL DEFAULT 0,
    applied_at    timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION fleet.now_text() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- Erasing the central copy: the row stays (device, id, dates, agent), the personal content goes.
-- Each returns 1 when it erased something, 0 when there was nothing (left) to erase.
CREATE FUNCTION fleet.erase_consultation(d bigint, p_local_id bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    UPDATE fleet.consultations
       SET record = NULL, erased_at = coalesce(erased_at, fleet.now_text()), updated_at = now()
     WHERE device_id = d AND local_id = p_local_id AND record IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

CREATE FUNCTION fleet.erased_client(t fleet.clients) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('id', t.local_id, 'kind', t.kind,
                              'erased_at', coalesce(t.erased_at, fleet.now_text()))
$$;

CREATE FUNCTION fleet.erase_client(d bigint, p_local_id bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    UPDATE fleet.clients t
       SET name = NULL, data = fleet.erased_client(t),
           erased_at = coalesce(erased_at, fleet.now_text()), updated_at = now()
     WHERE device_id = d AND local_id = p_local_id
       AND (name IS NOT NULL OR data <> fleet.erased_client(t));
    GET DIAGNOSTICS n = ROW_COUNT;
    -- The client's file is also inside each record sent with it.
    UPDATE fleet.consultations c
       SET record = jsonb_set(c.record, '{client}', fleet.erased_client(t)), updated_at = now()
      FROM fleet.clients t
     WHERE c.device_id = d AND c.client_local_id = p_local_id AND c.record ? 'client'
       AND jsonb_typeof(c.record -> 'client') = 'object'
       AND t.device_id = d AND t.local_id = p_local_id;
    RETURN n;
END $$;

CREATE FUNCTION fleet.erase_lead(d bigint, p_local_id bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    UPDATE fleet.leads SET data = NULL, erased_at = coalesce(erased_at, now()), updated_at = now()
     WHERE device_id = d AND local_id = p_local_id AND data IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

-- A tombstone: the device-local ids it names, erased here; one row in fleet.erasures.
CREATE FUNCTION fleet.apply_erasure(d bigint, p_seq bigint, ids jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    nc integer := 0; ncl integer := 0; nl integer := 0;
    x jsonb;
BEGIN
    FOR x IN SELECT * FROM jsonb_array_elements(coalesce(ids -> 'consultations', '[]')) LOOP
        nc := nc + fleet.erase_consultation(d, x::text::bigint);
    END LOOP;
    FOR x IN SELECT * FROM jsonb_array_elements(coalesce(ids -> 'clients', '[]')) LOOP
        ncl := ncl + fleet.erase_client(d, x::text::bigint);
    END LOOP;
    FOR x IN SELECT * FROM jsonb_array_elements(coalesce(ids -> 'leads', '[]')) LOOP
        nl := nl + fleet.erase_lead(d, x::text::bigint);
    END LOOP;
    INSERT INTO fleet.erasures (device_id, seq, reason, consultations, clients, leads)
    VALUES (d, p_seq, 'device', nc, ncl, nl);
END $$;

-- A client file as the device holds it now (NULL: gone there, so erased here). A file erased
-- here stays erased whatever a late copy says.
CREATE FUNCTION fleet.apply_client(d bigint, p_local_id bigint, cl jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cl IS NULL OR cl ->> 'erased_at' IS NOT NULL THEN
        INSERT INTO fleet.clients (device_id, local_id, kind, name, data, erased_at)
        VALUES (d, p_local_id, coalesce(cl ->> 'kind', 'person'), NULL,
                jsonb_build_object('id', p_local_id), coalesce(cl ->> 'erased_at', fleet.now_text()))
        ON CONFLICT (device_id, local_id) DO NOTHING;
        PERFORM fleet.erase_client(d, p_local_id);
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM fleet.clients WHERE device_id = d AND local_id = p_local_id
                AND erased_at IS NOT NULL) THEN
        RETURN;
    END IF;
    INSERT INTO fleet.clients (device_id, local_id, kind, name, data, erased_at)
    VALUES (d, p_local_id, coalesce(cl ->> 'kind', 'person'), cl ->> 'name', cl, NULL)
    ON CONFLICT (device_id, local_id) DO UPDATE
        SET kind = excluded.kind, name = excluded.name, data = excluded.data, updated_at = now();
    -- The copy inside each record sent with this client follows (a phone cleared on a withdrawn
    -- consent to be contacted must not stay there).
    UPDATE fleet.consultations
       SET record = jsonb_set(record, '{client}', cl), updated_at = now()
     WHERE device_id = d AND client_local_id = p_local_id AND record ? 'client'
       AND jsonb_typeof(record -> 'client') = 'object';
END $$;

CREATE FUNCTION fleet.apply_consent(d bigint, p_local_id bigint, k jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF k IS NULL THEN
        DELETE FROM fleet.consents WHERE device_id = d AND local_id = p_local_id;
        RETURN;
    END IF;
    INSERT INTO fleet.consents (device_id, local_id, consultation_local_id, client_local_id,
        carried_from, purpose, notice_version, granted_at, withdrawn_at)
    VALUES (d, p_local_id, (k ->> 'consultation_id')::bigint, (k ->> 'client_id')::bigint,
        (k ->> 'carried_from')::bigint, k ->> 'purpose', k ->> 'notice_version',
        k ->> 'granted_at', k ->> 'withdrawn_at')
    ON CONFLICT (device_id, local_id) DO UPDATE
        SET consultation_local_id = excluded.consultation_local_id,
            client_local_id = excluded.client_local_id, carried_from = excluded.carried_from,
            purpose = excluded.purpose, notice_version = excluded.notice_version,
            granted_at = excluded.granted_at, withdrawn_at = excluded.withdrawn_at;
END $$;

CREATE FUNCTION fleet.apply_lead(d bigint, p_local_id bigint, l jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF l IS NULL THEN
        PERFORM fleet.erase_lead(d, p_local_id);
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM fleet.leads WHERE device_id = d AND local_id = p_local_id
                AND erased_at IS NOT NULL) THEN
        RETURN;
    END IF;
    INSERT INTO fleet.leads (device_id, local_id, data, created_at)
    VALUES (d, p_local_id, l, coalesce(l ->> 'created_at', fleet.now_text()))
    ON CONFLICT (device_id, local_id) DO UPDATE SET data = excluded.data, updated_at = now();
END $$;

CREATE FUNCTION fleet.apply_audit(d bigint, p_local_id bigint, a jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO fleet.audit_entries (device_id, local_id, at, actor, action, detail, entity,
        entity_id, prev_hash, hash)
    SELECT d, p_local_id, a ->> 'at', a ->> 'actor', a ->> 'action', a -> 'detail',
           a ->> 'entity', (a ->> 'entity_id')::bigint, a ->> 'prev_hash', a ->> 'hash'
     WHERE a IS NOT NULL
    ON CONFLICT (device_id, local_id) DO NOTHING
$$;

-- The one way in for a device, now for every kind of row. Same signature as version 1, so the
-- devices' grants stay.
CREATE OR REPLACE FUNCTION fleet.ingest(p_seq bigint, p_kind text, p_local_id bigint, p_record jsonb)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fleet, pg_temp AS $$
DECLARE
    d bigint := fleet.calling_device();
    cur bigint;
BEGIN
    -- The cursor row lock orders two connections of one device.
    SELECT applied_through INTO cur FROM fleet.device_cursors WHERE device_id = d FOR UPDATE;
    IF p_seq <= cur THEN
        RETURN false;
    END IF;
    CASE p_kind
    WHEN 'consultation' THEN
        IF p_record IS NULL THEN
            PERFORM fleet.erase_consultation(d, p_local_id);
        ELSIF NOT EXISTS (SELECT 1 FROM fleet.consultations WHERE device_id = d
                           AND local_id = p_local_id AND erased_at IS NOT NULL AND record IS NULL)
        THEN
            -- Erased here (a tombstone, or head office's retention purge): stays erased.
            PERFORM fleet.apply_consultation(d, p_seq, p_local_id, p_record);
            IF p_record #>> '{client,erased_at}' IS NOT NULL THEN
                PERFORM fleet.erase_client(d, (p_record #>> '{client,id}')::bigint);
            END IF;
        END IF;
    WHEN 'client' THEN
        PERFORM fleet.apply_client(d, p_local_id, p_record);
    WHEN 'consent' THEN
        PERFORM fleet.apply_consent(d, p_local_id, p_record);
    WHEN 'lead' THEN
        PERFORM fleet.apply_lead(d, p_local_id, p_record);
    WHEN 'audit' THEN
        PERFORM fleet.apply_audit(d, p_local_id, p_record);
    WHEN 'erasure' THEN
        PERFORM fleet.apply_erasure(d, p_seq, p_record);
    ELSE
        RAISE EXCEPTION 'unknown outbox row kind %', p_kind USING ERRCODE = '22023';
    END CASE;
    INSERT INTO fleet.received (device_id, seq, kind, local_id) VALUES (d, p_seq, p_kind, p_local_id);
    UPDATE fleet.device_cursors SET applied_through = p_seq, updated_at = now() WHERE device_id = d;
    UPDATE fleet.devices SET last_contact_at = now() WHERE id = d;
    RETURN true;
END $$;

-- The device says how far its own numbering has gone (its newest outbox row), for head office's
-- backlog; it never moves back.
CREATE FUNCTION fleet.report_newest(p_newest bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fleet, pg_temp AS $$
DECLARE d bigint := fleet.calling_device();
BEGIN
    UPDATE fleet.devices SET reported_through = greatest(reported_through, p_newest),
           last_contact_at = now()
     WHERE id = d;
END $$;

-- The roster, the only way a device reads it (it has no privilege on fleet.agents).
CREATE FUNCTION fleet.roster()
RETURNS TABLE (licence_number text, name text, supervisor boolean, initial_pin_hash text,
               revoked_at text, revoked_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = fleet, pg_temp AS $$
BEGIN
    PERFORM fleet.calling_device();
    RETURN QUERY
    SELECT a.licence_number, a.name, a.supervisor, a.initial_pin_hash,
           to_char(a.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), a.revoked_reason
      FROM fleet.agents a ORDER BY a.licence_number;
END $$;

-- Head office's retention purge (`presale fleet purge --expired`), by the retention date in the
-- central rows: records past it lose their content, and clients left with no record retained
-- lose their file. Run by the owner; returns the counts.
CREATE FUNCTION fleet.purge_expired(p_today date)
RETURNS TABLE (consultations integer, clients integer)
LANGUAGE plpgsql AS $$
DECLARE
    today text := to_char(p_today, 'YYYY-MM-DD');
    nc integer := 0; ncl integer := 0;
    r record;
BEGIN
    FOR r IN SELECT device_id, local_id FROM fleet.consultations
              WHERE retention_until < today AND record IS NOT NULL
              ORDER BY device_id, local_id FOR UPDATE LOOP
        nc := nc + fleet.erase_consultation(r.device_id, r.local_id);
    END LOOP;
    FOR r IN SELECT t.device_id, t.local_id FROM fleet.clients t
              WHERE t.erased_at IS NULL
                AND EXISTS (SELECT 1 FROM fleet.consultations c
                             WHERE c.device_id = t.device_id AND c.client_local_id = t.local_id)
                AND NOT EXISTS (SELECT 1 FROM fleet.consultations c
                             WHERE c.device_id = t.device_id AND c.client_local_id = t.local_id
                               AND c.record IS NOT NULL
                               AND (c.retention_until IS NULL OR c.retention_until >= today))
              ORDER BY t.device_id, t.local_id FOR UPDATE LOOP
        ncl := ncl + fleet.erase_client(r.device_id, r.local_id);
    END LOOP;
    IF nc + ncl > 0 THEN
        INSERT INTO fleet.erasures (reason, consultations, clients) VALUES ('retention', nc, ncl);
    END IF;
    RETURN QUERY SELECT nc, ncl;
END $$;

REVOKE ALL ON FUNCTION fleet.now_text(), fleet.erase_consultation(bigint, bigint),
    fleet.erased_client(fleet.clients), fleet.erase_client(bigint, bigint),
    fleet.erase_lead(bigint, bigint), fleet.apply_erasure(bigint, bigint, jsonb),
    fleet.apply_client(bigint, bigint, jsonb), fleet.apply_consent(bigint, bigint, jsonb),
    fleet.apply_lead(bigint, bigint, jsonb), fleet.apply_audit(bigint, bigint, jsonb),
    fleet.report_newest(bigint), fleet.roster(), fleet.purge_expired(date) FROM PUBLIC;

-- Devices enrolled under version 1 get the two new functions a device may call.
DO $$
DECLARE r text;
BEGIN
    FOR r IN SELECT role_name FROM fleet.devices LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION fleet.report_newest(bigint), fleet.roster() TO %I', r);
    END LOOP;
END $$;
