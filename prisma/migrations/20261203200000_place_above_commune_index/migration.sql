-- The places above a commune (about 1,000 of 17,000), which every full rollup computation keeps
-- (src/rollup/engine-sql.ts fullKeptSql): read from this index instead of a scan of every commune.
-- Partial, with the engine's own predicate spelled the same so the planner matches it.
-- An internal index of the engine: schema.prisma does not list it (Prisma's schema cannot state a predicate).
CREATE INDEX IF NOT EXISTS "place_above_commune_idx" ON "place" ("key") WHERE "level" <> 'COMMUNE';
