import { createClient } from "./pool.ts";
import { loadReference } from "../reference/load.ts";
import { readConfig } from "../shared/config.ts";
import { migrate } from "./migrate.ts";

// `npm run migrate`: applies pending migrations and (re)loads the reference data.
const { databaseUrl } = readConfig();
if (!databaseUrl) {
  console.error("DATABASE_URL is not set (the embedded mode migrates itself on start)");
  process.exit(2);
}
const client = createClient({ name: "migrate", connectionString: databaseUrl });
await client.connect();
try {
  const applied = await migrate(client);
  await loadReference(client);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await client.end();
}
