//! The write transaction every change runs in, nestable: a use case of the application layer
//! (`crate::service`) opens one and calls domain functions that open their own; those then run
//! as savepoints inside it, so the whole use case commits or rolls back as one.

use crate::Result;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::ops::Deref;

/// A write transaction (or, inside one, a savepoint). Rolled back when dropped uncommitted.
pub struct Write<'c> {
    conn: &'c Connection,
    /// Whether this opened the transaction itself (else it is a savepoint in the caller's).
    outer: bool,
    done: bool,
}

/// Starts a write: `BEGIN IMMEDIATE` when no transaction is open, else a savepoint in it.
/// IMMEDIATE because writes read first (the audit chain's head, the old values for the
/// history): with a deferred transaction a second writer (the command line while the app runs)
/// could slip in between and fork the audit chain; this way it waits (busy timeout) instead.
pub fn write(conn: &Connection) -> Result<Write<'_>> {
    let outer = conn.is_autocommit();
    conn.execute_batch(if outer {
        "BEGIN IMMEDIATE"
    } else {
        "SAVEPOINT presale_write"
    })?;
    Ok(Write {
        conn,
        outer,
        done: false,
    })
}

impl Write<'_> {
    /// Commits the transaction, or releases the savepoint into the caller's transaction (which
    /// still decides whether it all lands).
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch(if self.outer {
            "COMMIT"
        } else {
            "RELEASE presale_write"
        })?;
        Ok(())
    }
}

impl Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Write<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        // An error here leaves nothing to undo that SQLite would not undo itself.
        let _ = self.conn.execute_batch(if self.outer {
            "ROLLBACK"
        } else {
            "ROLLBACK TO presale_write; RELEASE presale_write"
        });
    }
}

/// A top-level write transaction as rusqlite's own type, for code that names that type
/// (`access::agent`, `access::pin`); everything else uses the nestable [`write`], which a use
/// case of `service` can wrap in its one transaction. IMMEDIATE for the same reason as `write`.
pub(crate) fn write_tx(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(Transaction::new_unchecked(
        conn,
        TransactionBehavior::Immediate,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_nested_write_lands_only_with_the_outer_one() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        {
            let outer = write(&conn).unwrap();
            let inner = write(&outer).unwrap();
            inner.execute("INSERT INTO t VALUES (1)", []).unwrap();
            inner.commit().unwrap();
            // The outer one is dropped without commit: the inner insert goes with it.
        }
        assert_eq!(count(&conn), 0);
        let outer = write(&conn).unwrap();
        {
            let failed = write(&outer).unwrap();
            failed.execute("INSERT INTO t VALUES (2)", []).unwrap();
            // Dropped: only the savepoint is undone.
        }
        outer.execute("INSERT INTO t VALUES (3)", []).unwrap();
        outer.commit().unwrap();
        assert_eq!(count(&conn), 1, "the outer write kept its own row only");
        assert!(conn.is_autocommit(), "nothing left open");
    }
}
