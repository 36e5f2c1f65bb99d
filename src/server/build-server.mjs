// `npm start` runs the server from JavaScript files that this builds (prestart, ~0.2 s) from
// src/server/main.ts and the project modules it imports; packages stay in node_modules.
//
// Why: under `tsx`, every module Node loads (node_modules included: ~1,000 files) goes through
// tsx's loader hooks on another thread, which took 2-3 s of a 5 s start. Plain Node on a bundle
// loads the same code in well under half that time. The bundle is rebuilt on every start, so it is
// never older than the sources; tests and the CLIs still run the sources through tsx.
import { readdirSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const SERVER_BUNDLE = join(here, "dist", "main.mjs");

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = dirname(SERVER_BUNDLE);
  const { metafile } = await build({
    entryPoints: [join(here, "main.ts")],
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
    tsconfig: join(here, "..", "..", "tsconfig.json"),
    plugins: [sourceUrls],
    logLevel: "warning",
  });
  // chunks are named by their content: those of earlier builds go
  const built = new Set(Object.keys(metafile.outputs).map((f) => resolve(f)));
  for (const f of readdirSync(dist))
    if (!built.has(join(dist, f))) rmSync(join(dist, f), { recursive: true, force: true });
}
