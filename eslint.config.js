// ESLint (flat config) with typescript-eslint. `npm run lint` runs it with `prettier --check .`.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The data flows through these folders in this order (README "Layout"); a module may import its own
 * stage and earlier ones, never a later one. src/shared holds the types several stages share.
 */
export const STAGES = [
  "src/rules",
  "src/shared",
  "src/reference",
  "src/ingest",
  "src/db",
  "src/rollup",
  "src/queue",
  "workers",
  "src/query",
  "src/graphql",
  "src/server",
  "src/dashboard",
];

/**
 * Files exempt from the stage order: the command-line entry points wire stages together (an import
 * CLI enqueues the rollup refresh), and tests may take fixtures from any stage.
 */
const COMPOSITION_ROOTS = ["**/*-cli.ts", "**/*.test.ts"];

/** A later stage as the import specifiers that reach it: "../../src/query/x.ts", "../query/x.ts". */
function importPatternsFor(stage) {
  const folder = stage.split("/").pop();
  return stage.startsWith("src/")
    ? [`**/src/${folder}`, `**/src/${folder}/**`, `../**/${folder}/**`, `./${folder}/**`]
    : [`**/${folder}/**`];
}

const stageOrder = STAGES.map((stage, i) => ({
  files: [`${stage}/**/*.{ts,tsx,js,mjs}`],
  ignores: COMPOSITION_ROOTS,
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: STAGES.slice(i + 1).map((later) => ({
          group: importPatternsFor(later),
          message: `${stage} must not import ${later}, a later stage (shared types belong in src/shared).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "src/generated/",
      "src/dashboard/dist/",
      "src/server/dist/",
      "src/vendor/",
      "test/bench/peer/",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // Type-aware checks for the mistakes an async server makes: a promise nobody awaits or catches.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      "@typescript-eslint/await-thenable": "error",
      // `_`-prefixed names are deliberately unused; so is a field destructured only to leave it out of `...rest`.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // Database rows and JSON documents are `any` at the boundary; validated where they enter.
      "@typescript-eslint/no-explicit-any": "off",
      // Non-null assertions state an invariant the type system cannot see (a key checked just above).
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["src/dashboard/**/*.ts"],
    ignores: ["src/dashboard/vite.config.ts"],
    languageOptions: {
      globals: globals.browser,
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  ...stageOrder,
);
