// Runs `prisma generate` offline. The CLI only checks that the schema engine binary exists before
// generating (it never runs it for generate), so point it at any existing file.
// With --if-missing it does nothing when the client is already generated (used by `npm start`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Generates the Prisma client (or, with `ifMissing`, only when there is none); the CLI's exit status. */
export function generateClient({ ifMissing = false } = {}) {
  if (ifMissing && existsSync(join(root, "src/generated/prisma/client.ts"))) return 0;
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
  const r = spawnSync(
    process.execPath,
    [join(root, "node_modules/prisma/build/index.js"), "generate", "--config", "prisma/prisma.config.ts"],
    { cwd: root, env, stdio: "inherit" },
  );
  return r.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exit(generateClient({ ifMissing: process.argv.includes("--if-missing") }));
