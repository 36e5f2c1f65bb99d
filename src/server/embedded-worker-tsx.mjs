// The embedded database's thread run from its TypeScript source (tests and the CLIs, under tsx or
// vitest, whose loaders a worker thread does not inherit); `npm start` runs its bundle instead.
import { tsImport } from "tsx/esm/api";

await tsImport("./embedded-worker.ts", import.meta.url);
