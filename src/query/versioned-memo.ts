/**
 * What reads may keep between requests while the data is unchanged: small answers (is the rollup
 * built, which slices are stale, the flagged figures of a measure) kept under the data version, a
 * number that changes whenever the data may have changed (the server's LISTEN-driven DataVersion:
 * triggers on every table these answers read NOTIFY it). A new version drops everything; an
 * unknown version (null: not listening) keeps nothing, and every read goes to the database.
 *
 * Safe under the same argument as the response cache: a change commits before its notification
 * arrives, so an answer read before the notification is dropped when it arrives, and one read after
 * it is kept under the new version.
 */
export class VersionedMemo {
  private seen: number | null = null;
  private readonly values = new Map<string, Promise<unknown>>();

  constructor(private readonly version: () => number | null) {}

  /**
   * Forgets everything now: this process wrote (a mutation committed), and its next reads must see
   * it without waiting for the notification. Loads under way are forgotten too (kept from their start).
   */
  invalidate(): void {
    this.values.clear();
  }

  /** `load()`'s answer, kept under `key` until the data version changes. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const v = this.version();
    if (v === null) return load();
    if (v !== this.seen) {
      this.values.clear();
      this.seen = v;
    }
    let p = this.values.get(key) as Promise<T> | undefined;
    if (!p) {
      const loading = load();
      p = loading;
      this.values.set(key, loading);
      loading.catch(() => {
        if (this.values.get(key) === loading) this.values.delete(key); // a failure is never kept
      });
    }
    return p;
  }
}

/** Keeps nothing: every read goes to the database (tests, scripts, callers without a data version). */
export const NO_MEMO = new VersionedMemo(() => null);
