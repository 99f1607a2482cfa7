-- The insurer's central copy, in its own schema `fleet`, owned by the role that runs
-- `presale fleet init`. Devices get no privilege on any table: they call the SECURITY DEFINER
-- functions at the end, which take the device from the login (session_user), never from what
-- the device sends.
CREATE SCHEMA fleet;
REVOKE ALL ON SCHEMA fleet FROM PUBLIC;

CREATE TABLE fleet.schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per enrolled device; role_name is its PostgreSQL login.
CREATE TABLE fleet.devices (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL UNIQUE,
    role_name       text NOT NULL UNIQUE,
    enrolled_at     timestamptz NOT NULL DEFAULT now(),
    last_contact_at timestamptz,
    revoked_at      timestamptz
);

-- The highest outbox sequence number applied from each device.
CREATE TABLE fleet.device_cursors (
    device_id       bigint PRIMARY KEY REFERENCES fleet.devices (id),
    applied_through bigint NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every outbox row applied, once: (device, sequence) is the key that makes a resent batch harmless.
CREATE TABLE fleet.received (
    device_id   bigint NOT NULL REFERENCES fleet.devices (id),
    seq         bigint NOT NULL,
    kind        text NOT NULL,
    local_id    bigint NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq)
);

-- The agent roster head office keeps (filled from the centre in a later step).
CREATE TABLE fleet.agents (
    id             bigserial PRIMARY KEY,
    licence_number text NOT NULL UNIQUE,
    name           text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    revoked_reason text
);

-- Records are keyed by the device and the id they have there: ids are only unique per device.
CREATE TABLE fleet.clients (
    device_id  bigint NOT NULL REFERENCES fleet.devices (id),
    local_id   bigint NOT NULL,
    kind       text NOT NULL,
    name       text,
    data       jsonb NOT NULL,
    erased_at  text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, local_id)
);

CREATE TABLE fleet.consultations (
    device_id       bigint NOT NULL REFERENCES fleet.devices (id),
    local_id        bigint NOT NULL,
    client_local_id bigint,
    status          text,
    agent_name      text,
    agent_licence   text,
    ended_at        text,
    retention_until text,
    erased_at       text,
    -- The whole record as the device holds it; NULL once the device no longer has it.
    record          jsonb,
    last_seq        bigint NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, local_id)
);
CREATE INDEX consultations_agent ON fleet.consultations (agent_licence);

CREATE TABLE fleet.consents (
    device_id             bigint NOT NULL REFERENCES fleet.devices (id),
    local_id              bigint NOT NULL,
    consultation_local_id bigint NOT NULL,
    purpose               text NOT NULL,
    notice_version        text NOT NULL,
    granted_at            text NOT NULL,
    withdrawn_at          text,
    PRIMARY KEY (device_id, local_id)
);

-- Filled when the outbox carries audit entries and leads (a later step).
CREATE TABLE fleet.audit_entries (
    device_id bigint NOT NULL REFERENCES fleet.devices (id),
    local_id  bigint NOT NULL,
    at        text NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    detail    jsonb,
    PRIMARY KEY (device_id, local_id)
);

CREATE TABLE fleet.leads (
    device_id  bigint NOT NULL REFERENCES fleet.devices (id),
    local_id   bigint NOT NULL,
    data       jsonb NOT NULL,
    created_at text NOT NULL,
    PRIMARY KEY (device_id, local_id)
);

-- The device behind this login, or an error a device can act on.
CREATE FUNCTION fleet.calling_device() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = fleet, pg_temp AS $$
DECLARE
    d bigint;
    revoked timestamptz;
BEGIN
    SELECT id, revoked_at INTO d, revoked FROM fleet.devices WHERE role_name = session_user;
    IF d IS NULL THEN
        RAISE EXCEPTION 'no device is enrolled for the login %', session_user
            USING ERRCODE = '28000';
    END IF;
    IF revoked IS NOT NULL THEN
        RAISE EXCEPTION 'the device for the login % was revoked on %', session_user, revoked
            USING ERRCODE = '28000';
    END IF;
    RETURN d;
END $$;

CREATE FUNCTION fleet.schema_version() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fleet, pg_temp AS $$
    SELECT max(version) FROM fleet.schema_migrations
$$;

CREATE FUNCTION fleet.my_cursor() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fleet, pg_temp AS $$
    SELECT coalesce((SELECT applied_through FROM fleet.device_cursors
                      WHERE device_id = fleet.calling_device()), 0)
$$;

-- Applies one consultation record (the device's `view::Record` as JSON, or NULL when the device
-- no longer has it). Upserts: applying the same state twice leaves one row.
CREATE FUNCTION fleet.apply_consultation(d bigint, p_seq bigint, p_local_id bigint, r jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fleet, pg_temp AS $$
DECLARE
    c jsonb := r -> 'consultation';
    cl jsonb := r -> 'client';
    k jsonb;
BEGIN
    IF cl IS NOT NULL AND jsonb_typeof(cl) = 'object' THEN
        INSERT INTO fleet.clients AS t (device_id, local_id, kind, name, data, erased_at)
        VALUES (d, (cl ->> 'id')::bigint, coalesce(cl ->> 'kind', 'person'), cl ->> 'name', cl,
                cl ->> 'erased_at')
        ON CONFLICT (device_id, local_id) DO UPDATE
            SET kind = excluded.kind, name = excluded.name, data = excluded.data,
                erased_at = excluded.erased_at, updated_at = now();
    END IF;
    INSERT INTO fleet.consultations AS t (device_id, local_id, client_local_id, status, agent_name,
        agent_licence, ended_at, retention_until, erased_at, record, last_seq)
    VALUES (d, p_local_id, (c ->> 'client_id')::bigint, c ->> 'status', c ->> 'agent_name',
        c ->> 'agent_licence', c ->> 'ended_at', c ->> 'retention_until', c ->> 'erased_at', r, p_seq)
    ON CONFLICT (device_id, local_id) DO UPDATE
        SET client_local_id = excluded.client_local_id, status = excluded.status,
            agent_name = excluded.agent_name, agent_licence = excluded.agent_licence,
            ended_at = excluded.ended_at, retention_until = excluded.retention_until,
            erased_at = excluded.erased_at, record = excluded.record,
            last_seq = excluded.last_seq, updated_at = now();
    FOR k IN SELECT * FROM jsonb_array_elements(coalesce(r -> 'consents', '[]'::jsonb)) LOOP
        INSERT INTO fleet.consents AS t (device_id, local_id, consultation_local_id, purpose,
            notice_version, granted_at, withdrawn_at)
        VALUES (d, (k ->> 'id')::bigint, p_local_id, k ->> 'purpose', k ->> 'notice_version',
            k ->> 'granted_at', k ->> 'withdrawn_at')
        ON CONFLICT (device_id, local_id) DO UPDATE
            SET purpose = excluded.purpose, notice_version = excluded.notice_version,
                granted_at = excluded.granted_at, withdrawn_at = excluded.withdrawn_at;
    END LOOP;
END $$;

-- The one way in for a device: applies outbox row p_seq unless it was applied already (true
-- when applied now, false when it had been), and advances the device's cursor, in the caller's
-- transaction.
CREATE FUNCTION fleet.ingest(p_seq bigint, p_kind text, p_local_id bigint, p_record jsonb)
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
    IF p_kind = 'consultation' THEN
        PERFORM fleet.apply_consultation(d, p_seq, p_local_id, p_record);
    ELSE
        RAISE EXCEPTION 'unknown outbox row kind %', p_kind USING ERRCODE = '22023';
    END IF;
    INSERT INTO fleet.received (device_id, seq, kind, local_id) VALUES (d, p_seq, p_kind, p_local_id);
    UPDATE fleet.device_cursors SET applied_through = p_seq, updated_at = now() WHERE device_id = d;
    UPDATE fleet.devices SET last_contact_at = now() WHERE id = d;
    RETURN true;
END $$;

-- Functions are executable by PUBLIC unless revoked; only enrolled devices get these three.
REVOKE ALL ON FUNCTION fleet.calling_device(), fleet.schema_version(), fleet.my_cursor(),
    fleet.apply_consultation(bigint, bigint, bigint, jsonb),
    fleet.ingest(bigint, text, bigint, jsonb) FROM PUBLIC;
