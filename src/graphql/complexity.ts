/**
 * Query limits, as an Apollo plugin: a depth limit over the operation's AST and a cost limit with
 * graphql-query-complexity (field `complexity` extensions, else 1 per field). Over either limit
 * the request fails with TOO_COMPLEX (HTTP 400) before anything is resolved.
 */
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import {
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
  type ComplexityEstimator,
} from "graphql-query-complexity";
import { LRUCache } from "lru-cache";
import type pg from "pg";
import { badUserInput, tooComplex, tooLarge } from "./errors.ts";
import { referenceOf } from "./reference.ts";
import { DEFAULT_MAX_ROWS, estimateWork, workShapeOf, type WorkReference } from "./work-cost.ts";

export { estimateWork, registerWorkShape, type WorkEstimate, type WorkShape } from "./work-cost.ts";

export const DEFAULT_MAX_COMPLEXITY = 25_000;
/** Priced operations kept (query text × variables): a dashboard asks a few dozen, again and again. */
const PRICES_KEPT = 2_000;
export const DEFAULT_MAX_DEPTH = 10;

export interface QueryLimits {
  maxComplexity?: number;
  maxDepth?: number;
  /** Rows one answer (a compare, …) may hold: TOO_LARGE above. */
  maxRows?: number;
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
    maxRows: num(env.GRAPHQL_MAX_ROWS, DEFAULT_MAX_ROWS),
  };
}

export function queryLimitsPlugin<TContext extends BaseContext>(
  limits: QueryLimits = {},
): ApolloServerPlugin<TContext> {
  const defaults = limitsFromEnv();
  const maxComplexity = limits.maxComplexity ?? defaults.maxComplexity;
  const maxDepth = limits.maxDepth ?? defaults.maxDepth;
  const maxRows = limits.maxRows ?? defaults.maxRows;
  const prices: PriceList = new WeakMap();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema, contextValue }) {
          if (!operation) return; // Apollo reports a missing or unknown operation itself
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
          const depth = operationDepth(operation, fragments);
          if (depth > maxDepth) {
            throw tooComplex(`query depth ${depth} exceeds the limit of ${maxDepth}`, { depth, maxDepth });
          }
          const ref = await referenceFor(contextValue);
          const { complexity, largest } = priceOf(
            prices,
            ref,
            request.query,
            request.operationName,
            request.variables,
            () => {
              const largest = { rows: 0, field: "" };
              try {
                const complexity = getComplexity({
                  schema,
                  query: document,
                  operationName: request.operationName ?? undefined,
                  variables: request.variables ?? {},
                  estimators: [
                    workEstimator(ref, largest),
                    fieldExtensionsEstimator(),
                    simpleEstimator({ defaultComplexity: 1 }),
                  ],
                });
                return { complexity, largest };
              } catch (e) {
                // getComplexity coerces the variables itself: a bad variable is the caller's error, not a 500.
                if (e instanceof GraphQLError) throw badUserInput(e.message, { http: { status: 400 } });
                throw e;
              }
            },
          );
          if (largest.rows > maxRows) {
            throw tooLarge(
              `the answer to ${largest.field} may hold ${largest.rows} rows; the limit is ${maxRows} (GRAPHQL_MAX_ROWS): ` +
                "name a period, fewer places or fewer groupBy dimensions",
              { rows: largest.rows, maxRows },
            );
          }
          if (complexity > maxComplexity) {
            throw tooComplex(
              `query cost ${complexity} exceeds the limit of ${maxComplexity} (GRAPHQL_MAX_COMPLEXITY); ask for fewer items or ` +
                "fewer nested lists; a comparison costs by the places, children, periods and groupBy dimensions it spans, and " +
                "from FACTS (or with includeFlagged) by every place under the requested ones: name a period, fewer places or dimensions",
              { complexity, maxComplexity },
            );
          }
        },
      };
    },
  };
}

interface Price {
  complexity: number;
  largest: { rows: number; field: string };
}

/** Prices per copy of the reference tables (a reload may change them): WeakMap, so an old copy's go with it. */
type PriceList = WeakMap<object, LRUCache<string, Price>>;
const NO_REFERENCE = {};

/**
 * An operation's price, computed once for its text, operation name and variables (and the copy of
 * the reference tables it was priced with), then read from memory: pricing walks the operation and
 * the place trees under every place asked for, on every request otherwise. A request without its
 * text (a persisted query sent by hash) is priced each time.
 */
function priceOf(
  prices: PriceList,
  ref: WorkReference | null,
  query: string | undefined,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  compute: () => Price,
): Price {
  if (query === undefined) return compute();
  let kept = prices.get(ref ?? NO_REFERENCE);
  if (!kept) prices.set(ref ?? NO_REFERENCE, (kept = new LRUCache<string, Price>({ max: PRICES_KEPT })));
  const key = `${operationName ?? ""}\n${JSON.stringify(variables ?? null)}\n${query}`;
  let price = kept.get(key);
  if (!price) kept.set(key, (price = compute()));
  return price;
}

/** Nesting depth of fields (`{ a { b } }` is 2); introspection fields do not count. */
export function operationDepth(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): number {
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

/** The reference tables for the work model, when the context has a database (null: rough sizes). */
async function referenceFor(context: unknown): Promise<WorkReference | null> {
  const pool = (context as { pool?: pg.Pool } | undefined)?.pool;
  return pool ? referenceOf({ pool }).catch(() => null) : null;
}

/** Prices fields with a registered work shape (work-cost.ts) and notes the largest answer asked for. */
function workEstimator(ref: WorkReference | null, largest: { rows: number; field: string }): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const shape = workShapeOf(`${type.name}.${field.name}`)?.(args);
    if (!shape) return undefined;
    const work = estimateWork(shape, ref);
    if (work.rows > largest.rows) Object.assign(largest, { rows: work.rows, field: field.name });
    return 1 + work.cost + childComplexity;
  };
}
