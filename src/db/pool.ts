import pg from "pg";
import { pino } from "pino";

/**
 * The one way this project opens PostgreSQL connections (pools and single clients).
 *
 * A pg connection that the server closes (`pg_terminate_backend`, a restart, a dropped database)
 * emits 'error'; an 'error' event without a listener ends the Node process. pg.Pool listens only
 * while a client is idle in the pool: a client checked out with `pool.connect()` (an import's or a
 * rebuild's transaction) has none. Every pool made here listens on itself and, through its 'connect'
 * event, on every client it ever opens, checked out or not: the loss is logged, the query in flight
 * fails with the error (the caller answers it), and the pool replaces the dead client.
 */

export interface ConnectionLog {
  warn(details: object, message: string): void;
}

export interface PoolOptions extends pg.PoolConfig {
  /** Names the pool in the log ("api", "rollup-worker", "test"). */
  name: string;
  logger?: ConnectionLog;
}

export interface ClientOptions extends pg.ClientConfig {
  name: string;
  logger?: ConnectionLog;
}

let defaultLog: ConnectionLog | undefined;
function fallbackLog(): ConnectionLog {
  defaultLog ??= pino({ name: "db", level: process.env.LOG_LEVEL ?? "info" });
  return defaultLog;
}

const openClients = new WeakMap<pg.Pool, Set<pg.Client>>();

export function createPool({ name, logger: log = fallbackLog(), ...config }: PoolOptions): pg.Pool {
  const pool = new pg.Pool(config);
  const open = new Set<pg.Client>();
  openClients.set(pool, open);
  // The client's own listener (below) logs the loss; the pool re-emits it for idle clients only.
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    open.add(client);
    listenForLoss(client, name, log);
  });
  pool.on("remove", (client) => open.delete(client));
  return pool;
}

/** A single connection (LISTEN, migrations, administration), with the same listener. */
export function createClient({ name, logger: log = fallbackLog(), ...config }: ClientOptions): pg.Client {
  const client = new pg.Client(config);
  listenForLoss(client, name, log);
  return client;
}

/**
 * Ends a pool and waits until every one of its sockets is closed. pool.end() resolves as soon as
 * it has asked its clients to end: a database dropped right after would still terminate them.
 */
export async function closePool(pool: pg.Pool): Promise<void> {
  if (!pool.ending) await pool.end();
  const open = openClients.get(pool);
  while (open?.size) {
    await new Promise<void>((resolve) => pool.once("remove", () => resolve()));
  }
}

function listenForLoss(client: pg.Client, name: string, log: ConnectionLog): void {
  client.on("error", (err) =>
    log.warn(
      { pool: name, err: { message: err.message, code: (err as { code?: string }).code } },
      "database connection lost",
    ),
  );
}

/** SQLSTATE classes and messages that mean "the connection is gone", not "the statement is wrong". */
const LOST_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
const LOST_MESSAGE =
  /Connection terminated|connection (?:is )?closed|not queryable|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|timeout exceeded when trying to connect/i;

/** True when an error came from losing (or not getting) a database connection: worth a retry. */
export function isConnectionLost(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" && (LOST_CODES.has(code) || code.startsWith("08"))) return true;
  return LOST_MESSAGE.test(e.message);
}
