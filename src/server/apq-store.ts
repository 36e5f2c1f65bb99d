import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { Redis } from "ioredis";
import type { Logger } from "pino";

/** How long a registered persisted query is kept without use (a client re-registers it on a miss). */
const DEFAULT_TTL_S = 7 * 24 * 3600;

/**
 * Apollo's automatic persisted queries, kept in Redis so that a hash registered on one API process
 * is known to every other behind the load balancer. It has its own connection that never queues
 * commands while Redis is down: a lookup then misses at once (the client sends the text again) and a
 * registration is dropped, rather than holding the request up.
 *
 * Eleven lines over the ioredis the queue already uses, rather than Keyv + @keyv/redis, which would
 * bring a second Redis client library into the process.
 */
export class RedisApqStore implements KeyValueCache<string> {
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.redis = new Redis(redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (n) => Math.min(n * 200, 2000),
    });
    this.redis.on("error", () => {}); // reported by the failed commands below; ioredis reconnects itself
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, "persisted-query store unreachable: lookup missed");
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl ?? DEFAULT_TTL_S;
    await this.redis.set(this.prefix + key, value, "EX", Math.max(1, Math.round(ttl))).catch((e: Error) => {
      this.logger.warn({ err: e.message }, "persisted-query store unreachable: registration dropped");
    });
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key).catch(() => 0)) > 0;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
