import { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, createClient, createPool } from "../../src/db/pool.ts";
import { startPgliteWireServer, type PgliteWireServer } from "../../src/server/pglite-wire-server.ts";

// The wire server multiplexes many client connections onto ONE PGlite session.
let db: PGlite;
let wire: PgliteWireServer;
let pool: pg.Pool;
const stalls: { idleMs: number; queued: number }[] = [];

beforeAll(async () => {
  db = await PGlite.create();
  wire = await startPgliteWireServer(db, { onStall: (info) => stalls.push(info), stallCheckMs: 200 });
  pool = createPool({ name: "test-wire", connectionString: wire.url, max: 8 });
  await pool.query("CREATE TABLE t (id int PRIMARY KEY, note text)");
}, 60_000);
afterAll(async () => {
  if (pool) await closePool(pool);
  await wire?.stop();
  await db?.close();
});

const client = async () => {
  const c = createClient({ name: "test-wire", connectionString: wire.url });
  await c.connect();
  return c;
};

describe("PGlite wire server", () => {
  it("keeps concurrent extended-protocol queries apart (large messages arrive in several TCP chunks)", async () => {
    // With pglite-socket's own queue, a Parse from one connection lands between another's Parse
    // and Bind, and queries run with the other one's parameters (electric-sql/pglite#1046).
    const big = "y".repeat(200_000);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => i % 2
      ? pool.query("SELECT $1::int + 1 AS v", [i]).then((r) => r.rows[0].v === i + 1)
      : pool.query("SELECT length($1::text) AS n", [big]).then((r) => r.rows[0].n === 200_000)));
    expect(results.every(Boolean)).toBe(true);
  });

  it("gives an open transaction the session until it ends: others wait, then see its commit", async () => {
    const a = await client();
    try {
      await a.query("BEGIN");
      await a.query("INSERT INTO t VALUES (1, 'in tx')");
      let otherDone = false;
      const other = pool.query("SELECT count(*)::int AS n FROM t WHERE id = 1").then((r) => { otherDone = true; return r.rows[0].n; });
      await new Promise((r) => setTimeout(r, 100));
      expect(otherDone).toBe(false);
      await a.query("COMMIT");
      expect(await other).toBe(1);
    } finally {
      await a.end();
    }
  });

  it("rolls back the transaction of a connection that goes away, and lets the others on", async () => {
    const a = await client();
    a.on("error", () => {});
    await a.query("BEGIN");
    await a.query("INSERT INTO t VALUES (2, 'never committed')");
    const waiting = pool.query("SELECT count(*)::int AS n FROM t WHERE id = 2");
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].n).toBe(0);
  });

  it("survives a failed statement in the middle of a batch", async () => {
    await expect(pool.query("SELECT 1/0")).rejects.toThrow(/division by zero/);
    expect((await pool.query("SELECT 2 AS v")).rows[0].v).toBe(2);
  });

  it("reports a transaction that holds the session idle while others wait", async () => {
    const a = await client();
    try {
      await a.query("BEGIN");
      stalls.length = 0;
      const waiting = pool.query("SELECT 1 AS v");
      await new Promise((r) => setTimeout(r, 700));
      expect(stalls.length).toBeGreaterThan(0);
      expect(stalls.at(-1)!.queued).toBeGreaterThan(0);
      await a.query("COMMIT");
      expect((await waiting).rows[0].v).toBe(1);
    } finally {
      await a.end();
    }
  });

  it("delivers NOTIFY to the connection that ran LISTEN, whoever commits it", async () => {
    const listener = await client();
    try {
      await listener.query("LISTEN wire_test");
      const got = new Promise<string>((resolve) => listener.on("notification", (m) => resolve(m.payload ?? "")));
      await pool.query("SELECT pg_notify('wire_test', 'hello')");
      const payload = await Promise.race([got, new Promise<string>((r) => setTimeout(() => r("(nothing within 2 s)"), 2000))]);
      expect(payload).toBe("hello");
    } finally {
      await listener.end();
    }
  });
});
