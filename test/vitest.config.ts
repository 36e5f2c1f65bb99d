import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// One copy of graphql: Vite would load its ESM build for our code while type-graphql and Apollo
// load the CJS one, and custom scalars then fail with "Cannot determine GraphQL output type".
const graphqlCjs = createRequire(import.meta.url).resolve("graphql");

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "workers/**/*.test.ts"],
    // The benchmark's PostGraphile peer is a package of its own (its node_modules hold .test.ts files).
    exclude: [...configDefaults.exclude, "test/bench/peer/**"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
