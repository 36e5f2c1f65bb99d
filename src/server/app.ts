import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import type { Config } from "../db/config.ts";
import { openDatabase, runSeedHook } from "./bootstrap.ts";
import { createDeps, type AppDeps } from "./deps.ts";
import { createHttpApp, GRAPHQL_PATH } from "./http.ts";

export interface StartOptions {
  config: Config;
  /** Overrides config.port; 0 picks a free port. */
  port?: number;
  logger?: Logger;
  /** Redis key prefix for BullMQ (default "bull"). */
  queuePrefix?: string;
  /** Run the seed hook on an embedded database (default true). */
  seed?: boolean;
}

export interface RunningServer {
  url: string;
  deps: AppDeps;
  stop(): Promise<void>;
}

/**
 * Connects (embedded PGlite when DATABASE_URL is unset), migrates, loads the reference data,
 * opens Prisma, the pool and the queues, and serves GraphQL, /healthz and /admin/queues.
 * stop() drains HTTP requests, then closes everything it opened.
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const logger = opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? "info" });
  const db = await openDatabase(config, logger);
  const deps = createDeps(config, db, logger, { queuePrefix: opts.queuePrefix });
  try {
    if (db.embedded && opts.seed !== false) await runSeedHook(deps);
    const httpServer = createServer();
    const { app, apollo } = await createHttpApp(deps, httpServer);
    httpServer.on("request", app);
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(opts.port ?? config.port, () => resolve());
    });
    const port = (httpServer.address() as AddressInfo).port;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://localhost:${port}${GRAPHQL_PATH}`,
      deps,
      stop() {
        stopping ??= (async () => {
          try {
            await apollo.stop(); // closes the HTTP server once in-flight requests are answered
          } finally {
            await deps.close();
          }
        })();
        return stopping;
      },
    };
  } catch (e) {
    await deps.close().catch(() => {});
    throw e;
  }
}
