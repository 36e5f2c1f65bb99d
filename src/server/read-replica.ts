import type { ApolloServerPlugin } from "@apollo/server";
import type pg from "pg";
import type { Logger } from "pino";
import type { GraphQLContext } from "../graphql/context.ts";
import { createLoaders } from "../graphql/loaders.ts";
import type { ReadRouting, ReadRoutingStats, ReadTarget } from "../shared/deps.ts";
import { parseLsn, type DataVersion } from "./data-version.ts";

const POLL_MS = 5;

/**
 * Where a GraphQL query reads: the hot standby (DATABASE_READ_URL) once it has replayed past every
 * change this process has heard of (DataVersion's WAL floor, raised by each NOTIFY and by the
 * process's own mutations), else, after waiting up to `maxWaitMs`, the primary. So an answer is never
 * older than the data version the process has heard of, and the response cache, keyed by that
 * version, never keeps a stale answer.
 */
export class ReadRouter implements ReadRouting {
  private replayed = -1n;
  private checking: Promise<bigint> | undefined;
  private replicaReads = 0;
  private primaryFallbacks = 0;

  constructor(
    private readonly primary: pg.Pool,
    private readonly replica: pg.Pool | null,
    private readonly version: DataVersion,
    private readonly maxWaitMs: number,
    private readonly logger: Logger,
  ) {}

  async readTarget(): Promise<ReadTarget> {
    // Taken in the same tick as the floor: the version's changes are all at or before it.
    const version = this.version.current;
    if (!this.replica) return { pool: this.primary, source: "primary", version };
    const floor = await this.version.walFloor();
    if (floor === null) return this.fallback(version);
    const deadline = Date.now() + this.maxWaitMs;
    while (this.replayed < floor) {
      try {
        const replayed = await this.replayPosition();
        if (replayed > this.replayed) this.replayed = replayed;
      } catch (e) {
        this.logger.warn({ err: (e as Error).message }, "read replica unreachable: reading the primary");
        return this.fallback(version);
      }
      if (this.replayed >= floor) break;
      if (Date.now() >= deadline) return this.fallback(version);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    this.replicaReads++;
    return { pool: this.replica, source: "replica", version };
  }

  /** After a mutation committed on the primary: this process's next reads must see it. */
  async afterWrite(): Promise<void> {
    if (!this.replica) return;
    const r = await this.primary.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    this.version.raiseFloor(parseLsn(r.rows[0].lsn));
  }

  stats(): ReadRoutingStats {
    return {
      replica: this.replica !== null,
      replicaReads: this.replicaReads,
      primaryFallbacks: this.primaryFallbacks,
      replayedLsn:
        this.replayed < 0n
          ? null
          : `${(this.replayed >> 32n).toString(16).toUpperCase()}/${(this.replayed & 0xffffffffn).toString(16).toUpperCase()}`,
    };
  }

  private fallback(version: number | null): ReadTarget {
    this.primaryFallbacks++;
    return { pool: this.primary, source: "primary", version };
  }

  /** One question to the standby at a time, shared by every waiting request. */
  private replayPosition(): Promise<bigint> {
    this.checking ??= this.replica!.query<{ lsn: string }>(
      "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn",
    )
      .then((r) => parseLsn(r.rows[0].lsn))
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }
}

/**
 * Queries read through the router (decided once Apollo knows the operation, persisted queries
 * included); mutations stay on the primary and raise the floor before their answer leaves, then
 * `afterFloorRaised` runs (what reads keep is forgotten only once no new request can read below the write).
 */
export function readReplicaPlugin(
  router: ReadRouting,
  afterFloorRaised = () => {},
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== "query") return;
          const { pool, source, version } = await router.readTarget();
          contextValue.memo = contextValue.memo.reading(source, version);
          if (pool === contextValue.pool) return;
          contextValue.pool = pool;
          contextValue.loaders = createLoaders(pool);
        },
        async willSendResponse({ operation }) {
          if (operation?.operation !== "mutation") return;
          try {
            await router.afterWrite();
          } finally {
            afterFloorRaised();
          }
        },
      };
    },
  };
}
