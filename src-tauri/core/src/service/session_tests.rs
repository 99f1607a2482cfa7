//! Tests of the window's session: the backend's idle lock, the kiosk visitor cleared after a
//! lapse, and PIN logins charged to the session that was open.

use super::*;
use crate::access::agent::{self, NewAgent};
use crate::db;

const MIN: i64 = 60_000;

fn timeouts() -> Timeouts {
    Timeouts {
        kiosk_idle_secs: 90,
        kiosk_warning_secs: 20,
        agent_lock_secs: 300,
    }
}

fn agent(conn: &Connection, name: &str, pin: &str, first: bool) -> i64 {
    let new = NewAgent {
        name: name.into(),
        licence_number: format!("0201-2024-{}", name.len()),
        pin: pin.into(),
        supervisor: true,
    };
    if first {
        agent::create_first(conn, &new).unwrap().id
    } else {
        agent::add(conn, 1, &new).unwrap().id
    }
}

fn audits(conn: &Connection, action: &str) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
        [action],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn an_idle_agent_is_locked_by_the_backend_after_the_windows_limit_and_the_grace() {
    let s = Session::new(timeouts());
    let t0 = 1_000 * MIN;
    s.log_in(7, t0);
    assert_eq!(
        s.role(Mode::Agent, t0 + 5 * MIN),
        Role::Agent(7),
        "at the window's limit"
    );
    assert_eq!(
        s.role(Mode::Agent, t0 + 5 * MIN + GRACE_SECS * 1000),
        Role::Agent(7),
        "still within the grace"
    );
    let late = t0 + 5 * MIN + GRACE_SECS * 1000 + 1;
    assert_eq!(
        s.role(Mode::Agent, late),
        Role::Locked,
        "past it: no command acts as the agent"
    );
    s.touch(Mode::Agent, late);
    assert_eq!(
        s.role(Mode::Agent, late),
        Role::Locked,
        "activity cannot revive a lapsed session"
    );
    assert_eq!(s.take_lapsed(Mode::Agent, late), Some(Lapsed::Agent(7)));
    assert_eq!(s.take_lapsed(Mode::Agent, late), None, "settled once");
    assert_eq!(s.role(Mode::Agent, late), Role::Locked);
}

#[test]
fn activity_keeps_the_session_and_nobody_lapses_before_any() {
    let s = Session::new(timeouts());
    assert_eq!(
        s.take_lapsed(Mode::Agent, i64::MAX / 2),
        None,
        "nobody logged in, nothing to stop"
    );
    let t0 = 1_000 * MIN;
    s.log_in(3, t0);
    for minute in 1..=30 {
        s.touch(Mode::Agent, t0 + minute * 4 * MIN);
    }
    let now = t0 + 120 * MIN + 5 * MIN;
    assert_eq!(
        s.role(Mode::Agent, now),
        Role::Agent(3),
        "touched every 4 minutes for 2 hours"
    );
    assert_eq!(s.take_lapsed(Mode::Agent, now), None);
    assert_eq!(
        s.role(Mode::Kiosk, now),
        Role::Kiosk,
        "a kiosk is never an agent"
    );
}

#[test]
fn a_kiosk_visit_lapses_after_idle_warning_and_grace() {
    let s = Session::new(timeouts());
    let t0 = 1_000 * MIN;
    s.touch(Mode::Kiosk, t0);
    let limit = (90 + 20 + GRACE_SECS) * 1000;
    assert_eq!(s.take_lapsed(Mode::Kiosk, t0 + limit), None);
    assert_eq!(
        s.take_lapsed(Mode::Kiosk, t0 + limit + 1),
        Some(Lapsed::Visit)
    );
    assert_eq!(
        s.take_lapsed(Mode::Kiosk, t0 + 10 * limit),
        None,
        "until the next visitor"
    );
}

#[test]
fn settling_a_lapse_audits_the_lock_or_clears_the_kiosk_visitor() {
    let conn = db::open_in_memory().unwrap();
    let id = agent(&conn, "王芳", "246810", true);
    assert!(settle(&conn, Lapsed::Agent(id)).unwrap());
    assert_eq!(audits(&conn, "agent.idle_lock"), 1);

    let draft =
        crate::consultation::current_or_start(&conn, Mode::Kiosk, Default::default()).unwrap();
    let before: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM consultations WHERE id = ?1",
            [draft],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(before, 1);
    assert!(
        settle(&conn, Lapsed::Visit).unwrap(),
        "the visitor's draft is deleted"
    );
    let after: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM consultations WHERE id = ?1",
            [draft],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, 0);
    assert!(
        !settle(&conn, Lapsed::Visit).unwrap(),
        "nothing left to clear"
    );
}

#[test]
fn a_login_as_another_agent_ends_the_session_and_wrong_pins_are_charged_to_it() {
    let conn = db::open_in_memory().unwrap();
    let a = agent(&conn, "王芳", "246810", true);
    let b = agent(&conn, "李明明", "135790", false);
    let s = Session::new(timeouts());
    let t0 = 1_000 * MIN;
    assert!(matches!(
        login(&conn, &s, a, "246810", t0).unwrap(),
        LoginOutcome::Ok { .. }
    ));
    assert_eq!(s.role(Mode::Agent, t0), Role::Agent(a));
    let wrong = login(&conn, &s, b, "000000", t0 + 1).unwrap();
    assert!(matches!(wrong, LoginOutcome::WrongPin { .. }), "{wrong:?}");
    assert_eq!(
        s.role(Mode::Agent, t0 + 1),
        Role::Locked,
        "a's session ended first"
    );
    assert_eq!(audits(&conn, "agent.logout"), 1, "and that end is audited");
    assert!(matches!(
        login(&conn, &s, b, "135790", t0 + 2).unwrap(),
        LoginOutcome::Ok { .. }
    ));
    assert_eq!(s.role(Mode::Agent, t0 + 2), Role::Agent(b));
    end(&conn, &s, "agent.lock").unwrap();
    assert_eq!(s.role(Mode::Agent, t0 + 3), Role::Locked);
    assert_eq!(audits(&conn, "agent.lock"), 1);
    end(&conn, &s, "agent.lock").unwrap();
    assert_eq!(
        audits(&conn, "agent.lock"),
        1,
        "nobody logged in: nothing to audit"
    );
}

#[test]
fn the_first_agent_is_set_up_once_never_on_a_temporary_database_nor_at_a_kiosk() {
    let conn = db::open_in_memory().unwrap();
    let s = Session::new(timeouts());
    let new = NewAgent {
        name: "王芳".into(),
        licence_number: "0201-2024-88".into(),
        pin: "246810".into(),
        supervisor: true,
    };
    let locked = Actor::new(Role::Locked);
    let err = set_up(&conn, &s, locked, &new, true, 0).unwrap_err();
    assert!(
        matches!(err, Error::Forbidden(_)),
        "temporary database: {err:?}"
    );
    let err = set_up(&conn, &s, Actor::new(Role::Kiosk), &new, false, 0).unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "kiosk: {err:?}");
    let created = set_up(&conn, &s, locked, &new, false, 0).unwrap();
    assert_eq!(
        s.role(Mode::Agent, 0),
        Role::Agent(created.id),
        "logged in at once"
    );
    assert!(
        set_up(&conn, &s, locked, &new, false, 0).is_err(),
        "only once"
    );
}

#[test]
fn a_restore_needs_an_agent_unless_nobody_can_log_in_and_never_a_kiosk() {
    assert!(may_restore(Actor::new(Role::Agent(1)), false).is_ok());
    assert!(
        may_restore(Actor::new(Role::Locked), true).is_ok(),
        "temporary database"
    );
    assert!(matches!(
        may_restore(Actor::new(Role::Locked), false),
        Err(Error::Locked)
    ));
    assert!(matches!(
        may_restore(Actor::new(Role::Kiosk), true),
        Err(Error::Forbidden(_))
    ));
}

#[test]
fn a_revoked_agent_is_logged_out_at_the_next_check() {
    let s = Session::new(timeouts());
    s.log_in(4, 0);
    assert_eq!(
        s.role_unless_revoked(Mode::Agent, 1, |_| false),
        Role::Agent(4)
    );
    assert_eq!(
        s.role_unless_revoked(Mode::Agent, 2, |id| id == 4),
        Role::Locked
    );
    assert_eq!(
        s.role(Mode::Agent, 3),
        Role::Locked,
        "the session stays ended"
    );
    assert_eq!(s.role_unless_revoked(Mode::Kiosk, 4, |_| true), Role::Kiosk);
}
