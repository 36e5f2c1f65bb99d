import "reflect-metadata";
import { readConfig } from "../shared/config.ts";
import { startEmbeddedPostgresEarly } from "./embedded.ts";

// `npm start`
const config = readConfig();
// The embedded database starts on a thread of its own while the server's modules load (imported only
// now: the bundle keeps them in a chunk of their own). A failure is reported where it is used.
if (!config.databaseUrl) startEmbeddedPostgresEarly({ dataDir: config.dataDir, snapshot: config.embeddedSnapshot });
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
