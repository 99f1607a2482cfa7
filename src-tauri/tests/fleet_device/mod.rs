//! What the command-line fleet tests share: a database of their own in the private PostgreSQL
//! `test.sh` starts, and a device's data directory with finished consultations in it.

use presale_core::access::agent::{self, NewAgent};
use presale_core::access::Role;
use presale_core::content::Library;
use presale_core::privacy::consent::Purpose;
use presale_core::records::client::ClientFields;
use presale_core::records::outcome::OutcomeEdit;
use presale_core::records::record::RecordEdit;
use presale_core::service::{consulting, Actor};
use std::path::Path;

/// A database of its own in the private cluster (`prefix_<unique>`), as the owner's URL;
/// `None` to skip, saying why, without `PRESALE_TEST_PG_URL` (a panic instead when
/// `PRESALE_TEST_PG_REQUIRED` is set).
pub fn server_url(test: &str, prefix: &str) -> Option<String> {
    let Ok(url) = std::env::var("PRESALE_TEST_PG_URL") else {
        if std::env::var_os("PRESALE_TEST_PG_REQUIRED").is_some() {
            panic!("{test}: PRESALE_TEST_PG_REQUIRED is set but PRESALE_TEST_PG_URL is not");
        }
        eprintln!("{test}: skipped: PRESALE_TEST_PG_URL is not set (./test.sh starts a server)");
        return None;
    };
    // Roles are shared by the cluster: the device names the tests choose are unique too.
    let admin: postgres::Config = url.parse().unwrap();
    let db = format!("{prefix}_{}", unique());
    let mut c = admin.connect(postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (base, _) = url.rsplit_once('/').unwrap();
    Some(format!("{base}/{db}"))
}

/// The process id and the clock's nanoseconds: unique across the tests of a run.
pub fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{}_{nanos}", std::process::id())
}

/// One finished consultation per client name in the device's database, through the use cases
/// the window calls (the agent created the first time).
pub fn finish(data_dir: &Path, names: &[&str]) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/content/base");
    let (library, _) = Library::load(&content);
    let conn = presale_core::db::open(&data_dir.join(presale_core::db::FILE_NAME)).unwrap();
    let existing: Option<i64> = conn
        .query_row("SELECT min(id) FROM agents", [], |r| r.get(0))
        .unwrap();
    let id = existing.unwrap_or_else(|| {
        let first = NewAgent {
            name: "王芳".into(),
            licence_number: "0201-2024-88".into(),
            pin: "246810".into(),
            supervisor: true,
        };
        agent::create_first(&conn, &first).unwrap().id
    });
    let actor = Actor::new(Role::Agent(id));
    for name in names {
        let c = consulting::current(&conn, actor).unwrap().consultation.id;
        consulting::give_consents(&conn, actor, "2026-11", &[Purpose::SaveConsultation]).unwrap();
        let person = ClientFields {
            name: Some((*name).into()),
            ..ClientFields::default()
        };
        consulting::create_client(&conn, actor, Some(c), &person).unwrap();
        let edit = RecordEdit {
            outcome: Some(OutcomeEdit {
                status: Some("deciding".into()),
                ..Default::default()
            }),
            ..RecordEdit::default()
        };
        consulting::finish(&conn, actor, &library, c, &edit).unwrap();
    }
}

/// The rows waiting in the device's outbox (every kind).
pub fn waiting(data_dir: &Path) -> i64 {
    let conn = presale_core::db::open(&data_dir.join(presale_core::db::FILE_NAME)).unwrap();
    presale_core::fleet::outbox::status(&conn).unwrap().waiting
}
