//! The records command line as a user runs it: `presale records export|purge`, `presale backup`,
//! `presale restore FILE`: outputs, files, exit codes (2 for usage errors) and one-line errors
//! naming the argument.

use presale_core::consultation::{self, Mode};
use presale_core::db;
use presale_core::records::client::{self, ClientFields, ClientKind};
use presale_core::records::outcome::OutcomeEdit;
use presale_core::records::record::{self, RecordEdit};
use presale_core::settings::Language;
use std::path::Path;
use std::process::{Command, Output};

fn presale(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presale"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PRESALE_DATA_DIR")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A data directory with one finished consultation for 李娜 whose notes start with `=`.
fn with_one_record() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    let fields = ClientFields {
        kind: ClientKind::Person,
        name: Some("李娜".into()),
        phone: Some("13800138000".into()),
        ..Default::default()
    };
    let c = client::save(&conn, "test", None, &fields).unwrap();
    let id = consultation::start_draft(&conn, Mode::Agent, Language::ZhCn).unwrap();
    let edit = RecordEdit {
        client_id: Some(c.id),
        agent_name: Some("王芳".into()),
        agent_licence: Some("A123".into()),
        notes: Some("=1+1 客户关心等待期".into()),
        outcome: Some(OutcomeEdit {
            status: Some("declined".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    record::finish(&conn, "test", id, &edit).unwrap();
    dir
}

#[test]
fn exports_csv_to_a_file_with_bom_chinese_and_neutralised_formulas() {
    let dir = with_one_record();
    let out = dir.path().join("export.csv");
    let o = presale(
        dir.path(),
        &[
            "records",
            "export",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM");
    assert!(text.contains("李娜"), "Chinese intact");
    assert!(text.contains("'=1+1 客户关心等待期"), "formula neutralised");
    assert!(
        !dir.path().join("export.csv.partial").exists(),
        "no leftover partial file"
    );
}

#[test]
fn exports_json_to_standard_output_within_dates() {
    let dir = with_one_record();
    let o = presale(
        dir.path(),
        &[
            "records",
            "export",
            "--format",
            "json",
            "--since",
            "2000-01-01",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["records"][0]["client"]["name"], "李娜");
    let o = presale(
        dir.path(),
        &[
            "records",
            "export",
            "--format",
            "json",
            "--until",
            "2000-01-01",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["records"].as_array().unwrap().len(),
        0,
        "nothing before 2000"
    );
}

#[test]
fn usage_errors_exit_2_and_name_the_argument() {
    let dir = with_one_record();
    let cases: [(&[&str], &str); 4] = [
        (&["records", "export", "--format", "xml"], "--format"),
        (
            &[
                "records",
                "export",
                "--format",
                "csv",
                "--since",
                "2026-02-30",
            ],
            "--since",
        ),
        (
            &[
                "records",
                "export",
                "--format",
                "csv",
                "--until",
                "yesterday",
            ],
            "--until",
        ),
        (&["records", "purge"], "--expired"),
    ];
    for (args, named) in cases {
        let o = presale(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?} is a usage error");
        assert!(
            stderr(&o).contains(named),
            "{args:?} names {named}: {}",
            stderr(&o)
        );
    }
    let empty = tempfile::tempdir().unwrap();
    let o = presale(empty.path(), &["backup"]);
    assert_eq!(o.status.code(), Some(2), "no database is the user's to fix");
    assert!(
        !empty.path().join(db::FILE_NAME).exists(),
        "no empty database is created"
    );
}

#[test]
fn purge_dry_run_changes_nothing() {
    let dir = with_one_record();
    let o = presale(dir.path(), &["records", "purge", "--expired", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("would purge 0 consultations"), "{out}");
}

#[test]
fn backup_then_restore_keeps_the_replaced_file_and_refuses_a_damaged_backup() {
    let dir = with_one_record();
    let o = presale(dir.path(), &["backup"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let backup = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(
        Path::new(&backup).is_file(),
        "the backup's path is printed: {backup}"
    );

    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, "not a database ".repeat(200)).unwrap();
    let o = presale(dir.path(), &["restore", damaged.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "a damaged backup is refused");
    assert!(stderr(&o).contains("FILE"), "{}", stderr(&o));

    let o = presale(dir.path(), &["restore", &backup]);
    assert!(o.status.success(), "{}", stderr(&o));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("presale.db.replaced-")
        })
        .collect();
    assert!(!kept.is_empty(), "the previous database is kept");
    let conn = db::open(&dir.path().join(db::FILE_NAME)).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "李娜", "the restored database has the record");
}
