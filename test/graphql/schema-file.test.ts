import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { emitSchema, SCHEMA_FILE } from "../../src/graphql/emit-schema.ts";

it("schema.graphql matches the schema the code builds", async () => {
  const dir = await mkdtemp(join(tmpdir(), "schema-"));
  try {
    const fresh = join(dir, "schema.graphql");
    await emitSchema(fresh);
    const expected = await readFile(fresh, "utf8");
    const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => "(missing)");
    if (committed !== expected) {
      expect.fail(
        "schema.graphql is stale: the schema in src/graphql changed. Run `npm run schema` and commit schema.graphql.",
      );
    }
    // Printing is stable: a second print is byte-identical.
    await emitSchema(fresh);
    expect(await readFile(fresh, "utf8")).toBe(expected);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
