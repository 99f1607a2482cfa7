-- A call-back request taken into a consultation: which one, so that the lead shows as being
-- handled and the consultation can offer the lead's details for its client file. Set null if the
-- consultation is ever deleted (a kiosk visit's reset deletes only kiosk consultations).
ALTER TABLE leads ADD COLUMN consultation_id INTEGER REFERENCES consultations (id) ON DELETE SET NULL;
CREATE INDEX leads_consultation ON leads (consultation_id);
