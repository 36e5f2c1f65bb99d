import type pg from "pg";

/** Runs `fn` between BEGIN and COMMIT on `client`; on any error rolls back and rethrows it. */
export async function inTransaction<T>(client: Pick<pg.ClientBase, "query">, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
