// `npm start` (src/start.mjs) runs the server from JavaScript files that this builds from
// src/server/main.ts, the project modules it imports and the packages they import (but EXTERNAL's).
// With --if-stale it builds only when a file or package the bundle was built from changed (a digest
// of the files' contents and the packages' package.json, ~10-20 ms; a build takes 1-3 s).
//
// Why: under `tsx`, every module Node loads (node_modules included: ~1,000 files) goes through
// tsx's loader hooks on another thread, which took 2-3 s of a 5 s start. Plain Node on a bundle of
// the project's modules loaded them in under half that time, and with the packages inside it too in
// about half again (Node's loader resolved, read and translated their files one by one: 0.5-1 s).
// `npm start` rebuilds the bundle whenever an input changed, so it is never older than the sources;
// tests and the CLIs still run the sources through tsx.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
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
 * Packages left in node_modules: those that load files of their own beside their code (PGlite's
 * WebAssembly, Prisma's query compiler, the pdf.js worker), mammoth (CommonJS imported with
 * import(): a bundled copy gives its default export only, see admin-board.ts) and an optional one
 * that is not installed. None of them imports a bundled package (a second copy of it would not know
 * the bundle's objects: Bull Board, which imports bullmq, is bundled).
 */
const EXTERNAL = ["@electric-sql/pglite", "@prisma/client", "pdfjs-dist", "mammoth", "class-validator"];

/**
 * A bundled CommonJS file of a package finds its files through `__dirname` and `__filename`, which
 * an ES module has not: each such file is given its own path's.
 */
const packageDirnames = {
  name: "package-dirname",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const names = `var __filename = ${JSON.stringify(path)}, __dirname = ${JSON.stringify(dirname(path))};\n`;
      return { contents: names + source, loader: "js" };
    });
  },
};

/**
 * The digest of the files' contents (paths relative to the repository) and of the packages'
 * package.json (directories under node_modules: their version, not their ~1,400 files), or null when
 * one is gone. The repository's own path and node_modules' are in it too: the bundle holds its
 * sources' URLs (sourceUrls) and packages' paths (packageDirnames).
 */
function digest(files, packages) {
  const modules = join(root, "node_modules");
  if (!existsSync(modules)) return null;
  const h = createHash("sha256").update(root).update("\0").update(realpathSync(modules)).update("\0");
  const inputs = [...files.map((f) => join(root, f)), ...packages.map((p) => join(modules, p, "package.json"))];
  for (const path of inputs) {
    if (!existsSync(path)) return null;
    h.update(path).update("\0").update(readFileSync(path)).update("\0");
  }
  return h.digest("hex");
}

/** Whether the bundle was built from the files and packages as they are now. */
function bundleCurrent() {
  if (!existsSync(INPUTS_FILE) || !existsSync(SERVER_BUNDLE)) return false;
  const { files, packages, sha256 } = JSON.parse(readFileSync(INPUTS_FILE, "utf8"));
  return Array.isArray(packages) && digest(files, packages) === sha256;
}

/** The package directory under node_modules ("a", "@s/a", "a/node_modules/b") of an input in one, else null. */
function packageOf(input) {
  const m =
    /[\\/]?node_modules[\\/]((?:(?:@[^\\/]+[\\/])?[^\\/]+[\\/]node_modules[\\/])*(?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(
      input,
    );
  return m ? m[1].replaceAll("\\", "/") : null;
}

/** Builds the bundle into dist/ (or, with `ifStale`, only when bundleCurrent() says it is not). */
export async function buildServer({ ifStale = false } = {}) {
  if (ifStale && bundleCurrent()) return { built: false };
  const { build, stop } = await import("esbuild");
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
    external: EXTERNAL,
    // packages written as CommonJS call require() for Node's modules
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
    sourcemap: true,
    sourcesContent: false,
    tsconfig: join(root, "tsconfig.json"),
    plugins: [sourceUrls, packageDirnames],
    logLevel: "warning",
  }).finally(() => stop()); // esbuild's service process would stay beside the server `npm start` runs next
  // chunks are named by their content: those of earlier builds go
  const built = new Set(Object.keys(metafile.outputs).map((f) => resolve(f)));
  for (const f of readdirSync(dist))
    if (!built.has(join(dist, f))) rmSync(join(dist, f), { recursive: true, force: true });
  // esbuild names its inputs relative to the working directory
  const inputs = Object.keys(metafile.inputs);
  const packages = [...new Set(inputs.map(packageOf).filter((p) => p !== null))].sort();
  const files = [
    ...inputs.filter((f) => packageOf(f) === null).map((f) => relative(root, resolve(f))),
    "src/server/build-server.mjs",
    "tsconfig.json",
  ].sort();
  writeFileSync(INPUTS_FILE, JSON.stringify({ files, packages, sha256: digest(files, packages) }));
  return { built: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await buildServer({ ifStale: process.argv.includes("--if-stale") });
