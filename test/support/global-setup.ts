import pg from "pg";
import { migrate } from "../../src/db/migrate.ts";
import { loadReference } from "../../src/reference/load.ts";
import { TEMPLATE_DB, urlFor, withAdmin } from "./databases.ts";

/** Builds the template every test database is copied from: migrated, reference data loaded. */
export default async function setup(): Promise<void> {
  await withAdmin(async (admin) => {
    const stale = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'ptest\\_%'");
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const c = new pg.Client({ connectionString: urlFor(TEMPLATE_DB) });
  await c.connect();
  try {
    await migrate(c);
    await loadReference(c);
  } finally {
    await c.end();
  }
}
