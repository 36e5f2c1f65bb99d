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
  private readonly store: { seen: number | null; values: Map<string, Promise<unknown>>; writes: number };

  /**
   * `since`: a request's view (`forRequest`), which keeps nothing once this process has written
   * after the request began: the request may read a standby that has not replayed that write yet,
   * and what it read must not be kept for the requests that come after the write.
   */
  constructor(
    private readonly version: () => number | null,
    shared?: VersionedMemo,
    private readonly since?: number,
  ) {
    this.store = shared ? shared.store : { seen: null, values: new Map(), writes: 0 };
  }

  /** This memo as seen by a request beginning now (see `since`). */
  forRequest(): VersionedMemo {
    return new VersionedMemo(this.version, this, this.store.writes);
  }

  /**
   * Forgets everything now: this process wrote (a mutation committed), and its next reads must see
   * it without waiting for the notification. Loads under way are forgotten too (kept from their start),
   * and requests that began before the write keep nothing more.
   */
  invalidate(): void {
    this.store.writes++;
    this.store.values.clear();
  }

  /**
   * Whether `get` keeps what it loads now: the data version is known, and (for a request's view) this
   * process has not written since the request began. A caller can skip building what would not be kept.
   */
  get keeps(): boolean {
    return this.version() !== null && !(this.since !== undefined && this.since < this.store.writes);
  }

  /** `load()`'s answer, kept under `key` until the data version changes. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.keeps) return load();
    const v = this.version();
    const { store } = this;
    if (v !== store.seen) {
      store.values.clear();
      store.seen = v;
    }
    let p = store.values.get(key) as Promise<T> | undefined;
    if (!p) {
      const loading = load();
      p = loading;
      store.values.set(key, loading);
      loading.catch(() => {
        if (store.values.get(key) === loading) store.values.delete(key); // a failure is never kept
      });
    }
    return p;
  }
}

/** Keeps nothing: every read goes to the database (tests, scripts, callers without a data version). */
export const NO_MEMO = new VersionedMemo(() => null);
