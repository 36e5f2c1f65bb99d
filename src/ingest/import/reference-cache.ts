import type pg from "pg";
import { loadImportReference, type ImportReference } from "./reference.ts";

type Db = Pick<pg.Pool, "query">;

interface Held {
  version: bigint;
  reference: Promise<ImportReference>;
}

/**
 * The import reference of one database, kept between imports: each `get` reads the reference's version
 * (import_reference_version, bumped in the same transaction as any change to the tables the reference
 * reads) and loads the reference again only when it changed. Callers that ask while a load is under way
 * share it. The version is read before the load, so a reference holds at least every change its version
 * counts (a change committed in between only costs the next caller a reload). One cache per database.
 */
export class ImportReferenceCache {
  private held: Held | undefined;

  constructor(private readonly load: (db: Db) => Promise<ImportReference> = loadImportReference) {}

  async get(db: Db): Promise<ImportReference> {
    const version = await readImportReferenceVersion(db);
    // An older version read by a slower caller is served the newer reference: it is what the database holds.
    if (this.held && this.held.version >= version) return this.held.reference;
    const held: Held = { version, reference: this.load(db) };
    this.held = held;
    held.reference.catch(() => {
      if (this.held === held) this.held = undefined; // the next caller tries again
    });
    return held.reference;
  }
}

const perDatabase = new WeakMap<object, ImportReferenceCache>();

/** The import reference cache of this process for the database `pool` reaches (one per pool). */
export function importReferenceOf(pool: object): ImportReferenceCache {
  let cache = perDatabase.get(pool);
  if (!cache) perDatabase.set(pool, (cache = new ImportReferenceCache()));
  return cache;
}

export async function readImportReferenceVersion(db: Db): Promise<bigint> {
  const { rows } = await db.query<{ version: string }>(`SELECT version::text AS version FROM import_reference_version`);
  if (rows.length !== 1) throw new Error("import_reference_version must hold exactly one row (see its migration)");
  return BigInt(rows[0].version);
}

/**
 * Takes the version's row lock before a transaction writes reference rows that another import may
 * write too (a declared place group): the triggers would take it at the first write, after that
 * row, and two imports declaring the same groups could then wait on each other.
 */
export async function lockImportReferenceVersion(client: Pick<pg.PoolClient, "query">): Promise<void> {
  await client.query(`SELECT 1 FROM import_reference_version FOR UPDATE`);
}
