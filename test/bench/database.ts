/**
 * The benchmark's own database on the local PostgreSQL: created, migrated, loaded with the reference
 * data and the seed; dropped (WITH FORCE) by drop(), which is safe to call more than once.
 */
import pg from "pg";
import { migrate } from "../../src/db/migrate.ts";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { loadReference } from "../../src/reference/load.ts";

export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface BenchDb {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createBenchDb(name = `bench_${process.pid}`): Promise<BenchDb> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  // DROP … WITH (FORCE) ends connections still busy (a rebuild cut short by Ctrl-C): not an error here.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {})); // a checked-out client's error has no other listener
  let dropping: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    pool,
    drop() {
      dropping ??= (async () => {
        await Promise.race([pool.end().catch(() => {}), new Promise((r) => setTimeout(r, 3000).unref())]);
        await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      })();
      return dropping;
    },
  };
}

/** Migrations, reference tables and the five seed reports; returns the seed's figure count. */
export async function prepare(db: BenchDb): Promise<number> {
  const client = await db.pool.connect();
  try {
    await migrate(client);
    await loadReference(client);
  } finally {
    client.release();
  }
  const summaries = await loadSeed(db.pool);
  const failed = summaries.filter((s) => s.errors.length);
  if (failed.length) throw new Error(`seed import failed: ${JSON.stringify(failed[0].errors.slice(0, 3))}`);
  return summaries.reduce((n, s) => n + s.imported, 0);
}
