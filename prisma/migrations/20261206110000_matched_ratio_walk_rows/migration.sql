-- matched_ratio_walk (prisma/migrations/20261205700000_matched_ratio_walk_tree) returns tens of keys
-- where PostgreSQL guessed a thousand, a set-returning function's default: on that guess `descend`
-- (src/query/compare/rollup-source.ts) joined the keys' cells by hashing, reading every cell of the
-- measures in the period range at every place (5,715 index entries for a ratio of sums over 4
-- provinces' districts, 12 ms) instead of seeking each key's (68 keys: 2 ms).
ALTER FUNCTION matched_ratio_walk(
  "Boundary", text[], text[], text[], date[], date[], date[], date[], text[], "FigureKind"[], text[], "FigureKind"[], jsonb)
  ROWS 100;
