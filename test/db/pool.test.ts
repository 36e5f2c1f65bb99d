import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { closePool, createClient, createPool, isConnectionLost } from "../../src/db/pool.ts";
import { urlFor, withAdmin } from "../support/databases.ts";

// CI failed on "57P01 terminating connection due to administrator command" raised after the tests
// had passed: pool.end() resolves once it has asked its clients to end, not once they are closed,
// and the database was dropped WITH (FORCE) under the still-open sockets of a pool with no listener.
describe("src/db/pool.ts", () => {
  it("closePool returns only when every socket is closed: a forced drop right after finds nobody", async () => {
    const lost: string[] = [];
    const logger = {
      warn: (d: object) => {
        lost.push(JSON.stringify(d));
      },
    };
    await withAdmin(async (admin) => {
      for (let i = 0; i < 10; i++) {
        const name = `ptest_pool_${randomBytes(4).toString("hex")}`;
        await admin.query(`CREATE DATABASE ${name}`);
        const pool = createPool({ name: "drop-race", logger, connectionString: urlFor(name), max: 5 });
        await Promise.all([1, 2, 3, 4, 5].map(() => pool.query("SELECT pg_sleep(0.01)")));
        await closePool(pool);
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`); // at once, as test-db.ts does
      }
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(lost).toEqual([]);
  });

  it("a client checked out of the pool and terminated between two queries: the next query fails, the process lives", async () => {
    const warnings: string[] = [];
    const name = `ptest_pool_${randomBytes(4).toString("hex")}`;
    await withAdmin((a) => a.query(`CREATE DATABASE ${name}`));
    const pool = createPool({
      name: "checked-out",
      logger: {
        warn: (_d, m) => {
          warnings.push(m);
        },
      },
      connectionString: urlFor(name),
      max: 2,
    });
    const client = await pool.connect();
    const pid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    await withAdmin((a) => a.query("SELECT pg_terminate_backend($1)", [pid]));
    await new Promise((r) => setTimeout(r, 200)); // the 'error' event arrives here, with no query to take it
    expect(warnings).toContain("database connection lost");
    const error = await client.query("SELECT 1").then(
      () => null,
      (e: Error) => e,
    );
    expect(isConnectionLost(error)).toBe(true);
    client.release(error!);
    expect((await pool.query("SELECT 1 AS one")).rows[0].one).toBe(1); // a new connection replaces it
    await closePool(pool);
    await withAdmin((a) => a.query(`DROP DATABASE ${name} WITH (FORCE)`));
  });

  it("a single client terminated while idle logs the loss instead of ending the process", async () => {
    const warnings: string[] = [];
    const client = createClient({
      name: "idle",
      logger: {
        warn: (_d, m) => {
          warnings.push(m);
        },
      },
      connectionString: urlFor("postgres"),
    });
    await client.connect();
    const pid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    await withAdmin((a) => a.query("SELECT pg_terminate_backend($1)", [pid]));
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings).toContain("database connection lost");
    await client.end().catch(() => {});
  });

  it("tells lost connections from wrong statements", () => {
    expect(
      isConnectionLost(
        Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      ),
    ).toBe(true);
    expect(isConnectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionLost(Object.assign(new Error("could not connect"), { code: "08006" }))).toBe(true);
    expect(isConnectionLost(Object.assign(new Error('relation "x" does not exist'), { code: "42P01" }))).toBe(false);
    expect(isConnectionLost(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isConnectionLost("text")).toBe(false);
  });
});
