//! `presale fleet init`: the schema is created once and upgraded in place; a server whose
//! schema this program does not speak is refused, with both versions named.

mod support;

use presale_fleet::{enrol, schema, FleetError};

#[test]
fn init_creates_every_table_and_a_second_run_changes_nothing() {
    let Some(server) = support::server("init_creates_every_table") else {
        return;
    };
    let mut c = server.owner_client();
    let first = schema::init(&mut c).unwrap();
    assert_eq!((first.from, first.to), (0, schema::newest()));
    for table in [
        "consultations",
        "clients",
        "consents",
        "audit_entries",
        "leads",
        "agents",
        "devices",
        "device_cursors",
        "received",
    ] {
        let exists: bool = c
            .query_one("SELECT to_regclass('fleet.' || $1) IS NOT NULL", &[&table])
            .unwrap()
            .get(0);
        assert!(exists, "fleet.{table}");
    }
    let again = schema::init(&mut c).unwrap();
    assert_eq!((again.from, again.to), (schema::newest(), schema::newest()));
    assert_eq!(
        server.count("SELECT count(*) FROM fleet.schema_migrations"),
        schema::MIGRATIONS.len() as i64
    );
}

#[test]
fn a_server_with_a_newer_schema_is_refused_by_init_enrolment_and_devices() {
    let Some(server) = support::server("newer_schema") else {
        return;
    };
    let mut owner = server.init();
    let device = server.enrol("newer");
    owner
        .execute(
            "INSERT INTO fleet.schema_migrations (version, name) VALUES (99, 'from the future')",
            &[],
        )
        .unwrap();
    let err = schema::init(&mut owner).unwrap_err();
    assert!(matches!(err, FleetError::Schema(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("version 99")
            && text.contains("newer")
            && text.contains(&format!("version {}", schema::newest())),
        "{text}"
    );
    let err = enrol::add_device(&mut owner, "another").unwrap_err();
    assert!(err.to_string().contains("version 99"), "{err}");
    let err = schema::check_device(&mut server.device_client(&device)).unwrap_err();
    assert!(err.to_string().contains("version 99"), "{err}");
}

#[test]
fn a_server_with_an_older_or_no_schema_is_refused_by_a_device() {
    let Some(server) = support::server("older_schema") else {
        return;
    };
    // No schema at all: enrolment says to run init.
    let err = enrol::add_device(&mut server.owner_client(), "early").unwrap_err();
    assert!(err.to_string().contains("presale fleet init"), "{err}");

    let mut owner = server.init();
    let device = server.enrol("older");
    // As a server still at an earlier version would answer.
    owner
        .execute(
            "DELETE FROM fleet.schema_migrations \
             WHERE version = (SELECT max(version) FROM fleet.schema_migrations)",
            &[],
        )
        .unwrap();
    let err = schema::check_device(&mut server.device_client(&device)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, FleetError::Schema(_)), "{err:?}");
    assert!(
        text.contains(&format!("version {}", schema::newest() - 1))
            && text.contains("older")
            && text.contains("presale fleet init"),
        "{text}"
    );
}

#[test]
fn device_names_are_checked_and_not_reused() {
    let Some(server) = support::server("device_names") else {
        return;
    };
    let mut owner = server.init();
    for bad in ["", "Branch 1", "x;drop", &"a".repeat(41)] {
        let err = enrol::add_device(&mut owner, bad).unwrap_err();
        assert!(err.to_string().contains("device name"), "{bad}: {err}");
    }
    let device = server.enrol("twice");
    let err = enrol::add_device(&mut owner, &device.name).unwrap_err();
    assert!(err.to_string().contains("exists already"), "{err}");
}

#[test]
fn a_version_1_server_is_refused_by_name_and_init_upgrades_it_keeping_its_devices() {
    let Some(server) = support::server("upgrade_from_1") else {
        return;
    };
    // The server as the first release left it: migration 1 only, one device enrolled then.
    let mut owner = server.owner_client();
    let first = &schema::MIGRATIONS[0];
    owner.batch_execute(first.sql).unwrap();
    owner
        .execute(
            "INSERT INTO fleet.schema_migrations (version, name) VALUES ($1, $2)",
            &[&first.version, &first.name],
        )
        .unwrap();
    let role = format!("presale_device_up_{}", std::process::id());
    owner
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'; \
             GRANT USAGE ON SCHEMA fleet TO {role}; \
             GRANT EXECUTE ON FUNCTION fleet.ingest(bigint, text, bigint, jsonb), \
                 fleet.my_cursor(), fleet.schema_version() TO {role}; \
             WITH d AS (INSERT INTO fleet.devices (name, role_name) VALUES ('up', '{role}') \
                        RETURNING id) INSERT INTO fleet.device_cursors (device_id) SELECT id FROM d"
        ))
        .unwrap();
    let mut device_config = server.owner.clone();
    device_config.user(&role).password(format!("pw-{role}"));
    let mut device = device_config.connect(postgres::NoTls).unwrap();
    let err = schema::check_device(&mut device).unwrap_err();
    assert!(
        err.to_string().contains("version 1, older"),
        "refused, naming the version: {err}"
    );
    let err = enrol::add_device(&mut owner, "later").unwrap_err();
    assert!(err.to_string().contains("version 1"), "{err}");

    let up = schema::init(&mut owner).unwrap();
    assert_eq!((up.from, up.to), (1, schema::newest()));
    schema::check_device(&mut device).unwrap();
    // The device enrolled under version 1 may call what version 2 added for devices.
    device.query("SELECT * FROM fleet.roster()", &[]).unwrap();
    device
        .execute("SELECT fleet.report_newest(3)", &[])
        .unwrap();
    owner
        .batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
        .ok();
}
