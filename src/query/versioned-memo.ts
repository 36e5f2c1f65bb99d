import type { ReadTarget } from "../shared/deps.ts";

/**
 * What reads may keep between requests while the data is unchanged: small answers (is the rollup
 * built, which slices are stale, the flagged figures of a measure) kept under the data version, a
 * number that changes whenever the data may have changed (the server's LISTEN-driven DataVersion:
 * triggers on every table these answers read NOTIFY it). A new version drops everything; an
 * unknown version (null: not listening) keeps nothing, and every read goes to the database.
 *
 * Safe under the same argument as the response cache: a change commits before its notification
 * arrives, so an answer read before the notification is dropped when it arrives, and one read after
 * it is kept under the new version. Behind a hot standby two more conditions hold (see `view`): an
 * answer is kept only under the version its database was chosen under, and only for readers of that
 * database, since a request pairs what is kept with cells it reads itself.
 */
export class VersionedMemo {
  private readonly store: { seen: number | null; values: Map<string, Promise<unknown>>; writes: number };

  /**
   * A request's view (`forRequest`, then `reading`) carries:
   * - `since`: this process's write count when the request began; the view keeps nothing once this
   *   process has written after that (the request may read a standby that has not replayed the write,
   *   and what it read must not be kept for the requests that come after the write);
   * - `source`: the database it reads; what is read from one is never served to readers of the other
   *   (the primary is ahead of a standby, and an answer newer than the cells read beside it is as wrong
   *   as an older one: it may say a slice is fresh while the standby still holds its old rollup);
   * - `at`: the data version its database was chosen under; it keeps nothing once the version has
   *   moved on (what it reads may predate changes the new version stands for).
   */
  constructor(
    private readonly version: () => number | null,
    shared?: VersionedMemo,
    private readonly view: { since?: number; source: ReadTarget["source"]; at?: number | null } = { source: "primary" },
  ) {
    this.store = shared ? shared.store : { seen: null, values: new Map(), writes: 0 };
  }

  /** This memo as seen by a request beginning now, reading the primary (see `view`). */
  forRequest(): VersionedMemo {
    return new VersionedMemo(this.version, this, {
      since: this.store.writes,
      source: "primary",
      at: this.version(),
    });
  }

  /** This request's view once it knows which database it reads, chosen under data version `at`. */
  reading(source: ReadTarget["source"], at: number | null): VersionedMemo {
    return new VersionedMemo(this.version, this, { since: this.view.since, source, at });
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
   * Whether `get` keeps what it loads now: the data version is known and is the one this view's
   * database was chosen under, and this process has not written since the request began. A caller can
   * skip building what would not be kept.
   */
  get keeps(): boolean {
    const { since, at } = this.view;
    const v = this.version();
    return v !== null && (at === undefined || at === v) && !(since !== undefined && since < this.store.writes);
  }

  /** `load()`'s answer, kept under `key` (for this view's database) until the data version changes. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.keeps) return load();
    const v = this.version();
    const { store } = this;
    if (v !== store.seen) {
      store.values.clear();
      store.seen = v;
    }
    const stored = `${this.view.source}\n${key}`;
    let p = store.values.get(stored) as Promise<T> | undefined;
    if (!p) {
      const loading = load();
      p = loading;
      store.values.set(stored, loading);
      loading.catch(() => {
        if (store.values.get(stored) === loading) store.values.delete(stored); // a failure is never kept
      });
    }
    return p;
  }
}

/** Keeps nothing: every read goes to the database (tests, scripts, callers without a data version). */
export const NO_MEMO = new VersionedMemo(() => null);
