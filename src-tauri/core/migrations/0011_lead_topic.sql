-- "Ask an agent" says what the visitor wants to talk about (a key the agents' list translates).
ALTER TABLE leads ADD COLUMN topic TEXT NOT NULL DEFAULT '';
