/**
 * What the stages share at run time, as types only: the process's dependencies (built by the server's
 * createDeps, used by GraphQL resolvers and workers) and the queue backend they hold.
 */
import type { FlowProducer, Processor, Queue, Worker, WorkerOptions } from "bullmq";
import type pg from "pg";
import type { Logger } from "pino";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Config } from "./config.ts";

/**
 * Where BullMQ keeps its jobs: Redis when REDIS_URL is set, else BullMQ 6's PostgreSQL backend in
 * the application's own database (schema `bullmq`, created by BullMQ's migrations on first use).
 *
 * The Postgres-backed classes are typed as the Redis ones: they are the same classes with a
 * different backend injected, and callers only use the common Queue/Worker API.
 */
export interface QueueBackend {
  kind: "redis" | "postgres";
  createQueue(name: string): Queue;
  createWorker(name: string, processor: Processor, opts?: WorkerTuning): Worker;
  /** Adds jobs with children (a parent runs once they are all done), on the same queues. */
  createFlowProducer(): FlowProducer;
  close(): Promise<void>;
}

export type WorkerTuning = Partial<Omit<WorkerOptions, "connection" | "prefix">>;

/** Everything a request, a resolver or a worker needs, opened once per process. */
export interface AppDeps {
  config: Config;
  prisma: PrismaClient;
  pool: pg.Pool;
  queues: QueueBackend;
  rollupQueue: Queue;
  logger: Logger;
  /** The database's connection string (the embedded one's when DATABASE_URL is unset). */
  databaseUrl: string;
  /** True when the database is the in-process PGlite (one shared session: keep transactions short). */
  embedded: boolean;
  /** Changes whenever the data may have changed (null: unknown); keys the response cache. */
  dataVersion: { readonly current: number | null };
  /** Automatic persisted queries shared by every API process (Redis configured), else null: Apollo's own per-process store. */
  apqStore: SharedQueryStore | null;
  /** Where queries read: the read replica (DATABASE_READ_URL) when it is current enough, else `pool`. */
  reads: ReadRouting;
  /** Closes the queues, Prisma, the pool and then the database (the embedded one stops). */
  close(): Promise<void>;
}

/** Apollo's KeyValueCache, kept where every API process finds it (src/server/apq-store.ts). */
export interface SharedQueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
  close(): Promise<void>;
}

export interface ReadRoutingStats {
  replica: boolean;
  replicaReads: number;
  primaryFallbacks: number;
  replayedLsn: string | null;
}

/** The database a query reads, and the data version it was chosen under (every change heard of by then is in it). */
export interface ReadTarget {
  pool: pg.Pool;
  source: "primary" | "replica";
  version: number | null;
}

/** Where a GraphQL query reads (src/server/read-replica.ts). */
export interface ReadRouting {
  readTarget(): Promise<ReadTarget>;
  afterWrite(): Promise<void>;
  stats(): ReadRoutingStats;
}
