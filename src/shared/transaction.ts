import type pg from "pg";

export interface TransactionOptions {
  /** e.g. "REPEATABLE READ": one snapshot for every statement of the transaction. */
  isolation?: "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE";
}

/** Runs `fn` between BEGIN and COMMIT on `client`; on any error rolls back and rethrows it. */
export async function inTransaction<T>(
  client: Pick<pg.ClientBase, "query">,
  fn: () => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  await client.query(opts.isolation ? `BEGIN ISOLATION LEVEL ${opts.isolation}` : "BEGIN");
  try {
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
