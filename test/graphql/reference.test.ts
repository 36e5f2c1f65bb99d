/**
 * The process's copy of the reference tables (src/graphql/reference.ts): loaded once, served while a
 * fresh copy loads once it is a minute old (every request reads it, so no request waits for a reload),
 * dropped at once by forgetReference.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { forgetReference, loadedReference, referenceOf } from "../../src/graphql/reference.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

describe("referenceOf", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.drop());
  afterEach(() => vi.restoreAllMocks());

  /** Counts the statements the pool runs (a reload reads place_edge, among others). */
  const reloads = (deps: { pool: TestDb["pool"] }) => {
    const query = vi.spyOn(deps.pool, "query");
    return () => query.mock.calls.filter(([sql]) => String(sql).includes("FROM place_edge")).length;
  };

  it("loads once and answers every request from that copy while it is young", async () => {
    const deps = { pool: db.pool };
    forgetReference(deps);
    const count = reloads(deps);
    const loading = referenceOf(deps);
    expect(loadedReference(deps)).toBeUndefined();
    const [a, b] = await Promise.all([loading, referenceOf(deps)]);
    expect(a).toBe(b);
    expect(await referenceOf(deps)).toBe(a);
    expect(loadedReference(deps)).toBe(a);
    expect(count()).toBe(1);
    expect(a.places.size).toBeGreaterThan(700);
  });

  it("serves the old copy while a fresh one loads once it is a minute old, then the fresh one", async () => {
    const deps = { pool: db.pool };
    forgetReference(deps);
    const old = await referenceOf(deps);
    const count = reloads(deps);
    const realNow = Date.now;
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + 61_000);
    // past its age: answered at once with the copy held, one reload started however many ask
    const [a, b] = await Promise.all([referenceOf(deps), referenceOf(deps)]);
    expect(a).toBe(old);
    expect(b).toBe(old);
    expect(count()).toBe(1);
    await vi.waitFor(async () => expect(await referenceOf(deps)).not.toBe(old), { timeout: 20_000 });
    const fresh = await referenceOf(deps);
    expect(loadedReference(deps)).toBe(fresh);
    expect(fresh.places.size).toBe(old.places.size);
    expect(count()).toBe(1);
  });

  it("forgetReference drops the copy: the next request waits for a new one", async () => {
    const deps = { pool: db.pool };
    const before = await referenceOf(deps);
    forgetReference(deps);
    expect(loadedReference(deps)).toBeUndefined();
    const after = await referenceOf(deps);
    expect(after).not.toBe(before);
    expect(after.age).toBeLessThan(60_000);
  });
});
