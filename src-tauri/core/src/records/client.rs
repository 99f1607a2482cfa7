//! The insured's file: a person or an enterprise, created once and kept up to date across their
//! consultations. Every change is kept in the history; erasing removes the personal data. One
//! read (`get`) holds the household kept from the latest consultation (`household`).

use super::history::{self, Entity};
use super::household::{self, ClientHousehold};
use crate::audit;
use crate::validate::{self, NAME_MAX, TEXT_MAX};
use crate::{clock, Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A person or an enterprise (the source text's "file of the insured").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    #[default]
    Person,
    Enterprise,
}

impl ClientKind {
    pub fn tag(self) -> &'static str {
        match self {
            ClientKind::Person => "person",
            ClientKind::Enterprise => "enterprise",
        }
    }

    fn from_tag(tag: &str) -> ClientKind {
        if tag == "enterprise" {
            ClientKind::Enterprise
        } else {
            ClientKind::Person
        }
    }
}

/// The client's details as typed by the agent (JSON from the UI, snake_case keys). Empty strings
/// mean "not given". Person fields: gender (`female`/`male`/`other`), birth_date, occupation.
/// Enterprise fields: legal_representative, contact_person, industry, property, location,
/// disaster_prevention. Both: name (the person's name or the unit name), phone, email, address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientFields {
    pub kind: ClientKind,
    pub name: Option<String>,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub occupation: Option<String>,
    pub legal_representative: Option<String>,
    pub contact_person: Option<String>,
    pub industry: Option<String>,
    pub property: Option<String>,
    pub location: Option<String>,
    pub disaster_prevention: Option<String>,
}

/// The personal columns, in table order. Also the list of what erasing empties.
const COLUMNS: [&str; 13] = [
    "name",
    "gender",
    "birth_date",
    "phone",
    "email",
    "address",
    "occupation",
    "legal_representative",
    "contact_person",
    "industry",
    "property",
    "location",
    "disaster_prevention",
];

const PERSON_ONLY: [&str; 3] = ["gender", "birth_date", "occupation"];
const ENTERPRISE_ONLY: [&str; 6] = [
    "legal_representative",
    "contact_person",
    "industry",
    "property",
    "location",
    "disaster_prevention",
];

impl ClientFields {
    /// The values in [`COLUMNS`] order.
    fn values(&self) -> [Option<String>; 13] {
        [
            self.name.clone(),
            self.gender.clone(),
            self.birth_date.clone(),
            self.phone.clone(),
            self.email.clone(),
            self.address.clone(),
            self.occupation.clone(),
            self.legal_representative.clone(),
            self.contact_person.clone(),
            self.industry.clone(),
            self.property.clone(),
            self.location.clone(),
            self.disaster_prevention.clone(),
        ]
    }

    /// Checks and normalises every field; the first problem is returned naming its field.
    pub fn validated(&self) -> Result<ClientFields> {
        let t = |f: &str, v: &Option<String>, max| validate::text(f, v.as_deref(), max);
        let gender = match t("gender", &self.gender, 10)?.as_deref() {
            None => None,
            Some(g @ ("female" | "male" | "other")) => Some(g.to_string()),
            Some(_) => {
                return Err(Error::invalid(
                    "gender",
                    "must be `female`, `male` or `other`",
                ))
            }
        };
        let out = ClientFields {
            kind: self.kind,
            name: Some(validate::required("name", self.name.as_deref(), NAME_MAX)?),
            gender,
            birth_date: validate::birth_date("birth_date", self.birth_date.as_deref())?
                .map(|d| d.to_string()),
            phone: validate::phone("phone", self.phone.as_deref())?,
            email: validate::email("email", self.email.as_deref())?,
            address: t("address", &self.address, TEXT_MAX)?,
            occupation: t("occupation", &self.occupation, NAME_MAX)?,
            legal_representative: t("legal_representative", &self.legal_representative, NAME_MAX)?,
            contact_person: t("contact_person", &self.contact_person, NAME_MAX)?,
            industry: t("industry", &self.industry, NAME_MAX)?,
            property: t("property", &self.property, TEXT_MAX)?,
            location: t("location", &self.location, TEXT_MAX)?,
            disaster_prevention: t("disaster_prevention", &self.disaster_prevention, TEXT_MAX)?,
        };
        let (other_kind, kind_name) = match self.kind {
            ClientKind::Person => (&ENTERPRISE_ONLY[..], "an enterprise"),
            ClientKind::Enterprise => (&PERSON_ONLY[..], "a person"),
        };
        for (col, value) in COLUMNS.iter().zip(out.values()) {
            if value.is_some() && other_kind.contains(col) {
                return Err(Error::invalid(*col, format!("applies only to {kind_name}")));
            }
        }
        Ok(out)
    }
}

/// A client as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Client {
    pub id: i64,
    #[serde(flatten)]
    pub fields: ClientFields,
    pub created_at: String,
    pub updated_at: String,
    /// Set when the personal data was removed; the fields are then empty.
    pub erased_at: Option<String>,
    /// The members and policies kept from the client's latest finished consultation; read by
    /// `get` (so the record, the export and head office's copy hold it), left out of lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub household: Option<ClientHousehold>,
}

const SELECT: &str = "SELECT id, kind, name, gender, birth_date, phone, email, address, occupation,
    legal_representative, contact_person, industry, property, location, disaster_prevention,
    created_at, updated_at, erased_at FROM clients";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Client> {
    let kind: String = r.get(1)?;
    Ok(Client {
        id: r.get(0)?,
        fields: ClientFields {
            kind: ClientKind::from_tag(&kind),
            name: r.get(2)?,
            gender: r.get(3)?,
            birth_date: r.get(4)?,
            phone: r.get(5)?,
            email: r.get(6)?,
            address: r.get(7)?,
            occupation: r.get(8)?,
            legal_representative: r.get(9)?,
            contact_person: r.get(10)?,
            industry: r.get(11)?,
            property: r.get(12)?,
            location: r.get(13)?,
            disaster_prevention: r.get(14)?,
        },
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        erased_at: r.get(17)?,
        household: None,
    })
}

/// One client.
pub fn get(conn: &Connection, id: i64) -> Result<Client> {
    let mut client = conn
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("client {id}")))?;
    client.household = household::get(conn, id)?;
    Ok(client)
}

/// Clients (not erased) whose name or unit name, phone or contact person contains `text`,
/// most recently updated first: for choosing an existing client when a consultation starts.
pub fn find(conn: &Connection, text: &str, limit: u32) -> Result<Vec<Client>> {
    let Some(m) = super::search::matching_clients(Some(text))? else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "{SELECT} WHERE erased_at IS NULL AND id IN ({})
         ORDER BY updated_at DESC, id DESC LIMIT {}",
        m.sql,
        limit.min(200)
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(rusqlite::params_from_iter(&m.values), from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Creates a client (`id` None) or updates one, after validation; returns it as stored.
pub fn save(
    conn: &Connection,
    actor: &str,
    id: Option<i64>,
    input: &ClientFields,
) -> Result<Client> {
    let fields = input.validated()?;
    let tx = crate::db::write(conn)?;
    let id = match id {
        None => insert(&tx, actor, &fields)?,
        Some(id) => {
            update(&tx, actor, id, &fields)?;
            id
        }
    };
    tx.commit()?;
    get(conn, id)
}

fn insert(conn: &Connection, actor: &str, fields: &ClientFields) -> Result<i64> {
    let now = clock::now_rfc3339();
    let values = fields.values();
    conn.execute(
        "INSERT INTO clients (kind, name, gender, birth_date, phone, email, address, occupation,
             legal_representative, contact_person, industry, property, location,
             disaster_prevention, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        params![
            fields.kind.tag(),
            values[0],
            values[1],
            values[2],
            values[3],
            values[4],
            values[5],
            values[6],
            values[7],
            values[8],
            values[9],
            values[10],
            values[11],
            values[12],
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut changes = vec![("kind", None, Some(fields.kind.tag().to_string()))];
    changes.extend(COLUMNS.iter().zip(values).map(|(c, v)| (*c, None, v)));
    history::record(conn, actor, Entity::Client, id, &changes)?;
    audit::append(conn, actor, "client.create", "client", Some(id), json!({}))?;
    Ok(id)
}

fn update(conn: &Connection, actor: &str, id: i64, fields: &ClientFields) -> Result<()> {
    let old = get(conn, id)?;
    if old.erased_at.is_some() {
        return Err(Error::invalid(
            "client",
            "this client's data was erased; create a new client instead",
        ));
    }
    if old.fields.kind != fields.kind {
        return Err(Error::invalid(
            "kind",
            "a person cannot become an enterprise or the reverse; create a new client",
        ));
    }
    let changes: Vec<_> = COLUMNS
        .iter()
        .zip(old.fields.values().into_iter().zip(fields.values()))
        .filter(|(_, (o, n))| o != n)
        .map(|(c, (o, n))| (*c, o, n))
        .collect();
    if changes.is_empty() {
        return Ok(());
    }
    // Column names come from the fixed COLUMNS list, never from input.
    let set: Vec<String> = changes
        .iter()
        .enumerate()
        .map(|(i, (c, _, _))| format!("{c} = ?{}", i + 3))
        .collect();
    let sql = format!(
        "UPDATE clients SET updated_at = ?1, {} WHERE id = ?2",
        set.join(", ")
    );
    let mut values: Vec<&dyn rusqlite::ToSql> = Vec::new();
    let now = clock::now_rfc3339();
    values.push(&now);
    values.push(&id);
    for (_, _, new) in &changes {
        values.push(new);
    }
    conn.execute(&sql, values.as_slice())?;
    history::record(conn, actor, Entity::Client, id, &changes)?;
    let names: Vec<&str> = changes.iter().map(|(c, _, _)| *c).collect();
    audit::append(
        conn,
        actor,
        "client.update",
        "client",
        Some(id),
        json!({ "fields": names }),
    )?;
    Ok(())
}

/// Clears a client's phone and e-mail inside the caller's transaction (the consent to be
/// contacted was withdrawn: `privacy::consent`). Returns the rows changed.
pub(crate) fn clear_contact_in(conn: &Connection, id: i64, now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE clients SET phone = NULL, email = NULL, updated_at = ?1 WHERE id = ?2",
        params![now, id],
    )?)
}

/// Empties a client's personal data inside the caller's transaction; the row stays (kind, dates,
/// `erased_at`) so consultations and audit entries keep a target. Their history and the
/// household kept in the file go too.
pub(crate) fn erase_in(conn: &Connection, id: i64) -> Result<()> {
    household::erase_in(conn, id)?;
    let set: Vec<String> = COLUMNS.iter().map(|c| format!("{c} = NULL")).collect();
    let sql = format!(
        "UPDATE clients SET {}, erased_at = ?1, updated_at = ?1 WHERE id = ?2",
        set.join(", ")
    );
    let n = conn.execute(&sql, params![clock::now_rfc3339(), id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("client {id}")));
    }
    history::forget(conn, Entity::Client, id)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;
    use crate::records::tests::person;

    #[test]
    fn creates_a_person_and_reads_it_back() {
        let conn = db::open_in_memory().unwrap();
        let mut input = person(" 李娜 ", "138 0013 8000");
        input.gender = Some("female".into());
        input.birth_date = Some("1988-05-20".into());
        let c = save(&conn, "agent", None, &input).unwrap();
        assert_eq!(c.fields.name.as_deref(), Some("李娜"), "names are trimmed");
        assert_eq!(
            c.fields.phone.as_deref(),
            Some("13800138000"),
            "phones normalised"
        );
        assert_eq!(
            get(&conn, c.id).unwrap(),
            c,
            "what is saved is what is read"
        );
    }

    #[test]
    fn an_enterprise_keeps_its_file() {
        let conn = db::open_in_memory().unwrap();
        let input = ClientFields {
            kind: ClientKind::Enterprise,
            name: Some("杭州明远仓储有限公司".into()),
            legal_representative: Some("王建国".into()),
            contact_person: Some("赵敏".into()),
            industry: Some("仓储物流".into()),
            property: Some("仓库两座，存货约 3000 万元，含易燃品".into()),
            location: Some("杭州市余杭区".into()),
            disaster_prevention: Some("喷淋系统；每月消防检查".into()),
            ..Default::default()
        };
        let c = save(&conn, "agent", None, &input).unwrap();
        assert_eq!(c.fields, input.validated().unwrap());
    }

    #[test]
    fn rejects_fields_of_the_other_kind_naming_them() {
        let conn = db::open_in_memory().unwrap();
        let mut input = person("李娜", "13800138000");
        input.industry = Some("餐饮".into());
        let err = save(&conn, "agent", None, &input).unwrap_err();
        assert_eq!(err.to_public().field.as_deref(), Some("industry"));
        let no_name = ClientFields::default();
        let err = save(&conn, "agent", None, &no_name).unwrap_err();
        assert_eq!(
            err.to_public().field.as_deref(),
            Some("name"),
            "a client needs a name"
        );
    }

    #[test]
    fn an_update_keeps_the_old_value_in_the_history() {
        let conn = db::open_in_memory().unwrap();
        let c = save(&conn, "agent", None, &person("李娜", "13800138000")).unwrap();
        let mut edit = c.fields.clone();
        edit.phone = Some("13900139000".into());
        save(&conn, "agent 2", Some(c.id), &edit).unwrap();
        let (old, new, actor): (Option<String>, Option<String>, String) = conn
            .query_row(
                "SELECT old_value, new_value, actor FROM record_changes
                 WHERE entity = 'client' AND entity_id = ?1 AND field = 'phone'
                 ORDER BY id DESC LIMIT 1",
                [c.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(old.as_deref(), Some("13800138000"), "the old phone is kept");
        assert_eq!(new.as_deref(), Some("13900139000"));
        assert_eq!(actor, "agent 2", "who changed it is kept");
        save(&conn, "agent", Some(c.id), &edit).unwrap();
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM record_changes WHERE entity = 'client' AND field = 'phone'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 2, "saving without a change adds no history");
    }

    #[test]
    fn finds_existing_clients_by_fragment_but_not_erased_ones() {
        let conn = db::open_in_memory().unwrap();
        let a = save(&conn, "agent", None, &person("欧阳娜娜", "13800138000")).unwrap();
        let b = save(&conn, "agent", None, &person("Ouyang Nana", "13912345678")).unwrap();
        let ids =
            |t: &str| -> Vec<i64> { find(&conn, t, 10).unwrap().iter().map(|c| c.id).collect() };
        assert_eq!(ids("娜娜"), [a.id], "a two-character fragment");
        assert_eq!(ids("ouyang"), [b.id], "English, any case");
        assert_eq!(ids("0013800"), [a.id], "a phone fragment");
        assert!(
            ids("").is_empty(),
            "an empty query finds nobody rather than everybody"
        );
        let tx = conn.unchecked_transaction().unwrap();
        erase_in(&tx, a.id).unwrap();
        tx.commit().unwrap();
        assert!(
            ids("0013800").is_empty(),
            "an erased client is never offered"
        );
    }

    #[test]
    fn a_person_cannot_turn_into_an_enterprise() {
        let conn = db::open_in_memory().unwrap();
        let c = save(&conn, "agent", None, &person("李娜", "13800138000")).unwrap();
        let mut edit = c.fields.clone();
        edit.kind = ClientKind::Enterprise;
        edit.phone = None;
        let err = save(&conn, "agent", Some(c.id), &edit).unwrap_err();
        assert_eq!(err.to_public().field.as_deref(), Some("kind"));
    }
}
