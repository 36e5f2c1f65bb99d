-- The flagged (IMPLAUSIBLE) figures of a slice, for an incremental refresh's flagged_excluded
-- counts and the places they lie in (src/rollup/engine-sql.ts): a few index entries instead of every
-- figure of the slice's measure and kind. Partial, so it holds the flagged figures alone (about
-- 0.5 % of them); the predicate is the engine's own test, spelled the same so the planner matches it.
-- An internal index of the engine: schema.prisma does not list it (Prisma's schema cannot state a predicate).
CREATE INDEX IF NOT EXISTS "figure_flagged_slice_idx"
  ON "figure" ("measure_code", "kind", "period_start", "period_end")
  WHERE 'IMPLAUSIBLE' = ANY (coalesce("flags", '{}'));
