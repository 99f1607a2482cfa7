-- The consents given in a consultation are its client's: when the consultation's client changes
-- (chosen, or another one chosen), those it was given in follow the new client, and the copies
-- carried from the previous client's earlier consultations are dropped (they were that client's,
-- not this one's). Kept in the schema so the consultation record (records::record) never reaches
-- into the privacy module's consents table; privacy::consent documents it.
CREATE TRIGGER consents_follow_client
AFTER UPDATE OF client_id ON consultations
FOR EACH ROW WHEN OLD.client_id IS NOT NEW.client_id
BEGIN
    DELETE FROM consents WHERE consultation_id = NEW.id AND carried_from IS NOT NULL;
    UPDATE consents SET client_id = NEW.client_id WHERE consultation_id = NEW.id;
END;
