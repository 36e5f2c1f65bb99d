/**
 * Results of the pure parsers remembered for the length of one run: an extraction reads each
 * figure's text while scanning and again when it runs the importer's checks on its draft. Nothing
 * is kept after the run (a cache across reports would only ever help a benchmark that repeats them).
 * A failing parse is not remembered: it throws again.
 */
/** What each parser computed, by parser and by the text it read. */
let active: Map<string, Map<string, unknown>> | null = null;

/** Runs `run` with a memo that the parsers fill and read; nested runs share the outer one. */
export function withParseMemo<T>(run: () => T): T {
  if (active) return run();
  active = new Map();
  try {
    return run();
  } finally {
    active = null;
  }
}

/**
 * `compute()`, or what it returned for `key` in `parser` earlier in the current run. The text itself is
 * the key (no key built by concatenation: a long quote would be copied and hashed again each time).
 */
export function memoised<T>(parser: string, key: string, compute: () => T): T {
  if (!active) return compute();
  let results = active.get(parser);
  if (!results) active.set(parser, (results = new Map()));
  if (results.has(key)) return results.get(key) as T;
  const value = compute();
  results.set(key, value);
  return value;
}
