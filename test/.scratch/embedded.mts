import pg from "pg";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../../src/server/embedded.ts";
import { migrate } from "../../src/db/migrate.ts";
import { loadReference } from "../../src/reference/load.ts";
const dataDir = mkdtempSync(join(tmpdir(), "geo-emb-"));
for (const round of ["cold", "warm"]) {
  const t0 = Date.now();
  const e = await startEmbeddedPostgres({ dataDir });
  const t1 = Date.now();
  const c = new pg.Client({ connectionString: e.url }); await c.connect();
  await migrate(c); const t2 = Date.now();
  const r = await loadReference(c); const t3 = Date.now();
  await c.end(); await e.stop();
  console.log(round, { start: t1 - t0, migrate: t2 - t1, reference: t3 - t2, loaded: r.loaded, total: t3 - t0 });
}
rmSync(dataDir, { recursive: true, force: true });
