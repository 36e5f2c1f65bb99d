import { setImmediate as nextTurn } from "node:timers/promises";
import type pg from "pg";
import { inTransaction } from "../shared/transaction.ts";

/**
 * A connection on which every statement commits on its own: for a full rebuild on the embedded
 * database, where all connections share ONE session (src/server/pglite-wire-server.ts) and a
 * transaction open for the whole rebuild would make every reader wait until it ends.
 *
 * - A text of several statements (no parameters) is run one statement at a time.
 * - Transaction-local settings (`set_config(name, value, true)`) are remembered and set again in
 *   each statement's transaction, so that every statement is planned as in one transaction.
 * - Between statements it gives the event loop a few turns: PGlite runs statements on this
 *   thread, and a reader's request needs those turns to reach the session before the next statement.
 * - `atomically(fn)` runs fn's statements in one transaction (a swap that readers must see whole).
 */
export interface StepwiseSession {
  query: pg.ClientBase["query"];
  atomically<T>(fn: () => Promise<T>): Promise<T>;
}

/** How many event-loop turns a reader gets between two statements (HTTP, GraphQL, the pool, the socket). */
const TURNS_BETWEEN_STATEMENTS = 8;

/** Told each statement's duration (its transaction's included): a reader may have waited that long. */
export type OnStatement = (sql: string, ms: number) => void;

export function stepwiseSession(client: pg.ClientBase, onStatement?: OnStatement): StepwiseSession {
  const settings = new Map<string, string>();
  let atomic = false;

  const runOne = async (text: string, params?: unknown[]): Promise<pg.QueryResult> => {
    if (atomic) return client.query(text, params);
    for (let i = 0; i < TURNS_BETWEEN_STATEMENTS; i++) await nextTurn();
    const started = performance.now();
    const result = await inTransaction(client, async () => {
      if (settings.size) {
        const names = [...settings.keys()];
        await client.query("SELECT set_config(n, v, true) FROM unnest($1::text[], $2::text[]) AS s(n, v)", [
          names,
          names.map((n) => settings.get(n)!),
        ]);
      }
      return client.query(text, params);
    });
    onStatement?.(text, performance.now() - started);
    for (const [, name, value] of text.matchAll(LOCAL_SETTING)) settings.set(name, value);
    return result;
  };

  const query = (async (text: string | pg.QueryConfig, params?: unknown[]) => {
    if (typeof text !== "string") throw new Error("stepwiseSession takes SQL text");
    const statements = params?.length ? [text] : splitStatements(text);
    let last: pg.QueryResult | undefined;
    for (const statement of statements) last = await runOne(statement, params);
    return last!;
  }) as unknown as pg.ClientBase["query"];

  return {
    query,
    async atomically<T>(fn: () => Promise<T>): Promise<T> {
      for (let i = 0; i < TURNS_BETWEEN_STATEMENTS; i++) await nextTurn();
      atomic = true;
      try {
        return await inTransaction(client, fn);
      } finally {
        atomic = false;
      }
    },
  };
}

/** `set_config('name', 'value', true)` with literal arguments. */
const LOCAL_SETTING = /set_config\(\s*'([^']+)'\s*,\s*'([^']*)'\s*,\s*true\s*\)/gi;

/**
 * The statements of a script, split at the semicolons outside quotes, dollar quotes and comments
 * (the lexical rules of PostgreSQL's own splitter, psql's): empty statements dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      i = sql.indexOf(c, i + 1);
      while (i >= 0 && sql[i + 1] === c) i = sql.indexOf(c, i + 2); // a doubled quote is the quote itself
      if (i < 0) break;
    } else if (c === "-" && sql[i + 1] === "-") {
      i = sql.indexOf("\n", i);
      if (i < 0) break;
    } else if (c === "/" && sql[i + 1] === "*") {
      i = sql.indexOf("*/", i + 2) + 1;
      if (i <= 0) break;
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        i = sql.indexOf(tag, i + tag.length) + tag.length - 1;
        if (i < tag.length - 1) break;
      }
    } else if (c === ";") {
      statements.push(sql.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  statements.push(sql.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?\s*)*$/.test(s));
}
