import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PGliteOptions } from "@electric-sql/pglite";

type WasmModule = NonNullable<PGliteOptions["pgliteWasmModule"]>;
/** Node's global WebAssembly (the project's TypeScript lib has no DOM declarations of it). */
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } })
  .WebAssembly;

/** What PGlite.create takes instead of reading and compiling its WebAssembly and file bundle itself. */
export interface PgliteArtifacts {
  pgliteWasmModule: WasmModule;
  fsBundle: Blob;
}

let artifacts: Promise<PgliteArtifacts> | undefined;

/**
 * Reads PGlite's WebAssembly (9 MB) and compiles it, and reads its file bundle, once per thread
 * (the embedded database's, embedded-worker.ts). The compilation runs on V8's background threads.
 */
export function pgliteArtifacts(): Promise<PgliteArtifacts> {
  artifacts ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const [code, data] = await Promise.all([readFile(join(dist, "pglite.wasm")), readFile(join(dist, "pglite.data"))]);
    return { pgliteWasmModule: await wasm.compile(code), fsBundle: new Blob([data]) };
  })();
  return artifacts;
}
