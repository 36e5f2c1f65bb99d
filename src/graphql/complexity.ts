/**
 * Query limits, as an Apollo plugin: a depth limit over the operation's AST and a cost limit with
 * graphql-query-complexity (field `complexity` extensions, else 1 per field). Over either limit
 * the request fails with TOO_COMPLEX (HTTP 400) before anything is resolved.
 */
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GraphQLError, Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { badUserInput, tooComplex } from "./errors.ts";

export const DEFAULT_MAX_COMPLEXITY = 25_000;
export const DEFAULT_MAX_DEPTH = 10;

export interface QueryLimits {
  maxComplexity?: number;
  maxDepth?: number;
}

/** Cost of a list field: its own 1 plus `size` times what is selected in each item. */
export function listCost(size: number): ComplexityEstimator {
  return ({ childComplexity }) => 1 + size * childComplexity;
}

/** Cost of a paged list whose page size is the `first` argument. */
export function pageCost(defaultSize: number, maxSize: number): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const first = typeof args.first === "number" && args.first >= 0 ? args.first : defaultSize;
    // A first above the maximum is refused by the resolver with BAD_USER_INPUT: cost it as the maximum.
    return 1 + Math.min(first, maxSize) * childComplexity;
  };
}

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Required<QueryLimits> {
  const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return {
    maxComplexity: num(env.GRAPHQL_MAX_COMPLEXITY, DEFAULT_MAX_COMPLEXITY),
    maxDepth: num(env.GRAPHQL_MAX_DEPTH, DEFAULT_MAX_DEPTH),
  };
}

export function queryLimitsPlugin<TContext extends BaseContext>(limits: QueryLimits = {}): ApolloServerPlugin<TContext> {
  const defaults = limitsFromEnv();
  const maxComplexity = limits.maxComplexity ?? defaults.maxComplexity;
  const maxDepth = limits.maxDepth ?? defaults.maxDepth;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if (!operation) return; // Apollo reports a missing or unknown operation itself
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
          const depth = operationDepth(operation, fragments);
          if (depth > maxDepth) {
            throw tooComplex(`query depth ${depth} exceeds the limit of ${maxDepth}`, { depth, maxDepth });
          }
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (e) {
            // getComplexity coerces the variables itself: a bad variable is the caller's error, not a 500.
            if (e instanceof GraphQLError) throw badUserInput(e.message, { http: { status: 400 } });
            throw e;
          }
          if (complexity > maxComplexity) {
            throw tooComplex(`query cost ${complexity} exceeds the limit of ${maxComplexity}; ask for fewer items or fewer nested lists`, { complexity, maxComplexity });
          }
        },
      };
    },
  };
}

/** Nesting depth of fields (`{ a { b } }` is 2); introspection fields do not count. */
export function operationDepth(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): number {
  const depthOf = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const s of set.selections) {
      let d = 0;
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith("__")) continue;
        d = 1 + depthOf(s.selectionSet, seen);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        d = depthOf(s.selectionSet, seen);
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        // A fragment cycle is a validation error already; just do not loop on it.
        if (fragment && !seen.has(name)) d = depthOf(fragment.selectionSet, new Set([...seen, name]));
      }
      if (d > max) max = d;
    }
    return max;
  };
  return depthOf(operation.selectionSet, new Set());
}
