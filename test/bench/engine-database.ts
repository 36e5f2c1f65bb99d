import pg from "pg";

/**
 * The database a bench script times the engine on (DATABASE_URL), as `db` for the script's own reads and as `pool`
 * for the engine: `pool` counts the statements it sends (`statements()`: how many so far) and, with
 * `logStatements`, prints each one's name, rows, time and parameters (an array as its length) to stderr;
 * `sqlMs()`: the time spent waiting for them so far. Its connections carry `application` as their
 * application_name, so that their backends can be found in pg_stat_activity.
 */
export function engineDatabase(logStatements: boolean, application = `bench-${process.pid}`) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("set DATABASE_URL to the database to time (e.g. shared_1m)");
  const db = new pg.Pool({ connectionString: url, max: 4, application_name: application });
  let statements = 0;
  let sqlMs = 0;
  const pool = {
    query: async (...args: unknown[]) => {
      statements++;
      const t = performance.now();
      const r = (await (db.query as (...a: unknown[]) => unknown)(...args)) as pg.QueryResult;
      sqlMs += performance.now() - t;
      const ms = Math.round((performance.now() - t) * 10) / 10;
      const q = args[0] as { name?: string; values?: unknown[] } | string;
      if (logStatements)
        console.error(
          `  ${typeof q === "string" ? q.slice(0, 40) : q.name}: ${r.rowCount} rows, ${ms} ms`,
          typeof q === "string" ? "" : JSON.stringify(q.values?.map((v) => (Array.isArray(v) ? `[${v.length}]` : v))),
        );
      return r;
    },
  } as unknown as pg.Pool;
  return { db, pool, application, statements: () => statements, sqlMs: () => sqlMs };
}
