import { randomBytes } from "node:crypto";
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueBackend } from "../../src/queue/backend.ts";
import type { QueueBackend } from "../../src/shared/deps.ts";
import { REDIS_URL, withAdmin } from "../support/databases.ts";
import { PrivateRedis } from "../support/private-redis.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { until } from "../support/until.ts";

const unique = (what: string) => `${what}-${randomBytes(4).toString("hex")}`;

/** Adds a job and waits for the worker's result (the job's returnvalue as stored by the backend). */
async function roundTrip(
  backend: QueueBackend,
  queueName: string,
  n: number,
): Promise<{ result: unknown; seenBy: string }> {
  const queue = backend.createQueue(queueName);
  let seenBy = "";
  backend.createWorker(queueName, async (job: Job) => {
    seenBy = job.name;
    return { doubled: job.data.n * 2 };
  });
  const job = await queue.add("double", { n });
  const result = await until("the job to complete", async () => {
    const fresh = await queue.getJob(job.id!);
    return (await fresh?.isCompleted()) ? fresh!.returnvalue : undefined;
  });
  return { result, seenBy };
}

describe("Redis backend", () => {
  let backend: QueueBackend;
  const prefix = unique("test-backend");
  beforeAll(() => {
    backend = createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: "postgresql://unused", prefix });
  });
  afterAll(async () => {
    await backend.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("is chosen when a Redis URL is given, and a worker processes an added job", async () => {
    expect(backend.kind).toBe("redis");
    expect(await roundTrip(backend, unique("q"), 21)).toEqual({ result: { doubled: 42 }, seenBy: "double" });
  });

  it("keeps its jobs under the given key prefix", async () => {
    const redis = new Redis(REDIS_URL);
    try {
      expect((await redis.keys(`${prefix}:*`)).length).toBeGreaterThan(0);
    } finally {
      await redis.quit();
    }
  });
});

describe("PostgreSQL backend", () => {
  let db: TestDb;
  let backend: QueueBackend;
  beforeAll(async () => {
    db = await createTestDb();
    backend = createQueueBackend({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await backend.close();
    await db.drop();
  });

  it("is chosen without a Redis URL, and a worker processes an added job", async () => {
    expect(backend.kind).toBe("postgres");
    expect(await roundTrip(backend, unique("q"), 5)).toEqual({ result: { doubled: 10 }, seenBy: "double" });
  });

  it("keeps its jobs in the application database, schema bullmq", async () => {
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM bullmq.job");
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("close() ends every connection it opened", async () => {
    const own = await createTestDb(); // nobody else connects to it: its pool and Prisma stay unused
    try {
      const other = createQueueBackend({ databaseUrl: own.url });
      await roundTrip(other, unique("q"), 1);
      const connections = () =>
        withAdmin(async (a) =>
          Number((await a.query("SELECT count(*) n FROM pg_stat_activity WHERE datname = $1", [own.name])).rows[0].n),
        );
      expect(await connections()).toBeGreaterThan(0);
      await other.close();
      await until("every connection to close", async () => (await connections()) === 0);
    } finally {
      await own.drop();
    }
  });
});

describe("Redis restarting", () => {
  let redis: PrivateRedis;
  let backend: QueueBackend;

  const clients = async () => {
    const probe = new Redis(redis.port, "127.0.0.1");
    try {
      return ((await probe.client("LIST")) as string).trim().split("\n").length - 1; // minus the probe itself
    } finally {
      probe.disconnect();
    }
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    backend = createQueueBackend({ redisUrl: redis.url, databaseUrl: "postgresql://unused" });
  });
  afterAll(async () => {
    await backend?.close().catch(() => {});
    await redis?.kill();
  });

  it("reconnects: jobs added after a restart are processed by the same worker", async () => {
    const name = unique("q");
    const queue = backend.createQueue(name);
    const seen: number[] = [];
    backend.createWorker(name, async (job: Job) => {
      seen.push(job.data.n);
    });
    await queue.add("a", { n: 1 });
    await until("the first job", async () => seen.includes(1));

    await redis.kill();
    await redis.restart();

    await queue.add("b", { n: 2 });
    await until("the job added after the restart", async () => seen.includes(2));
  }, 60_000);

  it("close() closes every Redis connection it opened", async () => {
    expect(await clients()).toBeGreaterThan(0);
    await backend.close();
    await until("no client left but the probe", async () => (await clients()) === 0);
  });
});
