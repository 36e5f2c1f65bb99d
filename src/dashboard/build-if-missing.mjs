// Builds the dashboard (Vite) when dist/ is missing or older than its sources: `npm start` runs it
// first (src/start.mjs), the browser test too. `--force` always builds.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, "dist", "index.html");
const pages = ["index.html", "compare.html", "review.html"].map((page) => join(here, "dist", page));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name.endsWith(".test.ts")) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// The review page bundles a few pure modules of the ingest stage (the number parser, the saved-report
// header, the body normalisation): a change there rebuilds too.
const bundledFromIngest = ["parse", "extract"].map((d) => join(here, "..", "ingest", d));

/** Builds the dashboard when dist/ is missing or older than its sources (always with `force`). */
export async function buildDashboardIfStale({ force = false } = {}) {
  const newest = Math.max(newestSource(here), ...bundledFromIngest.map(newestSource));
  const stale = !pages.every((page) => existsSync(page)) || statSync(built).mtimeMs < newest;
  if (!force && !stale) return;
  const { build } = await import("vite");
  const started = Date.now();
  await build({ configFile: join(here, "vite.config.ts") });
  console.log(`dashboard built in ${Date.now() - started} ms: ${join(here, "dist")}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await buildDashboardIfStale({ force: process.argv.includes("--force") });
