import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { migrate } from "../../src/db/migrate.ts";
import { createClient } from "../../src/db/pool.ts";
import { loadReference } from "../../src/reference/load.ts";
import { urlFor, withAdmin } from "./databases.ts";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/**
 * Builds the template every test database of this run is copied from: migrated, reference data
 * loaded. Its name is unique per run so that runs side by side never touch each other's databases.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = `ptpl_${randomBytes(4).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${template}`));
  const c = createClient({ name: "test-template", connectionString: urlFor(template) });
  await c.connect();
  try {
    await migrate(c);
    await loadReference(c);
  } finally {
    await c.end();
  }
  project.provide("templateDb", template);
  return async () => {
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  };
}
