import { describe, expect, it } from "vitest";
import { splitStatements } from "../../src/rollup/stepwise-session.ts";

describe("splitStatements", () => {
  it("splits at semicolons outside quotes, dollar quotes and comments", () => {
    const sql = `
      DROP TABLE IF EXISTS a, b;
      -- a comment; with a semicolon
      CREATE TABLE a AS SELECT 'x;y' AS s, "odd;name" FROM t /* also; here */;
      DO $$ BEGIN PERFORM 1; PERFORM 2; END $$;
      SELECT $tag$ ; $tag$, 'it''s; fine', $1::text[];
      ANALYZE a, b;`;
    expect(splitStatements(sql)).toEqual([
      "DROP TABLE IF EXISTS a, b",
      `-- a comment; with a semicolon
      CREATE TABLE a AS SELECT 'x;y' AS s, "odd;name" FROM t /* also; here */`,
      "DO $$ BEGIN PERFORM 1; PERFORM 2; END $$",
      "SELECT $tag$ ; $tag$, 'it''s; fine', $1::text[]",
      "ANALYZE a, b",
    ]);
  });

  it("keeps one statement whole and drops empty ones", () => {
    expect(splitStatements("SELECT 1")).toEqual(["SELECT 1"]);
    expect(splitStatements(";; SELECT 1 ;\n -- trailing comment\n")).toEqual(["SELECT 1"]);
  });
});
