/** Everything the service reads from the environment, in one place (README "Configuration"). */
export interface Config {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  port: number;
  /** Interface to listen on; unset: every interface. */
  host: string | undefined;
  dataDir: string;
  /** On an empty DATA_DIR, start from the shipped embedded snapshot when it is current. */
  embeddedSnapshot: boolean;
  rollupCron: string;
  sqlTimeoutMs: number;
  editorKey: string | undefined;
  /** BullMQ key prefix: separates deployments (or test runs) sharing one Redis. */
  queuePrefix: string;
  /** Run a rollup worker inside the API process (always in embedded mode: nothing else can reach PGlite). */
  workers: boolean;
  /** Memory for cached GraphQL answers, in MB (0: no cache). */
  responseCacheMb: number;
  /** Queries run compiled by graphql-jit (src/graphql/compiled-executor.ts); false: graphql-js for everything. */
  graphqlJit: boolean;
  /** A hot standby for API reads (unset: reads go to DATABASE_URL). Writes and LISTEN stay on the primary. */
  databaseReadUrl: string | undefined;
  /**
   * How long a read waits for the standby to replay past the data version this process has heard of,
   * before it is answered from the primary instead.
   */
  readReplicaMaxWaitMs: number;
  /**
   * A rollup job's lock: a worker that dies holding a job frees it after this, and another worker
   * takes it within half as long again (BullMQ's stall check). Unset: 15 s, or 120 s on the embedded
   * database, whose long statements block the process that would renew the lock.
   */
  rollupLockDurationMs: number | undefined;
  /** Pause between the steps of a rollup computation (ms), yielding the database to readers. */
  rollupStepPauseMs: number | undefined;
  /** How often a worker checks that the schedule still exists in the queue (ms). */
  rollupScheduleCheckMs: number;
  /** Into how many parts a full rebuild is split, for as many workers to compute at once (1: not split). */
  rollupFullParts: number;
  /**
   * On how many database connections a worker computes a full rebuild it does not split among workers:
   * its parts side by side, one core each (1: one connection, one snapshot). The embedded database has one.
   */
  rollupFullConnections: number;
  /** How often workers queue dirty slices that have no refresh queued (a lost job), in ms. */
  rollupSweepMs: number;
  /** Requests per minute per client on /graphql (0: no limit): by address, by API key, mutations. */
  rateLimits: { anonymousPerMinute: number; keyedPerMinute: number; mutationsPerMinute: number };
  /** Largest GraphQL request body, in MB: room for an import of MAX_FIGURES (50,000) figures. */
  bodyLimitMb: number;
}

/** The lock a rollup job holds while it runs (see Config.rollupLockDurationMs). */
export function rollupLockDuration(config: Pick<Config, "rollupLockDurationMs">, embedded: boolean): number {
  return config.rollupLockDurationMs ?? (embedded ? 120_000 : 15_000);
}

/**
 * A rollup worker's database connections: one for each part of a full rebuild computed side by side,
 * one for the job holding the rollup lock, and one for the rest (the sweep, a failed run's record).
 */
export function rollupWorkerConnections(config: Pick<Config, "rollupFullConnections">): number {
  return config.rollupFullConnections + 2;
}

const optionalNumber = (v: string | undefined): number | undefined => (v ? Number(v) : undefined);

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    port: Number(env.PORT ?? 4000),
    host: env.HOST || undefined,
    dataDir: env.DATA_DIR ?? ".data",
    embeddedSnapshot: env.EMBEDDED_SNAPSHOT !== "0",
    rollupCron: env.ROLLUP_CRON ?? "0 2 * * *",
    sqlTimeoutMs: Number(env.SQL_TIMEOUT_MS ?? 15_000),
    editorKey: env.EDITOR_API_KEY || undefined,
    queuePrefix: env.QUEUE_PREFIX || "poverty",
    workers: env.WORKERS !== "0",
    responseCacheMb: Number(env.RESPONSE_CACHE_MB ?? 64),
    graphqlJit: env.GRAPHQL_JIT !== "0",
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    readReplicaMaxWaitMs: Number(env.READ_REPLICA_MAX_WAIT_MS ?? 250),
    rollupLockDurationMs: optionalNumber(env.ROLLUP_LOCK_DURATION_MS),
    rollupStepPauseMs: optionalNumber(env.ROLLUP_STEP_PAUSE_MS),
    rollupScheduleCheckMs: Number(env.ROLLUP_SCHEDULE_CHECK_MS ?? 30_000),
    rollupFullParts: Math.max(1, Number(env.ROLLUP_FULL_PARTS ?? 1)),
    rollupFullConnections: Math.max(1, Math.floor(Number(env.ROLLUP_FULL_CONNECTIONS ?? 2)) || 1),
    bodyLimitMb: Number(env.BODY_LIMIT_MB ?? 32),
    rollupSweepMs: Number(env.ROLLUP_SWEEP_MS ?? 30_000),
    rateLimits: {
      anonymousPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 600),
      keyedPerMinute: Number(env.RATE_LIMIT_KEYED_PER_MINUTE ?? 6_000),
      mutationsPerMinute: Number(env.RATE_LIMIT_MUTATIONS_PER_MINUTE ?? 120),
    },
  };
}
