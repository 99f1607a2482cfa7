-- The household policy review (issue #16; src/household/store.rs): every review computed for a
-- consultation, newest last, as the advice results are kept - the history is the rows. Erased
-- with the consultation (it has a consultation_id, so privacy's generic removal takes it).
CREATE TABLE household_reviews (
    id                    INTEGER PRIMARY KEY,
    consultation_id       INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    engine_version        TEXT NOT NULL,
    -- The household input the review read (HOUSEHOLD.md part 2), made from the answers.
    input                 TEXT NOT NULL,
    result                TEXT NOT NULL,
    created_at            TEXT NOT NULL
);
CREATE INDEX household_reviews_consultation ON household_reviews (consultation_id, id);
