/**
 * Queries run by graphql-jit: each operation is compiled once into a function that resolves and
 * completes its fields without graphql-js's per-field walk of the document (variables coerced,
 * arguments read, types checked), and kept while Apollo keeps its parsed and validated document.
 * Anything the compiled path cannot stand for runs through graphql-js's execute, as before:
 * mutations and subscriptions, an operation graphql-jit refuses to compile, and every answer that
 * holds an error (the request is executed again by graphql-js, so that errors, their codes and
 * partial data are graphql-js's own; queries read and write nothing, so running one twice is safe).
 * graphql-jit itself (~0.5 s of module loading) is imported once `loadAfter` settles (the server:
 * after its first answer), not before the first requests: until it has loaded, graphql-js answers.
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import type { CompiledQuery } from "graphql-jit";
import {
  execute,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

export interface OperationToRun {
  document: DocumentNode;
  operation: OperationDefinitionNode | undefined;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  context: unknown;
}

export interface ExecutorStats {
  /** Answers from a compiled operation. */
  compiled: number;
  /** Answers from graphql-js: not compiled (off, not a query, refused) or an answer with errors. */
  interpreted: number;
  /** Operations compiled (each once per parsed document and operation name). */
  compilations: number;
  /** Operations graphql-jit refused to compile (run by graphql-js each time). */
  refused: number;
}

export interface OperationExecutor {
  run(op: OperationToRun): Promise<ExecutionResult>;
  stats(): ExecutorStats;
  /** Resolves once queries are compiled (graphql-jit loaded), or at once when compiling is off. */
  ready(): Promise<void>;
}

/** Compiled operations per parsed document: Apollo hands the same document object for the same query text. */
type Compiled = Map<string, CompiledQuery | null>;

/**
 * `compile: false` is the escape hatch (GRAPHQL_JIT=0): every operation through graphql-js.
 * `loadAfter`: graphql-jit is imported when it settles (default: at once).
 */
export function createOperationExecutor(
  schema: GraphQLSchema,
  opts: { compile: boolean; loadAfter?: Promise<unknown> },
): OperationExecutor {
  const compiledOf = new WeakMap<DocumentNode, Compiled>();
  const stats: ExecutorStats = { compiled: 0, interpreted: 0, compilations: 0, refused: 0 };
  let jit: typeof import("graphql-jit") | undefined;
  const loading = opts.compile
    ? Promise.resolve(opts.loadAfter)
        .then(() => import("graphql-jit"))
        .then((m) => {
          jit = m;
        })
    : Promise.resolve();
  loading.catch(() => {}); // graphql-js goes on answering; ready() reports it

  const compiledFor = (op: OperationToRun): CompiledQuery | null => {
    if (!jit || op.operation?.operation !== "query") return null;
    const { compileQuery, isCompiledQuery } = jit;
    let byName = compiledOf.get(op.document);
    if (!byName) compiledOf.set(op.document, (byName = new Map()));
    const name = op.operationName ?? "";
    if (!byName.has(name)) {
      const compiled = compileQuery(schema, op.document, op.operationName ?? undefined, {
        disablingCapturingStackErrors: true,
      });
      stats.compilations++;
      if (!isCompiledQuery(compiled)) stats.refused++;
      byName.set(name, isCompiledQuery(compiled) ? compiled : null);
    }
    return byName.get(name)!;
  };

  const interpret = (op: OperationToRun): Promise<ExecutionResult> => {
    stats.interpreted++;
    return Promise.resolve(
      execute({
        schema,
        document: op.document,
        operationName: op.operationName,
        variableValues: op.variables,
        contextValue: op.context,
      }),
    );
  };

  return {
    async run(op) {
      const compiled = compiledFor(op);
      if (compiled) {
        const result = await compiled.query(undefined, op.context, op.variables ?? {});
        if (!result.errors?.length) {
          stats.compiled++;
          return result;
        }
      }
      return interpret(op);
    },
    stats: () => ({ ...stats }),
    ready: () => loading,
  };
}

/**
 * Apollo's gateway interface, the one place Apollo Server 5 takes another executor: the schema is
 * ours and fixed, and execution goes to `executor`, after Apollo has parsed, validated and resolved
 * the operation and every plugin (cost limit, read routing) has run; Apollo formats the errors.
 */
export function executorGateway<TContext extends BaseContext>(
  schema: GraphQLSchema,
  executor: OperationExecutor,
): ApolloServerOptionsWithGateway<TContext>["gateway"] {
  return {
    async load() {
      return {
        schema,
        executor: (rc) =>
          executor.run({
            document: rc.document,
            operation: rc.operation,
            operationName: rc.operationName,
            variables: rc.request.variables,
            context: rc.context,
          }),
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async stop() {},
  };
}
