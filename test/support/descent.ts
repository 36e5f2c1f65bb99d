import type pg from "pg";
import { RollupSource } from "../../src/query/compare/rollup-source.ts";

/** A pool that notes the name of every statement it runs (prepared statements are named by their shape). */
export function namingStatements(pool: pg.Pool, names: string[]): pg.Pool {
  return {
    query: (q: { name?: string }, ...rest: unknown[]) => {
      names.push(q.name ?? "");
      return (pool.query as (...a: unknown[]) => unknown)(q, ...rest);
    },
  } as unknown as pg.Pool;
}

/** How many of the statement `names` start with `prefix` ("rollup-descend": the walks). */
export const countNamed = (names: string[], prefix: string) => names.filter((n) => n.startsWith(prefix)).length;

/** `run` with RollupSource lacking one of its optional reads: the compare path without it answers. */
async function without<T>(read: "descend" | "rowsAndHeld", run: () => Promise<T>): Promise<T> {
  const prototype = RollupSource.prototype as Partial<Record<typeof read, unknown>>;
  const method = prototype[read];
  try {
    prototype[read] = undefined;
    return await run();
  } finally {
    prototype[read] = method;
  }
}

/**
 * `run` with the rollup read as a source without RollupSource.descend: a ratio's matching asks for
 * the keys below its rows level by level, a statement per level, instead of matched_ratio_walk.
 */
export const levelByLevel = <T>(run: () => Promise<T>): Promise<T> => without("descend", run);

/**
 * `run` with a ratio's rows read as a source without RollupSource.rowsAndHeld: every cell of every
 * group and programme below the rows at their places, not only which parts hold cells.
 */
export const readingWhole = <T>(run: () => Promise<T>): Promise<T> => without("rowsAndHeld", run);
