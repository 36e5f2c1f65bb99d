import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from "@apollo/server/plugin/landingPage/default";
import express, { type Express } from "express";
import { authenticate, EDITOR } from "../graphql/auth.ts";
import { queryLimitsPlugin } from "../graphql/complexity.ts";
import { createContext, type GraphQLContext } from "../graphql/context.ts";
import { createFormatError } from "../graphql/errors.ts";
import { memoOf } from "../graphql/reference.ts";
import { buildAppSchema } from "../graphql/schema.ts";
import { createOperationExecutor, executorGateway, type OperationExecutor } from "../graphql/compiled-executor.ts";
import { adminBoardRouter } from "./admin-board.ts";
import { dashboardRouter } from "./dashboard.ts";
import type { AppDeps } from "../shared/deps.ts";
import { graphqlHandler, jsonErrorHandler } from "./graphql-handler.ts";
import { checkHealth } from "./health.ts";
import { rateLimiter } from "./rate-limit.ts";
import { readReplicaPlugin } from "./read-replica.ts";
import { RepeatedOperations } from "./repeated-operation.ts";
import { requestGuard } from "./request-guard.ts";
import { ResponseCache } from "./response-cache.ts";

export const GRAPHQL_PATH = "/graphql";
/** The key prefix Apollo gives persisted queries in its store (requestPipeline's APQ_CACHE_PREFIX). */
const APQ_CACHE_PREFIX = "apq:";
export const ADMIN_QUEUES_PATH = "/admin/queues";

/**
 * The HTTP surface: GraphQL (Apollo, with its landing page for a browser's GET), /healthz,
 * Bull Board and the dashboard at /. `httpServer` is the server the app will listen on, drained by apollo.stop().
 * `firstAnswer`: settles once the server has answered its first request (or gave up waiting).
 */
export async function createHttpApp(
  deps: AppDeps,
  httpServer: Server,
  firstAnswer: Promise<unknown>,
): Promise<{ app: Express; apollo: ApolloServer<GraphQLContext> }> {
  const production = process.env.NODE_ENV === "production";
  const bodyLimitBytes = Math.round(deps.config.bodyLimitMb * 1024 * 1024);
  const schema = await buildAppSchema();
  const executor = createOperationExecutor(schema, {
    compile: deps.config.graphqlJit,
    // its modules take 0.3-0.5 s to load, which held up the first request of a start
    loadAfter: firstAnswer,
  });
  executor
    .ready()
    .catch((e) => deps.logger.warn({ err: e }, "graphql-jit did not load: every query is interpreted by graphql-js"));
  const plugins = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    // No cache hints anywhere (the response cache keys on the data version): without this, Apollo's
    // cache-control plugin hooks every field of every row.
    ApolloServerPluginCacheControlDisabled(),
    queryLimitsPlugin<GraphQLContext>(),
    // Read-your-writes for what reads keep under the data version (src/query/versioned-memo.ts):
    // forgotten after the floor is raised, as two hooks of one event may run at once.
    readReplicaPlugin(deps.reads, () => memoOf(deps).invalidate()),
    production
      ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
      : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    // Apollo installs it for a federation subgraph only, which this schema is not: said here, so
    // that Apollo holds no request hook that RepeatedOperations does not know of.
    ApolloServerPluginInlineTraceDisabled(),
  ];
  const repeated = new RepeatedOperations(schema, executor, plugins);
  const recorder = repeated.recorder();
  const apollo = new ApolloServer<GraphQLContext>({
    gateway: executorGateway(schema, repeated.executorFor(executor)),
    // Stack traces only when asked for: `npm start` runs with NODE_ENV unset.
    includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
    formatError: createFormatError(deps.logger),
    // main.ts owns shutdown; Apollo's own handler would stop it and re-raise the signal.
    stopOnTerminationSignals: false,
    // Shared through Redis when it is configured: a hash registered on one API process works on all.
    ...(deps.apqStore ? { persistedQueries: { cache: deps.apqStore } } : {}),
    plugins: [...plugins, recorder],
  });
  await apollo.start();
  // Apollo adds plugins of its own at start (usage reporting when configured, …): see onlyWith.
  repeated.onlyWith(
    (apollo as unknown as { internals: { plugins: ApolloServerPlugin<GraphQLContext>[] } }).internals.plugins,
    recorder,
  );

  executors.set(deps, executor);
  repeatedOperations.set(deps, repeated);
  const apqStore = deps.apqStore;
  const responseCache = new ResponseCache(
    deps.config.responseCacheMb * 1024 * 1024,
    () => deps.dataVersion.current,
    apqStore ? (hash) => apqStore.get(`${APQ_CACHE_PREFIX}${hash}`) : undefined,
  );
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", async (_req, res) => {
    const health = await checkHealth(deps, responseCache.stats());
    res.status(health.status === "ok" ? 200 : 503).json(health);
  });
  // Bull Board can retry and delete jobs: editors only (a browser asks for the key as password).
  app.use(
    ADMIN_QUEUES_PATH,
    async (req, res, next) => {
      const auth = await authenticate(deps.pool, req.headers).catch(() => ({ state: "rejected" as const }));
      if (auth.state === "valid" && auth.key.role === EDITOR) return next();
      res
        .status(401)
        .set("WWW-Authenticate", 'Basic realm="rollup queues: any user name, an editor API key as password"')
        .send("an editor API key is needed");
    },
    adminBoardRouter(ADMIN_QUEUES_PATH, [deps.rollupQueue]),
  );
  const limiter = rateLimiter(deps, deps.config.rateLimits);
  httpServer.on("close", () => void limiter.close());
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: bodyLimitBytes }), // imports arrive as GraphQL variables
    ...limiter.middleware,
    requestGuard(),
    graphqlHandler(apollo, responseCache, (req) => createContext(deps, req), repeated),
  );
  app.use(dashboardRouter());
  app.use(jsonErrorHandler(deps.logger, bodyLimitBytes));
  return { app, apollo };
}

const executors = new WeakMap<AppDeps, OperationExecutor>();

const repeatedOperations = new WeakMap<AppDeps, RepeatedOperations>();

/** How many requests a server answered past Apollo's pipeline (repeated-operation.ts), for tests. */
export function repeatedOperationStats(deps: AppDeps) {
  return repeatedOperations.get(deps)?.stats() ?? null;
}

/** How this server's operations were run (compiled or by graphql-js), for tests. */
export function executorStats(deps: AppDeps) {
  return executors.get(deps)?.stats() ?? null;
}
