-- Consents belong to the client as well as to the consultation they were given in.
--
-- A returning client's consents in force (under the current privacy notice) are carried into a
-- new consultation as copies: carried_from names the row the client actually gave (its time and
-- notice version are copied unchanged), so each consultation still lists the consents that
-- covered it, and withdrawing any one of them withdraws the original and every copy.
ALTER TABLE consents ADD COLUMN carried_from INTEGER REFERENCES consents (id);
CREATE INDEX consents_carried_from ON consents (carried_from);

-- Consents given before this version were never tied to the client: tie those of finished
-- consultations now.
UPDATE consents
   SET client_id = (SELECT client_id FROM consultations c WHERE c.id = consents.consultation_id)
 WHERE client_id IS NULL AND consultation_id IS NOT NULL;
