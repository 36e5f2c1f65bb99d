import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { forgetReference, referenceOf } from "../../src/graphql/reference.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.drop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The pool, counting how often the reference tables are read (one place_edge statement per read). */
function countingReads(pool: pg.Pool): { pool: pg.Pool; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(pool, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== "query") return typeof value === "function" ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (typeof args[0] === "string" && args[0].includes("FROM place_edge")) reads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { pool: counted, reads: () => reads };
}

describe("the reference tables in memory", () => {
  it("answers a stale copy to every caller while one newer copy is read, then the newer one", async () => {
    const { pool, reads } = countingReads(db.pool);
    const first = await referenceOf({ pool });
    expect(reads()).toBe(1);
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + 61_000); // a minute later
    // ten requests of 54 rows each ask at once
    const answers = await Promise.all(Array.from({ length: 540 }, () => referenceOf({ pool })));
    expect(answers.every((a) => a === first)).toBe(true);
    expect(reads()).toBe(2);
    let latest = first;
    for (let i = 0; i < 200 && latest === first; i++) {
      await new Promise((r) => setTimeout(r, 25));
      latest = await referenceOf({ pool });
    }
    expect(latest).not.toBe(first);
    expect(latest.places.size).toBe(first.places.size);
    expect(reads()).toBe(2);
  });

  it("reads anew, and waits for it, once told the reference data changed", async () => {
    const { pool, reads } = countingReads(db.pool);
    const first = await referenceOf({ pool });
    forgetReference({ pool });
    const [a, b] = await Promise.all([referenceOf({ pool }), referenceOf({ pool })]);
    expect(a).not.toBe(first);
    expect(b).toBe(a);
    expect(reads()).toBe(2);
  });
});
