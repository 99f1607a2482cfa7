//! The schema as an ordered list of versioned migrations, each applied once in its own transaction.
//!
//! `PRAGMA user_version` records the last version applied. A migration is never edited after it
//! has shipped: change the schema by adding the next one.

use crate::{Error, Result};
use rusqlite::Connection;

/// One step of the schema.
pub struct Migration {
    /// Applied in increasing order; stored in `user_version` once applied.
    pub version: i64,
    /// A short name for logs and errors.
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "base: settings and consultation drafts",
        sql: include_str!("../../migrations/0001_base.sql"),
    },
    Migration {
        version: 2,
        name: "content: full-text search index of the library",
        sql: include_str!("../../migrations/0002_content_index.sql"),
    },
    Migration {
        version: 3,
        name: "content: clause states (shown, explained, acknowledged) per consultation",
        sql: include_str!("../../migrations/0003_clause_states.sql"),
    },
    Migration {
        version: 4,
        name: "questionnaire: answer drafts and advice results",
        sql: include_str!("../../migrations/0004_answers.sql"),
    },
    Migration {
        version: 5,
        name: "records: clients, finished consultations, consents, change history, audit log",
        sql: include_str!("../../migrations/0005_records.sql"),
    },
    Migration {
        version: 7,
        name: "access: agents with PIN lockout, leads, audit log head",
        sql: include_str!("../../migrations/0007_access.sql"),
    },
    Migration {
        version: 8,
        name: "consents: tied to the client, carried into a returning client's consultations",
        sql: include_str!("../../migrations/0008_client_consents.sql"),
    },
    Migration {
        version: 9,
        name: "records search: 1-2 character grams of client names and contact persons",
        sql: include_str!("../../migrations/0009_client_grams.sql"),
    },
    Migration {
        version: 10,
        name: "agents: supervisor role, escalating PIN lockout and who caused a lock",
        sql: include_str!("../../migrations/0010_agent_supervisor.sql"),
    },
    Migration {
        version: 11,
        name: "leads: what the visitor wants to talk about",
        sql: include_str!("../../migrations/0011_lead_topic.sql"),
    },
    Migration {
        version: 12,
        name: "records: the consultation's outcome, from which its retention follows",
        sql: include_str!("../../migrations/0012_outcomes.sql"),
    },
    Migration {
        version: 13,
        name: "leads: the consultation a call-back request was taken into",
        sql: include_str!("../../migrations/0013_lead_consultation.sql"),
    },
    Migration {
        version: 14,
        name: "consents: a consultation's consents follow its client (trigger)",
        sql: include_str!("../../migrations/0014_consents_follow_client.sql"),
    },
    Migration {
        version: 15,
        name: "fleet: the outbox of changes head office must see, and the sync state",
        sql: include_str!("../../migrations/0015_fleet_outbox.sql"),
    },
    Migration {
        version: 16,
        name: "answers: the row ids given in repeating groups, never reused",
        sql: include_str!("../../migrations/0016_answer_rows.sql"),
    },
    Migration {
        version: 17,
        name: "household: the policy reviews of a consultation",
        sql: include_str!("../../migrations/0017_household_reviews.sql"),
    },
    Migration {
        version: 18,
        name: "fleet: client files, consents, leads, audit entries and erasure tombstones in the outbox; agents from the roster",
        sql: include_str!("../../migrations/0018_fleet_outbox_kinds.sql"),
    },
    Migration {
        version: 19,
        name: "fleet: the kind of the sync's last failure, for the window's own words",
        sql: include_str!("../../migrations/0019_fleet_sync_error_kind.sql"),
    },
    Migration {
        version: 20,
        name: "household: the members and policies in the client file, and the groups prefilled from it",
        sql: include_str!("../../migrations/0020_client_households.sql"),
    },
    Migration {
        version: 21,
        name: "fleet: the outbox looked up by entity through an index, not a scan",
        sql: include_str!("../../migrations/0021_fleet_outbox_lookup.sql"),
    },
];

/// The schema version of an open database.
pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies every migration newer than the database's version.
pub fn migrate(conn: &Connection) -> Result<()> {
    let from = current_version(conn)?;
    let newest = MIGRATIONS.last().map_or(0, |m| m.version);
    if from > newest {
        return Err(Error::Content(format!(
            "the database is at schema version {from}, newer than this program knows ({newest}); \
             use a newer Presale"
        )));
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > from) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(m.sql).map_err(|e| {
            tracing::error!(version = m.version, name = m.name, error = %e, "migration failed");
            e
        })?;
        // user_version takes no bound parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
        tx.commit()?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_strictly_increasing() {
        for pair in MIGRATIONS.windows(2) {
            assert!(
                pair[0].version < pair[1].version,
                "migration {} must come before {}",
                pair[0].version,
                pair[1].version
            );
        }
    }

    #[test]
    fn every_earlier_version_upgrades_to_the_newest() {
        // Apply the first k migrations by hand, then let `migrate` finish: this is what a user with
        // an older Presale sees on upgrade.
        for k in 0..=MIGRATIONS.len() {
            let conn = Connection::open_in_memory().unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            for m in &MIGRATIONS[..k] {
                conn.execute_batch(m.sql).unwrap();
                conn.execute_batch(&format!("PRAGMA user_version = {}", m.version))
                    .unwrap();
            }
            migrate(&conn).unwrap();
            assert_eq!(
                current_version(&conn).unwrap(),
                MIGRATIONS.last().unwrap().version,
                "upgrading from after migration {k} reaches the newest schema"
            );
        }
    }

    #[test]
    fn a_database_from_a_newer_program_is_refused_not_damaged() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 9999").unwrap();
        let err = migrate(&conn).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
    }
}
