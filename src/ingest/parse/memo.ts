/**
 * Results of the pure parsers remembered for the length of one run: an extraction reads each
 * figure's text while scanning and again when it runs the importer's checks on its draft. Nothing
 * is kept after the run (a cache across reports would only ever help a benchmark that repeats them).
 * A failing parse is not remembered: it throws again.
 */
let active: Map<string, unknown> | null = null;

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

/** `compute()`, or what it returned for `key` earlier in the current run. */
export function memoised<T>(key: string, compute: () => T): T {
  if (!active) return compute();
  if (active.has(key)) return active.get(key) as T;
  const value = compute();
  active.set(key, value);
  return value;
}
