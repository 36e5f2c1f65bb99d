/**
 * Our API server as the bench runs it in a child process (see dashboard.ts): on 127.0.0.1, a free
 * port, rollup workers off, the queue under the prefix given by the bench. Prints "listening <url>".
 *
 *   DATABASE_URL=… REDIS_URL=… QUEUE_PREFIX=… node --import tsx test/bench/api-child.ts
 */
import "reflect-metadata";
import { pino } from "pino";
import { readConfig } from "../../src/shared/config.ts";
import { startServer } from "../../src/server/app.ts";

const config = { ...readConfig(process.env), workers: false, host: "127.0.0.1" };
if (!config.databaseUrl || !config.redisUrl) {
  console.error("api-child: DATABASE_URL and REDIS_URL are required (the bench never runs on the embedded database)");
  process.exit(2);
}
const server = await startServer({ config, port: 0, logger: pino({ level: "silent" }), queuePrefix: config.queuePrefix, seed: false });
console.log(`listening ${server.url}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.stop().then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The bench holds our stdin: when it goes (even killed), so do we.
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
