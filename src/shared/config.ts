/** Everything the service reads from the environment, in one place (README "Configuration"). */
export interface Config {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  port: number;
  /** Interface to listen on; unset: every interface. */
  host: string | undefined;
  dataDir: string;
  rollupCron: string;
  sqlTimeoutMs: number;
  editorKey: string | undefined;
  /** BullMQ key prefix: separates deployments (or test runs) sharing one Redis. */
  queuePrefix: string;
  /** Run a rollup worker inside the API process (always in embedded mode: nothing else can reach PGlite). */
  workers: boolean;
  /** Memory for cached GraphQL answers, in MB (0: no cache). */
  responseCacheMb: number;
  /** How often workers queue dirty slices that have no refresh queued (a lost job), in ms. */
  rollupSweepMs: number;
  /** Largest GraphQL request body, in MB: room for an import of MAX_FIGURES (50,000) figures. */
  bodyLimitMb: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    port: Number(env.PORT ?? 4000),
    host: env.HOST || undefined,
    dataDir: env.DATA_DIR ?? ".data",
    rollupCron: env.ROLLUP_CRON ?? "0 2 * * *",
    sqlTimeoutMs: Number(env.SQL_TIMEOUT_MS ?? 15_000),
    editorKey: env.EDITOR_API_KEY || undefined,
    queuePrefix: env.QUEUE_PREFIX || "poverty",
    workers: env.WORKERS !== "0",
    responseCacheMb: Number(env.RESPONSE_CACHE_MB ?? 64),
    bodyLimitMb: Number(env.BODY_LIMIT_MB ?? 32),
    rollupSweepMs: Number(env.ROLLUP_SWEEP_MS ?? 30_000),
  };
}
