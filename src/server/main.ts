import "reflect-metadata";
import { readConfig } from "../shared/config.ts";
import { startServer } from "./app.ts";

// `npm start`
const server = await startServer({ config: readConfig() });
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
