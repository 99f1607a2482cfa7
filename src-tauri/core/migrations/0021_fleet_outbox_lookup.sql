-- The outbox's lookup by entity (src/fleet/outbox.rs and the triggers of migrations 18 and 20):
-- each mark first deletes the entity's waiting row (`WHERE kind = ? AND entity_id = ?`), and
-- SQLite does not use migration 18's partial unique index for it (`kind = 'client'` is not
-- proven to imply `kind <> 'erasure'`, and a bound `kind` cannot be), so every save scanned the
-- whole outbox: a cost growing with the backlog of a device offline. A plain index serves the
-- delete; the partial one still keeps one waiting row per entity.
CREATE INDEX fleet_outbox_lookup ON fleet_outbox (kind, entity_id);
