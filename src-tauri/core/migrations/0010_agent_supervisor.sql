-- Agents: the supervisor role and the escalating PIN lockout.
--
-- supervisor: may unlock a colleague's profile (never their own). The first agent set up is one;
-- an existing installation's oldest profile becomes one so that someone can still unlock.
-- lock_level: locks since the last right PIN (5 min, then 30 min, then until a supervisor or the
-- machine's owner unlocks); an unlock lifts the lock but keeps the level, so unlocking does not
-- buy a fresh series of guesses. A lock until unlocked stores locked_until_ms = 9223372036854775807.
-- locked_from: the agent whose session was open at the window when the lock was caused (NULL when
-- none had been since the app started): that agent may not unlock it.
ALTER TABLE agents ADD COLUMN supervisor INTEGER NOT NULL DEFAULT 0 CHECK (supervisor IN (0, 1));
ALTER TABLE agents ADD COLUMN lock_level INTEGER NOT NULL DEFAULT 0 CHECK (lock_level >= 0);
ALTER TABLE agents ADD COLUMN locked_from INTEGER;
UPDATE agents SET supervisor = 1 WHERE id = (SELECT min(id) FROM agents);
