import type { IncomingHttpHeaders } from "node:http";
import type pg from "pg";
import type { PrismaClient } from "../db/prisma.ts";
import { enqueueIncremental } from "../rollup/jobs.ts";
import type { Slice } from "../shared/slices.ts";
import type { AppDeps } from "../shared/deps.ts";
import { authenticate, ensureApiKey, type ApiKeyIdentity, type Authentication } from "./auth.ts";
import { createLoaders, type Loaders } from "./loaders.ts";
import { memoOf } from "./reference.ts";
import type { VersionedMemo } from "../query/versioned-memo.ts";

export interface GraphQLContext {
  deps: AppDeps;
  prisma: PrismaClient;
  pool: pg.Pool;
  loaders: Loaders;
  /** What reads keep under the data version, as this request sees it (taken at its start). */
  memo: VersionedMemo;
  /** The caller's valid key, or null (no key, or a rejected one: see `auth`). */
  apiKey: ApiKeyIdentity | null;
  auth: Authentication;
  /** After an import commits: refresh the rollup slices it touched. */
  enqueueRollupRefresh?: (slices: Slice[]) => Promise<void>;
}

export interface ContextOptions {
  deps: AppDeps;
  headers: IncomingHttpHeaders;
  /** Overrides the default (an incremental job on deps.rollupQueue); null for none. */
  enqueueRollupRefresh?: ((slices: Slice[]) => Promise<void>) | null;
}

/** The per-request context for Apollo (express middleware's `context`). */
export async function createContext(deps: AppDeps, req: { headers: IncomingHttpHeaders }): Promise<GraphQLContext> {
  return buildContext({ deps, headers: req.headers });
}

export async function buildContext(opts: ContextOptions): Promise<GraphQLContext> {
  const { deps } = opts;
  await ensureBootstrapKey(deps);
  const auth = await authenticate(deps.pool, opts.headers);
  const queue = deps.rollupQueue;
  const enqueue =
    opts.enqueueRollupRefresh === undefined
      ? queue
        ? async (slices: Slice[]) => {
            await enqueueIncremental(queue, slices);
          }
        : undefined
      : (opts.enqueueRollupRefresh ?? undefined);
  return {
    deps,
    prisma: deps.prisma,
    pool: deps.pool,
    loaders: createLoaders(deps.pool),
    memo: memoOf(deps).forRequest(),
    apiKey: auth.state === "valid" ? auth.key : null,
    auth,
    enqueueRollupRefresh: enqueue,
  };
}

const bootstrapped = new WeakMap<object, Promise<void>>();

/**
 * EDITOR_API_KEY (config.editorKey) is made a working editor key once per process, before the first
 * request is authenticated; the server may also call ensureApiKey itself at start.
 */
function ensureBootstrapKey(deps: AppDeps): Promise<void> {
  const key = deps.config?.editorKey;
  if (!key) return Promise.resolve();
  let done = bootstrapped.get(deps);
  if (!done) {
    done = ensureApiKey(deps.pool, key).catch((e) => {
      bootstrapped.delete(deps); // try again on the next request
      throw e;
    });
    bootstrapped.set(deps, done);
  }
  return done;
}
