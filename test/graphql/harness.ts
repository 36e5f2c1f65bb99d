/**
 * The GraphQL schema on a real Apollo Server and a real test database, with the production
 * plugins for query limits and without cache hints (Apollo's cache-control plugin would wrap every
 * field in a resolver of its own, as src/server/http.ts turns it off). Each operation gets a fresh context (fresh DataLoaders), as over HTTP.
 */
import type { IncomingHttpHeaders } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import {
  createOperationExecutor,
  executorGateway,
  type OperationExecutor,
} from "../../src/graphql/compiled-executor.ts";
import type pg from "pg";
import { pino } from "pino";
import { readConfig } from "../../src/shared/config.ts";
import { queryLimitsPlugin } from "../../src/graphql/complexity.ts";
import { buildContext, type GraphQLContext } from "../../src/graphql/context.ts";
import { buildAppSchema } from "../../src/graphql/schema.ts";
import type { Slice } from "../../src/shared/slices.ts";
import type { AppDeps } from "../../src/shared/deps.ts";
import type { TestDb } from "../support/test-db.ts";

export interface Result {
  status: number;
  data: Record<string, any> | null | undefined;
  errors: { message: string; extensions?: Record<string, any> }[] | undefined;
}

export interface Harness {
  server: ApolloServer<GraphQLContext>;
  /** How the operations were run: compiled, or by graphql-js. */
  executor: OperationExecutor;
  /** Slices passed to enqueueRollupRefresh, in order. */
  enqueued: Slice[][];
  /** SQL statements sent through the context's pool since the last reset. */
  queries: { count: number; texts: string[] };
  run(query: string, variables?: Record<string, unknown>, headers?: IncomingHttpHeaders): Promise<Result>;
  stop(): Promise<void>;
}

/** `compile`: queries run compiled by graphql-jit (default: unless GRAPHQL_JIT=0, as the server). */
export async function startHarness(db: TestDb, opts: { editorKey?: string; compile?: boolean } = {}): Promise<Harness> {
  const queries = { count: 0, texts: [] as string[] };
  const pool = countingPool(db.pool, queries);
  // Only what the GraphQL layer reads; the queues are the server's business (test/server).
  const deps = {
    config: { ...readConfig({}), databaseUrl: db.url, editorKey: opts.editorKey },
    prisma: db.prisma,
    pool,
    logger: pino({ level: "silent" }),
  } as unknown as AppDeps;
  const enqueued: Slice[][] = [];
  const schema = await buildAppSchema();
  const executor = createOperationExecutor(schema, { compile: opts.compile ?? process.env.GRAPHQL_JIT !== "0" });
  await executor.ready();
  const server = new ApolloServer<GraphQLContext>({
    gateway: executorGateway(schema, executor),
    plugins: [ApolloServerPluginCacheControlDisabled(), queryLimitsPlugin()],
  });
  await server.start();
  return {
    server,
    executor,
    enqueued,
    queries,
    async run(query, variables, headers = {}) {
      const contextValue = await buildContext({
        deps,
        headers,
        enqueueRollupRefresh: async (s) => {
          enqueued.push(s);
        },
      });
      const response = await server.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== "single") throw new Error("unexpected incremental response");
      const { data, errors } = response.body.singleResult;
      return { status: response.http.status ?? 200, data, errors: errors as Result["errors"] };
    },
    stop: () => server.stop(),
  };
}

/** The pool, counting every query sent through it (pool.query; clients checked out are not counted). */
function countingPool(pool: pg.Pool, counter: { count: number; texts: string[] }): pg.Pool {
  return new Proxy(pool, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "query") {
        return (...args: unknown[]) => {
          counter.count++;
          const first = args[0];
          counter.texts.push(typeof first === "string" ? first : String((first as { text?: string })?.text));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The first error's extensions.code. */
export function codeOf(r: Result): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}
