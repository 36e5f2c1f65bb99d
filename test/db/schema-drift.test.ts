import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/db/migrate.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Migrations are hand-written SQL (the schema engine cannot be downloaded here), so this test holds
// them to schema.prisma: an empty database, migrated, must have every model, column, type,
// nullability, default, enum, unique, index and foreign key that Prisma's own DMMF describes.
const { getDMMF } = createRequire(import.meta.url)("@prisma/internals");

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

let db: TestDb;
let models: DmmfModel[];
let enums: { name: string; values: { name: string }[] }[];
let indexes: { model: string; type: string; fields: { name: string }[] }[];

beforeAll(async () => {
  db = await createTestDb({ empty: true });
  const client = await db.pool.connect();
  try {
    await migrate(client);
    expect(await migrate(client)).toEqual([]); // idempotent
  } finally {
    client.release();
  }
  const dmmf = await getDMMF({
    datamodel: readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8"),
  });
  models = dmmf.datamodel.models;
  enums = dmmf.datamodel.enums;
  indexes = dmmf.datamodel.indexes;
});
afterAll(async () => {
  await db.drop();
});

const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (m: DmmfModel, field: string) => {
  const f = m.fields.find((x) => x.name === field)!;
  return f.dbName ?? f.name;
};

function expectedUdt(f: DmmfField): string {
  if (f.kind === "enum") return f.type;
  const native = f.nativeType?.[0];
  const base: Record<string, string> = {
    String: native === "VarBit" ? "varbit" : "text",
    Int: "int4",
    BigInt: "int8",
    Boolean: "bool",
    Decimal: "numeric",
    Json: "jsonb",
    Float: "float8",
    DateTime: native === "Date" ? "date" : native === "Timestamptz" ? "timestamptz" : "timestamp",
  };
  return (f.isList ? "_" : "") + base[f.type];
}

describe("the migrated database matches schema.prisma", () => {
  it("has every enum with exactly its values", async () => {
    for (const e of enums) {
      const r = await db.pool.query(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [e.name],
      );
      expect(
        r.rows.map((x) => x.enumlabel),
        e.name,
      ).toEqual(e.values.map((v) => v.name));
    }
  });

  it("has every model's columns with their type, nullability and default, and no others", async () => {
    for (const m of models) {
      const cols = new Map(
        (
          await db.pool.query(
            `SELECT column_name, udt_name, is_nullable, column_default, numeric_precision, numeric_scale, datetime_precision
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
            [tableOf(m)],
          )
        ).rows.map((c) => [c.column_name, c]),
      );
      expect(cols.size, `table ${tableOf(m)} exists`).toBeGreaterThan(0);
      const scalars = m.fields.filter((f) => f.kind !== "object");
      expect([...cols.keys()].sort(), `columns of ${tableOf(m)}`).toEqual(
        scalars.map((f) => f.dbName ?? f.name).sort(),
      );
      for (const f of scalars) {
        const c = cols.get(f.dbName ?? f.name)!;
        const where = `${m.name}.${f.name}`;
        expect(c.udt_name, where).toBe(expectedUdt(f));
        // Prisma leaves scalar lists nullable in PostgreSQL
        expect(c.is_nullable, where).toBe(f.isRequired && !f.isList ? "NO" : "YES");
        expect(c.column_default !== null, `${where} default`).toBe(f.hasDefaultValue);
        if (f.type === "Decimal" && f.nativeType)
          expect([String(c.numeric_precision), String(c.numeric_scale)], where).toEqual(f.nativeType[1]);
        if (f.nativeType?.[0] === "Timestamptz")
          expect(String(c.datetime_precision), where).toBe(f.nativeType[1][0] ?? "6");
        const d = f.default as { name?: string } | undefined;
        if (d?.name === "autoincrement") expect(c.column_default, where).toMatch(/^nextval\(/);
        if (d?.name === "now") expect(c.column_default, where).toBe("CURRENT_TIMESTAMP");
      }
    }
  });

  it("has every primary key, unique and index on exactly its columns", async () => {
    for (const ix of indexes) {
      const m = models.find((x) => x.name === ix.model)!;
      const columns = ix.fields.map((f) => columnOf(m, f.name));
      const r = await db.pool.query(
        `SELECT i.indisunique AS unique, i.indisprimary AS primary,
                array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
           FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = $1`,
        [tableOf(m)],
      );
      const match = r.rows.find((x) => JSON.stringify(x.columns) === JSON.stringify(columns));
      expect(match, `${ix.type} index on ${tableOf(m)}(${columns.join(", ")})`).toBeTruthy();
      expect(match.primary, `${tableOf(m)}(${columns}) primary`).toBe(ix.type === "id");
      expect(match.unique, `${tableOf(m)}(${columns}) unique`).toBe(ix.type === "id" || ix.type === "unique");
    }
  });

  it("has every relation as a foreign key", async () => {
    for (const m of models)
      for (const f of m.fields.filter((x) => x.kind === "object" && x.relationFromFields?.length)) {
        const target = models.find((x) => x.name === f.type)!;
        const from = f.relationFromFields!.map((n) => columnOf(m, n));
        const to = f.relationToFields!.map((n) => columnOf(target, n));
        const r = await db.pool.query(
          `SELECT 1 FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name
           JOIN information_schema.constraint_column_usage u ON u.constraint_name = tc.constraint_name
          WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = $1 AND k.column_name = ANY($2) AND u.table_name = $3 AND u.column_name = ANY($4)`,
          [tableOf(m), from, tableOf(target), to],
        );
        expect(r.rowCount, `${m.name}.${f.name} → ${target.name}`).toBeGreaterThan(0);
      }
  });
});
