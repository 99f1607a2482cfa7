//! The app's state over a damaged database: it starts with a notice instead of failing, never
//! changes the damaged file, and a restore chosen by the agent brings the records back; the
//! backup after a finished consultation is made in the background, never of a damaged file.

use presale_app::state::AppState;
use presale_core::consultation::Mode;
use presale_core::db;
use presale_core::records::backup;
use presale_core::records::startup::ProblemKind;
use std::fs;

#[test]
fn a_damaged_database_starts_with_a_notice_and_a_restore_brings_the_records_back() {
    let dir = tempfile::tempdir().unwrap();
    let content = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::FILE_NAME);
    {
        let conn = db::open(&path).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('marker', '保留', 'now')",
            [],
        )
        .unwrap();
        // A database in use has an agent (a backup without one is never offered).
        presale_core::access::agent::create_first(
            &conn,
            &presale_core::access::agent::NewAgent {
                name: "王芳".into(),
                licence_number: "0201-2024-88".into(),
                pin: "246810".into(),
                supervisor: true,
            },
        )
        .unwrap();
        backup::backup_now(&conn, dir.path(), backup::DEFAULT_KEEP).unwrap();
    }
    fs::write(&path, "garbage where the database was ".repeat(300)).unwrap();
    let before = fs::read(&path).unwrap();

    let state = AppState::open(dir.path().into(), content.path().into(), Mode::Agent)
        .expect("a damaged database never stops the app");
    let problem = state.startup_problem().expect("the agent is told");
    assert_eq!(problem.kind, ProblemKind::Corrupt);
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the damaged file is untouched"
    );
    let offered = problem.backup.expect("the newest good backup is offered");
    assert!(
        state.on_temporary_database(),
        "the window is told it runs on a temporary database"
    );
    // Someone logged in (on the temporary database) before the restore.
    state.session.log_in(1, presale_core::access::now_ms());

    assert!(
        state.restore_backup("presale-nonsense.db").is_err(),
        "only a listed backup can be restored"
    );
    state.restore_backup(&offered.name).unwrap();
    assert_eq!(
        state.startup_problem(),
        None,
        "the notice is gone after the restore"
    );
    let marker: String = state
        .db()
        .query_row("SELECT value FROM settings WHERE key = 'marker'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(marker, "保留", "the records are back");
    assert!(!state.on_temporary_database());
    assert_eq!(
        state
            .session
            .role(Mode::Agent, presale_core::access::now_ms()),
        presale_core::access::Role::Locked,
        "after a restore the window asks for a PIN again"
    );
    let kept = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("presale.db.replaced-")
        })
        .expect("the damaged file is kept aside");
    assert_eq!(fs::read(kept.path()).unwrap(), before, "byte for byte");
}

#[test]
fn a_finished_consultation_is_followed_by_a_backup_but_not_on_a_temporary_database() {
    let dir = tempfile::tempdir().unwrap();
    let content = tempfile::tempdir().unwrap();
    {
        let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
        presale_core::access::agent::create_first(
            &conn,
            &presale_core::access::agent::NewAgent {
                name: "王芳".into(),
                licence_number: "0201-2024-88".into(),
                pin: "246810".into(),
                supervisor: true,
            },
        )
        .unwrap();
    }
    let state = AppState::open(dir.path().into(), content.path().into(), Mode::Agent).unwrap();
    state.backup_after_finish();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while backup::list(dir.path()).unwrap().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        backup::list(dir.path()).unwrap().len(),
        1,
        "made in the background"
    );

    let damaged = tempfile::tempdir().unwrap();
    fs::write(damaged.path().join(db::FILE_NAME), "garbage ".repeat(500)).unwrap();
    let state = AppState::open(damaged.path().into(), content.path().into(), Mode::Agent).unwrap();
    state.backup_after_finish();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        backup::list(damaged.path()).unwrap().is_empty(),
        "the damaged file is never backed up over the good ones"
    );
}
