/**
 * Repeated operations past Apollo's request pipeline. A dashboard sends the same few query texts
 * again and again; for each, Apollo's pipeline hashes the text (sha256), looks the parsed document
 * up, negotiates the content type, builds its request context and runs every plugin hook before the
 * executor even starts. Here, once Apollo has answered a query text with data and no errors, the
 * next POSTs of the same text (same operation name, Accept and Content-Type) are answered with
 * Apollo's own parsed and validated document and answer headers: the same plugins' hooks, the same
 * executor, the same JSON. Anything else (a new text, a persisted query, a mutation, a hook that
 * refuses, an answer with errors) goes to Apollo, which answers as it always did; a query reads
 * only, so one that ends with an error here is simply asked again there.
 */
import type { ApolloServerPlugin, GraphQLRequestListener, HTTPGraphQLRequest } from "@apollo/server";
import type { DocumentNode, ExecutionResult, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { GraphQLContext } from "../graphql/context.ts";
import type { OperationExecutor } from "../graphql/compiled-executor.ts";
import type { GraphQLAnswer } from "./response-cache.ts";

/**
 * The result (with errors) of an operation that ran here, on the context handed to Apollo: an own
 * property, so that it is on the copy of the context Apollo makes for the operation too.
 */
const RAN_HERE = Symbol("result of an operation run past Apollo");

/** Query texts kept (× operation name, Accept, Content-Type): a dashboard sends a few dozen. */
const OPERATIONS_KEPT = 1_000;
/** Characters of query text kept at most (a text is kept with its parsed document: a few times its size). */
const TEXT_KEPT = 4_000_000;

interface Prepared {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  headers: [string, string][];
}

/** A POST body as Apollo reads it: the text, the operation's name and the variables (null is absent). */
interface PlainRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

type Listener = GraphQLRequestListener<GraphQLContext>;
// What the hooks are handed here is Apollo's request context in part: the request (text, operation
// name, variables), the document, the operation, the schema and the context; the response when sent.
type Starting = Parameters<NonNullable<ApolloServerPlugin<GraphQLContext>["requestDidStart"]>>[0];
type Resolved = Parameters<NonNullable<Listener["didResolveOperation"]>>[0];
type Sending = Parameters<NonNullable<Listener["willSendResponse"]>>[0];

/** The request hooks answered here; a plugin with any other one sends its requests to Apollo. */
const HOOKS_RUN_HERE = new Set<string>(["didResolveOperation", "willSendResponse"]);

export interface RequestHeaders {
  accept?: string;
  "content-type"?: string;
}

export interface RepeatedOperationStats {
  /** Requests answered here. */
  answered: number;
  /** Requests of a kept text handed on to Apollo (a hook refused, the answer held errors). */
  handedOn: number;
}

export class RepeatedOperations {
  private readonly counts = { tried: 0, answered: 0 };
  private readonly prepared = new LRUCache<string, Prepared>({
    max: OPERATIONS_KEPT,
    maxSize: TEXT_KEPT,
    sizeCalculation: (_, key) => key.length,
    maxEntrySize: TEXT_KEPT / 100, // one long text (a comment of megabytes) must not push out the dashboard's
  });
  /** The operation Apollo resolved for each HTTP request it was handed (see `recorder`). */
  private readonly resolved = new WeakMap<object, { document: DocumentNode; operation: OperationDefinitionNode }>();
  private serving = true;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly executor: OperationExecutor,
    /** Every plugin Apollo runs (with request hooks, only these may have them). */
    private readonly plugins: ApolloServerPlugin<GraphQLContext>[],
  ) {}

  /**
   * Stops this path when Apollo runs a request hook of a plugin it was not given (usage reporting
   * configured by environment, …): Apollo's `plugins` as it holds them once started.
   */
  onlyWith(
    apolloPlugins: readonly ApolloServerPlugin<GraphQLContext>[],
    recorder: ApolloServerPlugin<GraphQLContext>,
  ): void {
    const known = new Set([...this.plugins, recorder]);
    if (apolloPlugins.some((p) => p.requestDidStart && !known.has(p))) this.serving = false;
  }

  /** Apollo's plugin that notes the operation of each request and stops this path when Apollo stops. */
  recorder(): ApolloServerPlugin<GraphQLContext> {
    const resolved = this.resolved;
    const stopServing = () => {
      this.serving = false;
    };
    return {
      async serverWillStart() {
        return { serverWillStop: async () => stopServing() };
      },
      async requestDidStart() {
        return {
          async didResolveOperation({ request, document, operation }) {
            if (operation && request.http) resolved.set(request.http, { document, operation });
          },
        };
      },
    };
  }

  /** The key of a request this path may answer (a plain POST of a query text), else undefined. */
  keyOf(method: string, headers: RequestHeaders, body: unknown): string | undefined {
    if (method !== "POST" || !isPlainRequest(body)) return undefined;
    const name = typeof body.operationName === "string" ? `=${body.operationName}` : "-";
    return `${headers.accept ?? ""}\n${headers["content-type"] ?? ""}\n${name}\n${body.query}`;
  }

  /** After Apollo answered `httpRequest` (under `key`): kept when it was a query answered with data alone. */
  learn(key: string, httpRequest: HTTPGraphQLRequest, answer: GraphQLAnswer): void {
    const seen = this.resolved.get(httpRequest);
    if (!seen || seen.operation.operation !== "query" || answer.status !== 200) return;
    if (typeof answer.body !== "string" || !answer.body.startsWith('{"data":')) return;
    this.prepared.set(key, { ...seen, headers: answer.headers });
  }

  /**
   * The answer to a request under `key`, or what Apollo needs to answer it: the context when the
   * operation ran here and its result holds errors (Apollo's executor takes that result, see
   * `executor`, and formats the errors as it always did: the query does not run twice).
   */
  async answer(
    key: string,
    body: unknown,
    context: () => Promise<GraphQLContext>,
  ): Promise<{ answer: GraphQLAnswer } | { context?: GraphQLContext }> {
    const prepared = this.prepared.get(key);
    if (!prepared || !this.serving) return {};
    this.counts.tried++;
    const plain = body as PlainRequest;
    const operationName = plain.operationName ?? undefined;
    const variables = plain.variables ?? undefined;
    const { document, operation } = prepared;
    try {
      const requestContext = {
        request: { query: plain.query, operationName, variables },
        document,
        operation,
        operationName: operation.name?.value || null,
        schema: this.schema,
        contextValue: await context(),
      };
      const listeners = await this.listenersFor(requestContext);
      if (!listeners) return {};
      await Promise.all(listeners.map(async (l) => l.didResolveOperation?.(requestContext as unknown as Resolved)));
      const contextValue = requestContext.contextValue;
      const result = await this.executor.run({ document, operation, operationName, variables, context: contextValue });
      if (result.errors?.length) return { context: Object.assign(contextValue, { [RAN_HERE]: result }) };
      const singleResult = { errors: undefined, data: result.data, extensions: result.extensions };
      const withResponse = { ...requestContext, response: { body: { kind: "single", singleResult } } };
      await Promise.all(listeners.map(async (l) => l.willSendResponse?.(withResponse as unknown as Sending)));
      this.counts.answered++;
      return { answer: { status: 200, headers: prepared.headers, body: `${JSON.stringify(singleResult)}\n` } };
    } catch {
      return {}; // Apollo answers it, with its own error
    }
  }

  stats(): RepeatedOperationStats {
    return { answered: this.counts.answered, handedOn: this.counts.tried - this.counts.answered };
  }

  /** `executor` for Apollo: a request whose operation already ran here gets that result. */
  executorFor(executor: OperationExecutor): OperationExecutor {
    return {
      ...executor,
      run: (op) => {
        const result = (op.context as { [RAN_HERE]?: ExecutionResult } | undefined)?.[RAN_HERE];
        return result ? Promise.resolve(result) : executor.run(op);
      },
    };
  }

  private async listenersFor(requestContext: object): Promise<Listener[] | undefined> {
    const started = await Promise.all(this.plugins.map(async (p) => p.requestDidStart?.(requestContext as Starting)));
    const listeners = started.filter((l): l is Listener => !!l);
    for (const l of listeners) for (const hook of Object.keys(l)) if (!HOOKS_RUN_HERE.has(hook)) return undefined;
    return listeners;
  }
}

/** A POST body Apollo would read as a query text with nothing else (no persisted query, no extensions). */
function isPlainRequest(body: unknown): body is PlainRequest {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (typeof query !== "string" || query === "" || extensions !== undefined) return false;
  if (operationName != null && typeof operationName !== "string") return false;
  return variables == null || (typeof variables === "object" && !Array.isArray(variables));
}
