// `npm start` runs the server from JavaScript files that this builds (prestart) from
// src/server/main.ts and the project modules it imports; packages stay in node_modules.
// With --if-stale it builds only when a file the bundle was built from changed (a digest of their
// contents, ~10 ms, where a build takes 0.3-0.7 s of a start on 2 shared cores).
//
// Why: under `tsx`, every module Node loads (node_modules included: ~1,000 files) goes through
// tsx's loader hooks on another thread, which took 2-3 s of a 5 s start. Plain Node on a bundle
// loads the same code in well under half that time. prestart rebuilds the bundle whenever a file it was
// built from changed, so it is never older than the sources; tests and the CLIs still run the sources through tsx.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const SERVER_BUNDLE = join(here, "dist", "main.mjs");
const root = join(here, "..", "..");
/** The files the bundle was built from (esbuild's inputs, this script, tsconfig.json) and their digest. */
const INPUTS_FILE = join(here, "dist", "inputs.json");

/**
 * Modules find their data beside them (`new URL("./data/", import.meta.url)`): in the bundle each
 * module's `import.meta.url` is its source file's URL, as it is under tsx.
 */
const sourceUrls = {
  name: "source-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      const contents = source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href));
      return { contents, loader: "ts" };
    });
  },
};

/**
 * The digest of the files' contents (paths relative to the repository), or null when one is gone.
 * The repository's own path is in it too: the bundle holds its sources' URLs (sourceUrls).
 */
function digest(files) {
  const h = createHash("sha256").update(root).update("\0");
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) return null;
    h.update(file).update("\0").update(readFileSync(path)).update("\0");
  }
  return h.digest("hex");
}

/** Whether the bundle was built from the files as they are now. */
function bundleCurrent() {
  if (!existsSync(INPUTS_FILE) || !existsSync(SERVER_BUNDLE)) return false;
  const { files, sha256 } = JSON.parse(readFileSync(INPUTS_FILE, "utf8"));
  return digest(files) === sha256;
}

/** Builds the bundle into dist/ (or, with `ifStale`, only when bundleCurrent() says it is not). */
export async function buildServer({ ifStale = false } = {}) {
  if (ifStale && bundleCurrent()) return { built: false };
  const { build } = await import("esbuild");
  const dist = dirname(SERVER_BUNDLE);
  const { metafile } = await build({
    // the embedded database's thread (embedded-worker.ts) loads a bundle of its own, named to embedded.ts
    entryPoints: [join(here, "main.ts"), join(here, "embedded-worker.ts")],
    define: { EMBEDDED_WORKER_BUNDLE: JSON.stringify(pathToFileURL(join(dist, "embedded-worker.mjs")).href) },
    outdir: dist,
    // main.ts imports the server with import(): its modules (and the packages they import) load
    // only once main.ts has started what can run beside them
    splitting: true,
    entryNames: "[name]",
    outExtension: { ".js": ".mjs" },
    metafile: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    tsconfig: join(root, "tsconfig.json"),
    plugins: [sourceUrls],
    logLevel: "warning",
  });
  // chunks are named by their content: those of earlier builds go
  const built = new Set(Object.keys(metafile.outputs).map((f) => resolve(f)));
  for (const f of readdirSync(dist))
    if (!built.has(join(dist, f))) rmSync(join(dist, f), { recursive: true, force: true });
  // esbuild names its inputs relative to the working directory
  const files = [
    ...Object.keys(metafile.inputs).map((f) => resolve(f).slice(resolve(root).length + 1)),
    "src/server/build-server.mjs",
    "tsconfig.json",
  ].sort();
  writeFileSync(INPUTS_FILE, JSON.stringify({ files, sha256: digest(files) }));
  return { built: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await buildServer({ ifStale: process.argv.includes("--if-stale") });
