-- The consultation's outcome, asked at the finish step: what the client did, which product
-- (one presented), the sum insured and yearly premium (exact yuan as text, "500000.00"), and for
-- a purchase the policy period and the contract's end. The record's retention date
-- (consultations.retention_until) follows from it: see records/retention.rs. Records finished
-- before this migration have no row and keep the date they were given.
CREATE TABLE consultation_outcomes (
    consultation_id INTEGER PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
    status          TEXT NOT NULL
                    CHECK (status IN ('bought', 'deciding', 'declined', 'no_need')),
    product_id      TEXT,
    sum_insured     TEXT,
    premium         TEXT,
    policy_term     TEXT CHECK (policy_term IN ('one_year_or_less', 'longer')),
    contract_end    TEXT,
    recorded_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    -- A purchase names its product and policy period; the period and end belong to a purchase.
    CHECK (status <> 'bought' OR (product_id IS NOT NULL AND policy_term IS NOT NULL)),
    CHECK (status = 'bought' OR (policy_term IS NULL AND contract_end IS NULL))
);
