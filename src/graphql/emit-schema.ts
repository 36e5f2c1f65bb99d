/** `npm run schema`: writes schema.graphql at the repository root (sorted, byte-stable). */
import { fileURLToPath } from "node:url";
import { emitSchemaDefinitionFile } from "type-graphql";
import { buildAppSchema } from "./schema.ts";

export const SCHEMA_FILE = fileURLToPath(new URL("../../schema.graphql", import.meta.url));

export async function emitSchema(path = SCHEMA_FILE): Promise<void> {
  await emitSchemaDefinitionFile(path, await buildAppSchema());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await emitSchema();
  console.log(`wrote ${SCHEMA_FILE}`);
}
