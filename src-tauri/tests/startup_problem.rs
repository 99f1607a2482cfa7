//! The app's state over a damaged database: it starts with a notice instead of failing, never
//! changes the damaged file, and a restore chosen by the agent brings the records back.

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
    state.session.log_in(1);

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
        state.session.role(Mode::Agent),
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
