import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrisma, type PrismaClient } from "../../src/db/prisma.ts";
import { urlFor, withAdmin } from "./databases.ts";

export interface TestDb {
  name: string;
  url: string;
  pool: pg.Pool;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, copied from the migrated template (so files run in parallel).
 * `empty: true` gives a database with nothing in it, for the migration tests.
 */
export async function createTestDb(opts: { empty?: boolean } = {}): Promise<TestDb> {
  const name = `ptest_${randomBytes(5).toString("hex")}`;
  await withAdmin((a) => a.query(opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject("templateDb")}`));
  const url = urlFor(name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  const prisma = createPrisma(url);
  return {
    name, url, pool, prisma,
    async drop() {
      await prisma.$disconnect();
      await pool.end();
      await withAdmin((a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
