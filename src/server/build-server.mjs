// `npm start` runs the server from one JavaScript file that this builds (prestart, ~0.2 s) from
// src/server/main.ts and the project modules it imports; packages stay in node_modules.
//
// Why: under `tsx`, every module Node loads (node_modules included: ~1,000 files) goes through
// tsx's loader hooks on another thread, which took 2-3 s of a 5 s start. Plain Node on a bundle
// loads the same code in well under half that time. The bundle is rebuilt on every start, so it is
// never older than the sources; tests and the CLIs still run the sources through tsx.
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
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
  await build({
    entryPoints: [join(here, "main.ts")],
    outfile: SERVER_BUNDLE,
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
}
