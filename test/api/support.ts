import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { readConfig, type Config } from "../../src/shared/config.ts";
import { createApiKey } from "../../src/graphql/auth.ts";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { REDIS_URL } from "../support/databases.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

export interface SeededServer {
  db: TestDb;
  server: RunningServer;
  editorKey: string;
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; data: T; errors?: { message: string; extensions: Record<string, any> }[] }>;
  stop(): Promise<void>;
}

/** The real server over HTTP, on a fresh database with the seed dataset imported and rolled up. */
export async function startSeededServer(
  opts: { workers?: boolean; config?: Partial<Config> } = {},
): Promise<SeededServer> {
  const db = await createTestDb();
  await loadSeed(db.pool);
  await rebuildAll(db.pool);
  const editorKey = await createApiKey(db.pool, "test-editor", "editor");
  const queuePrefix = `ptest-${randomBytes(4).toString("hex")}`;
  const config = {
    ...readConfig({}),
    databaseUrl: db.url,
    redisUrl: REDIS_URL,
    workers: opts.workers ?? false,
    queuePrefix,
    // Off unless a test sets them: tests poll and repeat requests far faster than any client would.
    rateLimits: { anonymousPerMinute: 0, keyedPerMinute: 0, mutationsPerMinute: 0 },
    ...opts.config,
  };
  const server = await startServer({ config, port: 0, logger: pino({ level: "silent" }) });
  return {
    db,
    server,
    editorKey,
    async gql(query, variables, headers = {}) {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as any;
      return { status: res.status, data: body.data, errors: body.errors };
    },
    async stop() {
      await server.stop();
      await db.drop();
      await deleteKeysWithPrefix(REDIS_URL, queuePrefix); // a schedule left behind would stay in Redis for good
    },
  };
}

/** Ba Bể's report of the households that borrowed under CREDIT-POOR in 2022, with `value` as their number. */
export const baBeCreditReport = (value: string) => ({
  document: {
    sourceKey: "test/ba-be-credit-2022",
    title: "Ba Bể: tín dụng chính sách 2022",
    publishedAt: "2023-02-01",
  },
  figures: [
    {
      key: "credit-poor-households-2022",
      place: "D-06-BA-BE",
      programme: "CREDIT-POOR",
      measure: "households_supported",
      period: "2022",
      text: `${value} hộ`,
      quote: `Năm 2022, huyện Ba Bể có ${value} hộ nghèo vay vốn`,
    },
  ],
});
