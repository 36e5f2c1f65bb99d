import "reflect-metadata";
import { readConfig } from "../shared/config.ts";
import { pgliteArtifacts } from "./pglite-preload.ts";

// `npm start`
const config = readConfig();
// The embedded database's WebAssembly compiles on background threads while the server's modules load
// (imported only now: the bundle keeps them in a chunk of their own). A failure is reported where it is used.
if (!config.databaseUrl) pgliteArtifacts().catch(() => {});
const { startServer } = await import("./app.ts");
const server = await startServer({ config });
console.log(`GraphQL ready at ${server.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) {
      console.error("second signal: exiting without a clean shutdown");
      process.exit(1);
    }
    stopping = true;
    server.deps.logger.info({ signal }, "shutting down");
    server.stop().then(
      () => process.exit(0),
      (e) => {
        console.error("shutdown failed", e);
        process.exit(1);
      },
    );
  });
}
