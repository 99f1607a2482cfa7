-- The last row id given in each questionnaire of a consultation (repeating groups: household
-- members, policies). A row id (`r1`, `r2`, ...) is never given twice, even after its row is
-- removed, so a reference to a removed row can never come to mean another one.
CREATE TABLE answer_row_ids (
    consultation_id  INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    questionnaire_id TEXT NOT NULL,
    last_row         INTEGER NOT NULL CHECK (last_row >= 0),
    PRIMARY KEY (consultation_id, questionnaire_id)
);
