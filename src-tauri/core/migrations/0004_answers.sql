-- Questionnaire answers, saved one by one as they are given, so a crash or a closed window loses
-- nothing. Each answer keeps the version (SHA-256) of the questionnaire it answered.
CREATE TABLE answers (
    id                    INTEGER PRIMARY KEY,
    consultation_id       INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    question_id           TEXT NOT NULL,
    -- The answer in its canonical JSON form (see questionnaire/value.rs).
    value                 TEXT NOT NULL,
    -- Health answers (PIPL sensitive data), given only with the separate consent.
    sensitive             INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    answered_at           TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    UNIQUE (consultation_id, questionnaire_id, question_id)
);

-- Every needs analysis computed in a consultation: the exact profile it read (answers plus the
-- agent's edits), the result, and the versions that make it reproducible.
CREATE TABLE advice_results (
    id                    INTEGER PRIMARY KEY,
    consultation_id       INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    engine_version        TEXT NOT NULL,
    profile               TEXT NOT NULL,
    overrides             TEXT,
    result                TEXT NOT NULL,
    -- 1 when the profile used health answers: withdrawing the health consent deletes the result.
    sensitive             INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    created_at            TEXT NOT NULL
);
CREATE INDEX advice_results_consultation ON advice_results (consultation_id, id);
