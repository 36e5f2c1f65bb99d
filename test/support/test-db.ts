import { randomBytes } from "node:crypto";
import type pg from "pg";
import { inject } from "vitest";
import { closePool, createPool } from "../../src/db/pool.ts";
import { createPrisma, type PrismaClient } from "../../src/db/prisma.ts";
import { urlFor, withAdmin } from "./databases.ts";

export interface TestDb {
  name: string;
  url: string;
  pool: pg.Pool;
  prisma: PrismaClient;
  /**
   * Closes every connection the test opened through this object (`pool`, `prisma`, and any pool or
   * client handed to `closeBeforeDrop`), waits until their sockets are closed, then drops the database.
   */
  drop(): Promise<void>;
  /** Registers a connection of the test's own, closed by drop() before the database goes. */
  closeBeforeDrop(closable: pg.Pool | pg.Client | { close(): Promise<void> }): void;
}

/**
 * A fresh database for one test file, copied from the migrated template (so files run in parallel).
 * `empty: true` gives a database with nothing in it, for the migration tests.
 */
export async function createTestDb(opts: { empty?: boolean } = {}): Promise<TestDb> {
  const name = `ptest_${randomBytes(5).toString("hex")}`;
  await withAdmin((a) =>
    a.query(opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject("templateDb")}`),
  );
  const url = urlFor(name);
  const pool = createPool({ name: "test", connectionString: url, max: 5 });
  const prisma = createPrisma(pool);
  const others: (pg.Pool | pg.Client | { close(): Promise<void> })[] = [];
  return {
    name,
    url,
    pool,
    prisma,
    closeBeforeDrop: (c) => {
      others.push(c);
    },
    async drop() {
      await prisma.$disconnect();
      await Promise.allSettled(others.map(closeOne));
      await closePool(pool);
      // WITH (FORCE) ends whatever is still connected (a server the test left running): those
      // connections log their loss through src/db/pool.ts instead of failing the run.
      await withAdmin((a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function closeOne(c: pg.Pool | pg.Client | { close(): Promise<void> }): Promise<void> {
  if ("close" in c && typeof c.close === "function") return c.close();
  if ("totalCount" in c) return closePool(c as pg.Pool);
  await (c as pg.Client).end();
}
