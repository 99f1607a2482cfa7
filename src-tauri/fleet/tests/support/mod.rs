//! The fleet tests' server: a fresh database in the private cluster `test.sh` starts
//! (`scripts/pg-test-cluster.sh`, URL in `PRESALE_TEST_PG_URL`). Without that variable a test
//! says why and skips, unless `PRESALE_TEST_PG_REQUIRED` is set (as `test.sh` does): then it
//! fails, so no test passes in CI without having run.
#![allow(dead_code)]

use postgres::{Client, Config, NoTls};
use presale_core::access::agent::{self, NewAgent};
use presale_core::access::Role;
use presale_core::content::Library;
use presale_core::db::rusqlite::Connection;
use presale_core::privacy::consent::Purpose;
use presale_core::records::client::ClientFields;
use presale_core::records::outcome::OutcomeEdit;
use presale_core::records::record::RecordEdit;
use presale_core::service::{consulting, Actor};
use presale_fleet::enrol::{self, Enrolled};
use presale_fleet::{schema, SyncConfig};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Server {
    /// The owner's settings for this test's own database.
    pub owner: Config,
    pub dbname: String,
}

fn random_suffix() -> String {
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A new, empty database for one test, or `None` (with the reason printed) to skip.
pub fn server(test: &str) -> Option<Server> {
    let Ok(url) = std::env::var("PRESALE_TEST_PG_URL") else {
        if std::env::var_os("PRESALE_TEST_PG_REQUIRED").is_some() {
            panic!("{test}: PRESALE_TEST_PG_REQUIRED is set but PRESALE_TEST_PG_URL is not");
        }
        eprintln!(
            "{test}: skipped: PRESALE_TEST_PG_URL is not set (./test.sh starts a private \
             PostgreSQL; or scripts/pg-test-cluster.sh start DIR)"
        );
        return None;
    };
    let admin: Config = url
        .parse()
        .expect("PRESALE_TEST_PG_URL is a PostgreSQL URL");
    let dbname = format!("presale_t_{}", random_suffix());
    let mut c = admin.connect(NoTls).expect("the private cluster answers");
    c.batch_execute(&format!("CREATE DATABASE {dbname}"))
        .unwrap();
    let mut owner = admin.clone();
    owner.dbname(&dbname);
    Some(Server { owner, dbname })
}

impl Server {
    pub fn owner_client(&self) -> Client {
        self.owner.connect(NoTls).unwrap()
    }

    /// The schema created: what `presale fleet init` does.
    pub fn init(&self) -> Client {
        let mut c = self.owner_client();
        schema::init(&mut c).unwrap();
        c
    }

    /// Enrols a device named `name-<random>` (roles are shared by the whole cluster).
    pub fn enrol(&self, name: &str) -> Enrolled {
        let unique = format!("{name}-{}", random_suffix());
        enrol::add_device(&mut self.owner_client(), &unique).unwrap()
    }

    /// The device's connection settings as `add-device` prints them.
    pub fn device_config(&self, device: &Enrolled) -> Config {
        let mut c = self.owner.clone();
        c.user(&device.role);
        c.password(device.password.as_bytes());
        c
    }

    pub fn device_client(&self, device: &Enrolled) -> Client {
        self.device_config(device).connect(NoTls).unwrap()
    }

    /// A device's data directory with `presale.toml` `[sync]` and its password file.
    pub fn device_dir(&self, device: &Enrolled, password: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let pw = dir.path().join("fleet-password");
        presale_fleet::config::write_password_file(&pw, password).unwrap();
        let settings = enrol::settings_for(&self.owner, device, "fleet-password");
        std::fs::write(dir.path().join("presale.toml"), settings).unwrap();
        dir
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.owner_client().query_one(sql, &[]).unwrap().get(0)
    }

    /// Stops the whole cluster at once (as a crash would), through the script that started it.
    pub fn halt(&self) {
        cluster("halt");
    }

    pub fn resume(&self) {
        cluster("resume");
        // The server takes a moment to accept logins after a crash recovery.
        for _ in 0..50 {
            if self.owner.connect(NoTls).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the cluster did not come back");
    }
}

fn cluster(action: &str) {
    let dir = std::env::var("PRESALE_TEST_PG_DIR")
        .expect("PRESALE_TEST_PG_DIR names the private cluster (test.sh sets it)");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-test-cluster.sh");
    let status = std::process::Command::new(script)
        .args([action, &dir])
        .status()
        .unwrap();
    assert!(status.success(), "pg-test-cluster.sh {action}");
}

pub fn sync_config(dir: &Path) -> SyncConfig {
    SyncConfig::load(dir).unwrap().expect("a [sync] section")
}

/// A device's database with an agent logged in, as the app's session would say.
pub struct Device {
    pub conn: Connection,
    pub library: Library,
    pub actor: Actor,
    pub path: PathBuf,
}

pub fn device_db(dir: &Path) -> Device {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/content/base");
    let (library, problems) = Library::load(&content);
    assert!(problems.is_empty(), "{problems:?}");
    let path = dir.join(presale_core::db::FILE_NAME);
    let conn = presale_core::db::open(&path).unwrap();
    let id = agent::create_first(
        &conn,
        &NewAgent {
            name: "王芳".into(),
            licence_number: "0201-2024-88".into(),
            pin: "246810".into(),
            supervisor: true,
        },
    )
    .unwrap()
    .id;
    Device {
        conn,
        library,
        actor: Actor::new(Role::Agent(id)),
        path,
    }
}

impl Device {
    /// Finishes a consultation with client `name`; returns its id.
    pub fn finish(&self, name: &str) -> i64 {
        let id = consulting::current(&self.conn, self.actor)
            .unwrap()
            .consultation
            .id;
        consulting::give_consents(
            &self.conn,
            self.actor,
            "2026-11",
            &[Purpose::SaveConsultation],
        )
        .unwrap();
        let person = ClientFields {
            name: Some(name.into()),
            phone: Some("13812345678".into()),
            ..ClientFields::default()
        };
        consulting::create_client(&self.conn, self.actor, Some(id), &person).unwrap();
        let edit = RecordEdit {
            outcome: Some(OutcomeEdit {
                status: Some("deciding".into()),
                ..Default::default()
            }),
            ..RecordEdit::default()
        };
        consulting::finish(&self.conn, self.actor, &self.library, id, &edit).unwrap();
        id
    }

    /// Every outbox row waiting (records, client files, consents, audit entries, tombstones).
    pub fn waiting(&self) -> i64 {
        presale_core::fleet::outbox::status(&self.conn)
            .unwrap()
            .waiting
    }

    /// The finished consultations waiting.
    pub fn records_waiting(&self) -> i64 {
        self.conn
            .query_row(
                "SELECT count(*) FROM fleet_outbox WHERE kind = 'consultation'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }
}
