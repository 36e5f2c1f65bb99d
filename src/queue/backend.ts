import { createPostgresBackend, FlowProducer, Queue, Worker, withBackend, type PostgresPoolConfig } from "bullmq";
import { Redis } from "ioredis";
import type { QueueBackend, WorkerTuning } from "../shared/deps.ts";

export interface QueueBackendOptions {
  redisUrl?: string;
  databaseUrl: string;
  /** Redis key prefix (default "bull"); the Postgres backend namespaces by schema instead. */
  prefix?: string;
  /** Default worker drainDelay in seconds: how long an idle worker waits before polling again. */
  drainDelay?: number;
  /** Receives connection errors (Redis down, Postgres restarting); default: ignored. */
  onError?: (error: Error, source: string) => void;
}

export function createQueueBackend(opts: QueueBackendOptions): QueueBackend {
  return opts.redisUrl ? redisBackend(opts.redisUrl, opts) : postgresBackend(opts.databaseUrl, opts);
}

type Closable = { close(): Promise<void> };

/** Tracks what a backend opened so that close() ends it all: workers first, then queues. */
function tracker(onError: QueueBackendOptions["onError"]) {
  const workers = new Set<Worker>();
  const queues = new Set<Queue>();
  const report = (source: string) => (e: Error) => onError?.(e, source);
  return {
    queue(q: Queue, name: string): Queue {
      q.on("error", report(`queue ${name}`));
      queues.add(q);
      return q;
    },
    worker(w: Worker, name: string): Worker {
      w.on("error", report(`worker ${name}`));
      workers.add(w);
      return w;
    },
    flow(f: FlowProducer): FlowProducer {
      f.on("error", report("flow producer"));
      queues.add(f as unknown as Queue);
      return f;
    },
    async closeAll(extra: Closable[] = []): Promise<void> {
      await settle([...workers].map((w) => w.close()));
      await settle([...queues].map((q) => q.close()));
      await settle(extra.map((c) => c.close()));
      workers.clear();
      queues.clear();
    },
  };
}

/** Only options that are set: BullMQ merges with Object.assign, so an undefined would erase its default. */
function workerDefaults(opts: QueueBackendOptions): WorkerTuning {
  return opts.drainDelay === undefined ? {} : { drainDelay: opts.drainDelay };
}

async function settle(closing: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(closing)).filter((r) => r.status === "rejected");
  if (failed.length) throw (failed[0] as PromiseRejectedResult).reason;
}

function redisBackend(redisUrl: string, opts: QueueBackendOptions): QueueBackend {
  // One connection shared by every queue; each worker duplicates it for its blocking reads.
  // maxRetriesPerRequest: null makes commands wait through a Redis restart instead of failing,
  // and ioredis reconnects on its own (backoff capped at 2 s).
  const connection = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  connection.on("error", (e) => opts.onError?.(e, "redis"));
  const track = tracker(opts.onError);
  let closing: Promise<void> | undefined;
  return {
    kind: "redis",
    createQueue: (name) => track.queue(new Queue(name, { connection, prefix: opts.prefix }), name),
    createWorker: (name, processor, tuning = {}) =>
      track.worker(
        new Worker(name, processor, { ...workerDefaults(opts), ...tuning, connection, prefix: opts.prefix }),
        name,
      ),
    createFlowProducer: () => track.flow(new FlowProducer({ connection, prefix: opts.prefix })),
    close() {
      closing ??= track.closeAll([
        {
          close: async () => {
            await connection.quit().catch(() => connection.disconnect());
          },
        },
      ]);
      return closing;
    },
  };
}

function postgresBackend(databaseUrl: string, opts: QueueBackendOptions): QueueBackend {
  const { Queue: PgQueue, Worker: PgWorker, FlowProducer: PgFlowProducer } = withBackend(createPostgresBackend);
  // Each queue and worker owns a small pool (and a worker also its LISTEN connection), which its
  // close() ends. `migrate: true` applies BullMQ's schema migrations, serialised by an advisory lock.
  const connection = (): PostgresPoolConfig => ({ connectionString: databaseUrl, max: 3, migrate: true });
  const track = tracker(opts.onError);
  let closing: Promise<void> | undefined;
  return {
    kind: "postgres",
    createQueue: (name) => track.queue(new PgQueue(name, { connection: connection() }) as unknown as Queue, name),
    createWorker: (name, processor, tuning = {}) =>
      track.worker(
        new PgWorker(name, processor, {
          ...workerDefaults(opts),
          ...tuning,
          connection: connection(),
        }) as unknown as Worker,
        name,
      ),
    createFlowProducer: () => track.flow(new PgFlowProducer({ connection: connection() }) as unknown as FlowProducer),
    close() {
      closing ??= track.closeAll();
      return closing;
    },
  };
}
