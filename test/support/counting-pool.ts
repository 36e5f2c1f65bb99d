import type pg from "pg";

/** `pool` with every statement sent through its query() counted in `counter.sent` (the caller resets it). */
export function countingPool(pool: pg.Pool, counter: { sent: number }): pg.Pool {
  return {
    query: (...args: unknown[]) => {
      counter.sent++;
      return (pool.query as (...a: unknown[]) => unknown)(...args);
    },
  } as unknown as pg.Pool;
}
