import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, hashApiKey } from "../../src/graphql/auth.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { codeOf, startHarness, type Harness } from "./harness.ts";

const BOOTSTRAP_KEY = "bootstrap-editor-key-for-tests";

let db: TestDb;
let h: Harness;
let editorKey: string;
let readerKey: string;

beforeAll(async () => {
  db = await createTestDb();
  h = await startHarness(db, { editorKey: BOOTSTRAP_KEY });
  editorKey = await createApiKey(db.pool, "test editor", "editor");
  readerKey = await createApiKey(db.pool, "test reader", "reader");
  await h.run(`{ __typename }`); // the first request stores EDITOR_API_KEY's hash
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const count = async (table: string) => Number((await db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

const CREATE_KEY = `mutation { createApiKey(name: "made by test", role: "reader") }`;
const IMPORT = `mutation ($doc: JSON!) { importReport(document: $doc) {
  status documentId sourceKey version imported updated deleted ignored flagged rollupRefreshQueued
  errors { row field reason key } touched { measureCode kind periodStart periodEnd } } }`;

const QUOTE = "trong năm 2023, Long An đã hỗ trợ hơn 5.200 lượt hộ với kinh phí gần 3,2 tỷ đồng tiền điện cho hộ nghèo";
function report(sourceKey: string, figures: Record<string, unknown>[]) {
  return {
    document: {
      sourceKey,
      title: "Báo cáo thử",
      publisher: "TTXVN",
      author: null,
      publishedAt: "2024-06-01",
      url: null,
      fileName: null,
    },
    figures,
  };
}
const goodFigures = [
  {
    key: "occasions",
    place: "80",
    programme: "ELECTRICITY",
    measure: "occasions_households",
    period: "2023",
    text: "hơn 5.200 lượt hộ",
    quote: QUOTE,
  },
  {
    key: "spending",
    place: "P-80-2008",
    programme: "ELECTRICITY",
    measure: "spending_vnd",
    period: "2023",
    text: "gần 3,2 tỷ đồng",
    quote: QUOTE,
  },
];

describe("mutations need an editor key", () => {
  it("without a key: UNAUTHENTICATED and nothing written", async () => {
    const keys = await count("api_key");
    const docs = await count("document");
    const created = await h.run(CREATE_KEY);
    expect(codeOf(created)).toBe("UNAUTHENTICATED");
    expect(created.data?.createApiKey ?? null).toBeNull();
    const imported = await h.run(IMPORT, { doc: report("test/no-key", goodFigures) });
    expect(codeOf(imported)).toBe("UNAUTHENTICATED");
    expect(await count("api_key")).toBe(keys);
    expect(await count("document")).toBe(docs);
    expect(h.enqueued).toHaveLength(0);
  });

  it("a wrong key or a revoked key: UNAUTHENTICATED", async () => {
    const keys = await count("api_key");
    const wrong = await h.run(CREATE_KEY, {}, { "x-api-key": `${editorKey}x` });
    expect(codeOf(wrong)).toBe("UNAUTHENTICATED");
    expect(wrong.errors![0].message).toMatch(/not recognised|revoked/);

    const revoked = await createApiKey(db.pool, "to revoke", "editor");
    expect(codeOf(await h.run(CREATE_KEY, {}, { "x-api-key": revoked }))).toBeUndefined();
    await db.pool.query(`UPDATE api_key SET revoked_at = now() WHERE key_hash = $1`, [hashApiKey(revoked)]);
    const after = await count("api_key");
    expect(codeOf(await h.run(CREATE_KEY, {}, { "x-api-key": revoked }))).toBe("UNAUTHENTICATED");
    expect(await count("api_key")).toBe(after);
    expect(after).toBe(keys + 2); // the revoked key itself and the one it created while valid
  });

  it("a key without the editor role: FORBIDDEN", async () => {
    const keys = await count("api_key");
    const r = await h.run(CREATE_KEY, {}, { authorization: `Bearer ${readerKey}` });
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(await count("api_key")).toBe(keys);
  });

  it("an editor key (x-api-key or Bearer) creates a key that works, storing only its hash", async () => {
    const r = await h.run(
      `mutation { createApiKey(name: "second editor", role: "editor") }`,
      {},
      { authorization: `Bearer ${editorKey}` },
    );
    expect(r.errors).toBeUndefined();
    const key = r.data!.createApiKey as string;
    expect(key.length).toBeGreaterThanOrEqual(40);
    const stored = await db.pool.query(`SELECT name, role, key_hash FROM api_key WHERE name = 'second editor'`);
    expect(stored.rows).toEqual([{ name: "second editor", role: "editor", key_hash: hashApiKey(key) }]);
    expect((await db.pool.query(`SELECT count(*) FROM api_key WHERE key_hash = $1`, [key])).rows[0].count).toBe("0");
    const again = await h.run(CREATE_KEY, {}, { "x-api-key": key });
    expect(typeof again.data!.createApiKey).toBe("string");
  });

  it("refuses an unknown role", async () => {
    const r = await h.run(`mutation { createApiKey(name: "x", role: "admin") }`, {}, { "x-api-key": editorKey });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
  });

  it("EDITOR_API_KEY works as an editor key from the first request", async () => {
    const r = await h.run(CREATE_KEY, {}, { "x-api-key": BOOTSTRAP_KEY });
    expect(r.errors).toBeUndefined();
    const row = await db.pool.query(`SELECT role FROM api_key WHERE key_hash = $1`, [hashApiKey(BOOTSTRAP_KEY)]);
    expect(row.rows).toEqual([{ role: "editor" }]);
  });
});

describe("importReport", () => {
  it("imports a report, then enqueues the rollup refresh of the touched slices", async () => {
    const before = h.enqueued.length;
    const r = await h.run(IMPORT, { doc: report("test/gql-import", goodFigures) }, { "x-api-key": editorKey });
    expect(r.errors).toBeUndefined();
    const s = r.data!.importReport;
    expect(s).toMatchObject({
      status: "CREATED",
      sourceKey: "test/gql-import",
      version: 1,
      imported: 2,
      updated: 0,
      errors: [],
      rollupRefreshQueued: true,
    });
    const slices = [
      {
        measureCode: "occasions_households",
        kind: "ACTUAL",
        periodStart: "2023-01-01",
        periodEnd: "2023-12-31",
        places: ["P-80-2008"],
        ethnicities: ["ALL"],
        programmes: ["ELECTRICITY"],
      },
      {
        measureCode: "spending_vnd",
        kind: "ACTUAL",
        periodStart: "2023-01-01",
        periodEnd: "2023-12-31",
        places: ["P-80-2008"],
        ethnicities: ["ALL"],
        programmes: ["ELECTRICITY"],
      },
    ];
    // the API shows slices; the queue also gets their places and the groups and programmes they touch
    expect(s.touched).toEqual(slices.map(({ places: _, ethnicities: _e, programmes: _p, ...slice }) => slice));
    expect(h.enqueued.slice(before)).toEqual([slices]);
    const stored = await db.pool
      .query(`SELECT f.place_key, f.value::text, f.qualifier::text, d.imported_by FROM figure f JOIN document d ON d.id = f.document_id
      WHERE d.source_key = 'test/gql-import' ORDER BY f.figure_key`);
    expect(stored.rows).toEqual([
      { place_key: "P-80-2008", value: "5200.000000", qualifier: "AT_LEAST", imported_by: "api-key:test editor" },
      { place_key: "P-80-2008", value: "3200000000.000000", qualifier: "NEARLY", imported_by: "api-key:test editor" },
    ]);

    const again = await h.run(IMPORT, { doc: report("test/gql-import", goodFigures) }, { "x-api-key": editorKey });
    expect(again.data!.importReport).toMatchObject({ status: "UNCHANGED", ignored: 2, touched: [] });
    expect(h.enqueued.length).toBe(before + 1);
  });

  it("dryRun says what would happen and keeps nothing", async () => {
    const docs = await count("document");
    const before = h.enqueued.length;
    const r = await h.run(
      `mutation ($doc: JSON!) { importReport(document: $doc, dryRun: true) { status dryRun imported documentId } }`,
      { doc: report("test/gql-dry", goodFigures) },
      { "x-api-key": editorKey },
    );
    expect(r.data!.importReport).toEqual({ status: "CREATED", dryRun: true, imported: 2, documentId: null });
    expect(await count("document")).toBe(docs);
    expect(h.enqueued.length).toBe(before);
  });

  it("returns every row error with status ERROR and writes nothing", async () => {
    const docs = await count("document");
    const bad = [
      { ...goodFigures[0], place: "XX-NOWHERE" },
      goodFigures[1],
      { ...goodFigures[1], key: "third", measure: "no_such_measure" },
    ];
    const r = await h.run(IMPORT, { doc: report("test/gql-bad", bad) }, { "x-api-key": editorKey });
    expect(r.errors).toBeUndefined();
    const s = r.data!.importReport;
    expect(s.status).toBe("ERROR");
    expect(s.documentId).toBeNull();
    expect(s.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, field: "place" }),
        expect.objectContaining({ row: 3, field: "measure" }),
      ]),
    );
    expect(s.errors.every((e: { row: number }) => e.row !== 2)).toBe(true);
    expect(await count("document")).toBe(docs);
  });
});
