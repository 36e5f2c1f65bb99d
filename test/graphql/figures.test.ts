import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { codeOf, startHarness, type Harness } from "./harness.ts";

let db: TestDb;
let h: Harness;

interface Inserted extends RawFigure {
  id: string;
}
const inserted: Inserted[] = [];

const PLACES = ["P-80-2008", "P-06-2008", "D-06-BACH-THONG", "P-91-2008"];
const PROGRAMMES = ["CREDIT-POOR", "EDU-LUNCH", "ELECTRICITY"];

beforeAll(async () => {
  db = await createTestDb();
  h = await startHarness(db);
  const bulk: RawFigure[] = Array.from({ length: 60 }, (_, i) => ({
    key: `bulk-${i}`,
    place: PLACES[i % PLACES.length],
    programme: PROGRAMMES[i % PROGRAMMES.length],
    measure: "households_supported",
    value: i + 1,
    period: ["2022-01-01", "2022-12-31"],
    flags: i % 10 === 9 ? ["IMPLAUSIBLE"] : [],
  }));
  const special: RawFigure[] = [
    {
      key: "huge",
      place: "P-80-2008",
      measure: "spending_vnd",
      value: "1000000000000000",
      period: ["2023-01-01", "2023-12-31"],
      qualifier: "AT_LEAST",
    },
    {
      key: "rate",
      place: "P-06-2008",
      measure: "poverty_rate",
      value: "0.75",
      period: ["2021-01-01", "2025-12-31"],
      ethnicity: "DTTS",
    },
    {
      key: "plan",
      place: "P-80-2025",
      measure: "households_supported",
      value: 700,
      period: ["2026-01-01", "2026-12-31"],
      kind: "PLAN",
    },
  ];
  for (const [figures, sourceKey] of [
    [bulk, "test/gql-bulk"],
    [special, "test/gql-special"],
  ] as const) {
    const { ids } = await insertDocument(db.pool, figures, { sourceKey, publishedAt: "2024-06-01" });
    figures.forEach((f, i) => inserted.push({ ...f, id: ids[i] }));
  }
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const unflagged = () => inserted.filter((f) => !f.flags?.length);
const ids = (conn: { edges: { node: { id: string } }[] }) => conn.edges.map((e) => e.node.id);
const idsOf = (list: Inserted[]) => list.map((f) => f.id);

async function figures(args: string, selection = "id") {
  const r = await h.run(
    `{ figures${args ? `(${args})` : ""} { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${selection} } } } }`,
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.figures;
}

describe("figures: paging", () => {
  it("pages through every unflagged figure in id order", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await figures(`first: 25${after ? `, after: "${after}"` : ""}`);
      expect(page.totalCount).toBe(unflagged().length);
      seen.push(...ids(page));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(25);
      after = page.pageInfo.endCursor;
      expect(page.edges[24].cursor).toBe(after);
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(idsOf(unflagged()));
  });

  it("gives 50 by default", async () => {
    const page = await figures(``);
    expect(page.edges).toHaveLength(50);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it("refuses first over 500, a negative first and a foreign cursor", async () => {
    const big = await h.run(`{ figures(first: 10000) { totalCount } }`);
    expect(codeOf(big)).toBe("BAD_USER_INPUT");
    expect(big.errors![0].message).toContain("500");
    expect(codeOf(await h.run(`{ figures(first: -1) { totalCount } }`))).toBe("BAD_USER_INPUT");
    expect(codeOf(await h.run(`{ figures(after: "bm90IGEgY3Vyc29y") { totalCount } }`))).toBe("BAD_USER_INPUT");
  });

  it("accepts first: 500", async () => {
    const page = await figures(`first: 500`);
    expect(page.edges).toHaveLength(unflagged().length);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });
});

describe("figures: filters", () => {
  it("leaves flagged figures out unless includeFlagged", async () => {
    const without = await figures(`first: 500`);
    const flaggedIds = idsOf(inserted.filter((f) => f.flags?.length));
    expect(flaggedIds).toHaveLength(6);
    expect(ids(without).some((id: string) => flaggedIds.includes(id))).toBe(false);
    const all = await figures(`first: 500, filter: { includeFlagged: true }`, "id flags");
    expect(all.totalCount).toBe(inserted.length);
    expect(
      all.edges
        .filter((e: { node: { flags: string[] } }) => e.node.flags.includes("IMPLAUSIBLE"))
        .map((e: { node: { id: string } }) => e.node.id),
    ).toEqual(flaggedIds);
  });

  it("takes an official code as every unit that held it", async () => {
    const page = await figures(`first: 500, filter: { placeCodes: ["80"] }`);
    expect(ids(page)).toEqual(idsOf(unflagged().filter((f) => f.place === "P-80-2008" || f.place === "P-80-2025")));
    const plan = await figures(`filter: { placeCodes: ["80"], kind: PLAN }`, "id kind place { key }");
    expect(plan.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { id: idsOf(inserted.filter((f) => f.key === "plan"))[0], kind: "PLAN", place: { key: "P-80-2025" } },
    ]);
  });

  it("adds descendant places with includeDescendants", async () => {
    const own = await figures(`first: 500, filter: { placeCodes: ["P-06-2008"] }`);
    expect(ids(own)).toEqual(idsOf(unflagged().filter((f) => f.place === "P-06-2008")));
    const tree = await figures(`first: 500, filter: { placeCodes: ["P-06-2008"], includeDescendants: true }`);
    expect(ids(tree)).toEqual(
      idsOf(unflagged().filter((f) => f.place === "P-06-2008" || f.place === "D-06-BACH-THONG")),
    );
    // The region reaches the districts through the old province.
    const region = await figures(
      `first: 500, filter: { placeCodes: ["R-NMM"], includeDescendants: true }`,
      "place { key }",
    );
    expect(new Set(region.edges.map((e: { node: { place: { key: string } } }) => e.node.place.key))).toEqual(
      new Set(["P-06-2008", "D-06-BACH-THONG"]),
    );
  });

  it("finds figures by a place name without diacritics", async () => {
    const page = await figures(`first: 500, filter: { placeName: "Bac Thong" }`);
    expect(ids(page)).toEqual(idsOf(unflagged().filter((f) => f.place === "D-06-BACH-THONG")));
  });

  it("adds descendant programmes with includeDescendants", async () => {
    expect((await figures(`filter: { programmeCodes: ["EDUCATION"] }`)).totalCount).toBe(0);
    const tree = await figures(`first: 500, filter: { programmeCodes: ["EDUCATION"], includeDescendants: true }`);
    expect(ids(tree)).toEqual(idsOf(unflagged().filter((f) => f.programme === "EDU-LUNCH")));
  });

  it("selects figures whose period lies within the period asked", async () => {
    const y2022 = await figures(`first: 500, filter: { period: "2022" }`);
    expect(ids(y2022)).toEqual(idsOf(unflagged().filter((f) => f.key!.startsWith("bulk-"))));
    const decade = await figures(
      `first: 500, filter: { period: "2021-2025", measureCodes: ["poverty_rate", "spending_vnd"] }`,
      "key",
    );
    expect(decade.edges.map((e: { node: { key: string } }) => e.node.key)).toEqual(["huge", "rate"]);
    const bad = await h.run(`{ figures(filter: { period: "2022-13" }) { totalCount } }`);
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    expect(bad.errors![0].message).toContain("2022-13");
  });

  it("filters by ethnicity and measure; unknown codes are BAD_USER_INPUT", async () => {
    const dtts = await figures(`filter: { ethnicity: "DTTS" }`, "key ethnicity ethnicGroup { name isMinority }");
    expect(dtts.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { key: "rate", ethnicity: "DTTS", ethnicGroup: { name: "Dân tộc thiểu số", isMinority: true } },
    ]);
    const r = await h.run(
      `{ figures(filter: { measureCodes: ["no_such_measure"], placeCodes: ["ZZ"] }) { totalCount } }`,
    );
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].message).toContain("no_such_measure");
    expect(r.errors![0].message).toContain("ZZ");
  });
});

describe("figure fields", () => {
  it("serialises values as exact decimal strings and links the source with the quote", async () => {
    const page = await figures(
      `filter: { measureCodes: ["spending_vnd", "poverty_rate"] }`,
      `id key value qualifier periodStart periodEnd period kind measure { code unit } programme { code } source { sourceKey title publishedAt version quote figureId }`,
    );
    const [huge, rate] = page.edges.map((e: { node: Record<string, any> }) => e.node);
    expect(huge).toMatchObject({
      key: "huge",
      value: "1000000000000000",
      qualifier: "AT_LEAST",
      periodStart: "2023-01-01",
      periodEnd: "2023-12-31",
      period: "2023",
      kind: "ACTUAL",
      measure: { code: "spending_vnd", unit: "VND" },
      programme: { code: "ALL" },
    });
    expect(huge.source).toMatchObject({
      sourceKey: "test/gql-special",
      publishedAt: "2024-06-01",
      version: 1,
      figureId: huge.id,
    });
    expect(huge.source.quote).toBe(
      (await db.pool.query(`SELECT quote FROM figure WHERE id = $1`, [huge.id])).rows[0].quote,
    );
    expect(rate).toMatchObject({ value: "0.75", period: "2021-2025" });
  });
});

describe("DataLoader batching", () => {
  const SELECTION = `id value place { key name parent { key } } programme { code parent { code } } measure { code }
    ethnicGroup { code } source { sourceKey quote }`;

  async function countFor(first: number): Promise<number> {
    h.queries.count = 0;
    h.queries.texts = [];
    const r = await h.run(
      `{ figures(first: ${first}, filter: { includeFlagged: true }) { totalCount edges { node { ${SELECTION} } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.figures.edges).toHaveLength(first);
    return h.queries.count;
  }

  it("answers a 50-figure page with a constant number of statements", async () => {
    const for50 = await countFor(50);
    const for5 = await countFor(5);
    // page + count + place + parent place + programme + parent programme + measure + ethnicity + document
    expect(for50).toBeLessThanOrEqual(9);
    expect(for50).toBe(for5);
  });
});
