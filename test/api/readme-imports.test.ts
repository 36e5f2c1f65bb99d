import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renamed, seedDocument, toCsv } from "../ingest/helpers.ts";
import { startSeededServer, type SeededServer } from "./support.ts";

// The README's import mutations, run as written (they failed validation before: the JSON example
// asked for flaggedFigures, which the schema lacked, and there was no CSV form).
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const mutations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((q) => q.includes("importReport("));
const jsonExample = /mutation\(\$doc: JSON!\) \{[\s\S]*?\n\}/.exec(mutations.find((q) => q.includes("$doc"))!)![0];
const csvExample = mutations.find((q) => q.includes("$csv"))!;

let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

describe("README import examples", () => {
  it("the JSON example imports the Bạch Thông report, naming its flagged lunch figure", async () => {
    const doc = renamed(seedDocument("003"), "test/readme-json");
    const r = await s.gql(jsonExample, { doc }, { "x-api-key": s.editorKey });
    expect(r.errors).toBeUndefined();
    expect(r.data.importReport).toMatchObject({ status: "CREATED", imported: doc.figures.length, errors: [] });
    const flagged = r.data.importReport.flaggedFigures;
    expect(flagged.length).toBe(r.data.importReport.flagged);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged).toContainEqual(
      expect.objectContaining({ reason: expect.any(String), suggestedValue: "1218000000" }),
    );
  });

  it("the CSV example imports the same kind of report from CSV text, and names the CSV line of an error", async () => {
    const doc = renamed(seedDocument("001"), "test/readme-csv");
    const r = await s.gql(csvExample, { csv: toCsv(doc) }, { "x-api-key": s.editorKey });
    expect(r.errors).toBeUndefined();
    expect(r.data.importReport).toMatchObject({ status: "CREATED", imported: doc.figures.length, errors: [] });

    const broken = toCsv(renamed(seedDocument("003"), "test/readme-csv-broken")).split("\n");
    broken[3] = broken[3].replace(/,ACTUAL,/, ",SOMETIMES,");
    const bad = await s.gql(csvExample, { csv: broken.join("\n") }, { "x-api-key": s.editorKey });
    expect(bad.data.importReport.status).toBe("ERROR");
    expect(bad.data.importReport.errors).toContainEqual(expect.objectContaining({ row: 4, field: "kind" }));
  });

  it("refuses both or neither of document and csv", async () => {
    const r = await s.gql("mutation { importReport { status } }", {}, { "x-api-key": s.editorKey });
    expect(r.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});
