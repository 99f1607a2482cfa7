-- Full-text search over the content library, both languages. The trigram tokenizer finds
-- Chinese words (no spaces between them) as well as English ones; terms shorter than three
-- characters are matched with LIKE instead (see content/search.rs).
CREATE VIRTUAL TABLE content_fts USING fts5(
    title,
    body,
    kind UNINDEXED,        -- product | clause | term
    item_id UNINDEXED,
    product_id UNINDEXED,  -- the clause's product; empty for products' own rows and terms
    language UNINDEXED,    -- zh-CN | en
    tokenize = 'trigram'
);

-- Which library the index was built from, so start-up rebuilds it only when content changed.
CREATE TABLE content_index_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    built_at    TEXT NOT NULL
);
