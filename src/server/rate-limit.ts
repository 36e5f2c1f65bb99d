import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from "express-rate-limit";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { RedisStore } from "rate-limit-redis";
import { authenticate, hashApiKey, readApiKey } from "../graphql/auth.ts";
import { operationKind } from "../graphql/cacheable-operation.ts";
import type { AppDeps } from "../shared/deps.ts";
import { sendGraphQLError } from "./graphql-handler.ts";

/** Requests per minute per client; 0 turns a limit off (README "Configuration"). */
export interface RateLimits {
  anonymousPerMinute: number;
  keyedPerMinute: number;
  mutationsPerMinute: number;
}

const WINDOW_MS = 60_000;
/** A limiter whose store (Redis) does not answer in time lets the request through rather than hang it. */
const STORE_TIMEOUT_MS = 500;

/**
 * Per-client rate limits on /graphql (express-rate-limit): anonymous callers by address, callers
 * with a valid API key by key, mutations under a stricter limit of their own. Over a limit: 429,
 * Retry-After and a GraphQL-shaped RATE_LIMITED error. With Redis configured the counts live there
 * (rate-limit-redis), shared by every API process; else in this process.
 */
export function rateLimiter(
  deps: AppDeps,
  limits: RateLimits,
): { middleware: RequestHandler[]; close(): Promise<void> } {
  const redis = deps.config.redisUrl
    ? new Redis(deps.config.redisUrl, { maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 200, 2000) })
    : null;
  redis?.on("error", () => {}); // the queue's connection reports Redis being down already
  const store = (name: string): Store | undefined =>
    redis
      ? new TimedStore(
          redis,
          new RedisStore({
            prefix: `${deps.config.queuePrefix}:ratelimit:${name}:`,
            sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<any>,
          }),
          deps.logger,
        )
      : undefined;
  const common: Partial<Options> = {
    windowMs: WINDOW_MS,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    passOnStoreError: true,
    // The limiters are made once, at the server's start (not in a request handler, which this check
    // is for): its `new Error().stack` made Node parse the server bundle's source map (npm start runs
    // with --enable-source-maps), 0.1-0.2 s of every start.
    validate: { creationStack: false },
    logger: {
      error: (e, message) => deps.logger.warn({ err: (e as Error)?.message ?? e }, message ?? "rate limiter error"),
      warn: (e, message) => deps.logger.warn({ err: (e as Error)?.message ?? e }, message ?? "rate limiter warning"),
    },
    keyGenerator: (req) => identityOf(req),
    handler: (req, res, _next, options) => {
      const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
      const retryAfter = Math.max(
        1,
        Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 1000),
      );
      res.setHeader("Retry-After", String(retryAfter));
      sendGraphQLError(
        res,
        429,
        "RATE_LIMITED",
        `too many requests: at most ${limitOf(req, limits, options)} a minute for this client; retry after ${retryAfter} s`,
        { retryAfterSeconds: retryAfter },
      );
    },
  };
  const middleware: RequestHandler[] = [];
  if (limits.anonymousPerMinute > 0 || limits.keyedPerMinute > 0 || limits.mutationsPerMinute > 0)
    middleware.push(identify(deps));
  if (limits.anonymousPerMinute > 0 || limits.keyedPerMinute > 0) {
    middleware.push(
      rateLimit({
        ...common,
        store: store("all"),
        limit: (req) => (isKeyed(req) ? limits.keyedPerMinute : limits.anonymousPerMinute) || Number.MAX_SAFE_INTEGER,
      }),
    );
  }
  if (limits.mutationsPerMinute > 0) {
    middleware.push(
      rateLimit({
        ...common,
        store: store("mutations"),
        limit: limits.mutationsPerMinute,
        skip: (req) => !isMutation(req),
      }),
    );
  }
  return {
    middleware,
    close: async () => {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}

const IDENTITY = Symbol("rate-limit identity");
type Identified = Request & { [IDENTITY]?: string };

/**
 * A valid key counts as its own client; a missing, unknown or revoked key counts as its address
 * (worked out by identityOf when a limit asks: most requests carry no key).
 */
function identify(deps: AppDeps): RequestHandler {
  return async (req, _res, next) => {
    const key = readApiKey(req.headers);
    if (!key) return next();
    try {
      const auth = await authenticate(deps.pool, req.headers);
      if (auth.state === "valid") (req as Identified)[IDENTITY] = `key:${hashApiKey(key).slice(0, 24)}`;
      next();
    } catch (e) {
      next(e);
    }
  };
}

function identityOf(req: Request): string {
  return (req as Identified)[IDENTITY] ?? `ip:${ipKeyGenerator(req.ip ?? "")}`;
}

function isKeyed(req: Request): boolean {
  return identityOf(req).startsWith("key:");
}

function isMutation(req: Request): boolean {
  const body = req.body as { query?: unknown; operationName?: unknown } | undefined;
  return (
    typeof body?.query === "string" &&
    operationKind(body.query, typeof body.operationName === "string" ? body.operationName : null) === "WRITE"
  );
}

function limitOf(req: Request, limits: RateLimits, options: Options): number {
  if (typeof options.limit === "number") return options.limit;
  return isKeyed(req) ? limits.keyedPerMinute : limits.anonymousPerMinute;
}

/** A store that answers within STORE_TIMEOUT_MS or fails (then the request passes: passOnStoreError). */
class TimedStore implements Store {
  constructor(
    private readonly redis: Redis,
    private readonly inner: RedisStore,
    private readonly logger: Logger,
  ) {}
  get prefix(): string {
    return this.inner.prefix;
  }
  init(options: Options): void {
    // Not awaited: a Redis that is down at start must neither hold up nor end the server.
    this.inner.init(options).catch((e: Error) => this.logger.warn({ err: e.message }, "rate-limit store not ready"));
  }
  increment(key: string): Promise<ClientRateLimitInfo> {
    // Known to be down: no wait at all (the request passes, as on a timeout).
    if (this.redis.status !== "ready")
      return Promise.reject(new Error(`rate-limit store not connected (${this.redis.status})`));
    return within(this.inner.increment(key));
  }
  async decrement(key: string): Promise<void> {
    await within(this.inner.decrement(key)).catch(() => {});
  }
  async resetKey(key: string): Promise<void> {
    await within(this.inner.resetKey(key)).catch(() => {});
  }
}

function within<T>(work: Promise<T>): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("rate-limit store did not answer")), STORE_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
