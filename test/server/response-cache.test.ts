import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQuery } from "../../src/dashboard/planner/queries.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { until } from "../support/until.ts";

// The response cache in front of Apollo: repeated data-only queries are answered from memory until
// the data changes: any committed change, through the API or not, reaches it by NOTIFY.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
  await until("the data-change listener", async () => (await health()).responseCache?.enabled === true);
});
afterAll(async () => {
  await s?.stop();
});

const health = async () =>
  (await (await fetch(s.server.url.replace("/graphql", "/healthz"))).json()) as {
    responseCache?: { enabled: boolean; hits: number; entries: number };
  };

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(s.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { cache: res.headers.get("x-cache"), text: await res.text(), status: res.status };
}

const COMPARE = `query Cards($places: [String!]!) {
  compare(input: { measure: "households_supported", places: $places, programme: "CREDIT", period: "2022" }) {
    rows { place { key } value derivation } } }`;
const valueOf = (text: string, key: string) =>
  (JSON.parse(text).data.compare.rows as { place: { key: string }; value: string | null }[]).find(
    (r) => r.place.key === key,
  )?.value;

describe("response cache", () => {
  it("answers a repeated comparison from memory, byte for byte", async () => {
    const body = { query: COMPARE, variables: { places: ["P-06-2008"] } };
    const first = await post(body);
    const second = await post(body);
    expect(first.cache).toBe("MISS");
    expect(second.cache).toBe("HIT");
    expect(second.text).toBe(first.text);
    expect(valueOf(first.text, "P-06-2008")).toBe("490");
    expect((await post({ query: COMPARE, variables: { places: ["P-20-2008"] } })).cache).toBe("MISS"); // other variables, other entry
  });

  it("answers the planners' page's first request (catalogue, analytics ranking, place groups) from memory", async () => {
    const start = startQuery({ m: "poor_households", lv: "PROVINCE", in: "", g: "", y: "2024", b: true, f: false });
    const body = { query: start.query, variables: start.variables };
    const first = await post(body);
    expect(JSON.parse(first.text).errors).toBeUndefined();
    expect(first.cache).toBe("MISS");
    const second = await post(body);
    expect(second.cache).toBe("HIT");
    expect(second.text).toBe(first.text);
    // a place group made through the API is seen at once by the next read
    const groups = { query: "{ placeGroups { code } }" };
    await post(groups);
    expect((await post(groups)).cache).toBe("HIT");
    const made = await s.gql(
      `mutation { createPlaceGroup(group: { code: "CACHE-TEST", name: "Nhóm thử", source: "test", validFrom: "2020-01-01", validTo: "2024-12-31", members: ["P-20-2008"] }) { code } }`,
      {},
      { "x-api-key": s.editorKey },
    );
    expect(made.errors).toBeUndefined();
    const after = await post(groups);
    expect(after.cache).toBe("MISS");
    expect(after.text).toContain("CACHE-TEST");
  });

  it("drops every answer when the data changes, even by SQL outside the API", async () => {
    const body = { query: COMPARE, variables: { places: ["P-06-2008"] } };
    await post(body);
    expect((await post(body)).cache).toBe("HIT");
    const changed = await s.db.pool.query(
      `UPDATE figure SET value = value + 100 WHERE place_key = 'D-06-BACH-THONG' AND measure_code = 'households_supported' AND programme_code = 'CREDIT-POOR'
          AND period_start = '2022-01-01' AND period_end = '2022-12-31' AND kind = 'ACTUAL' RETURNING id`,
    );
    expect(changed.rowCount).toBe(1);
    await rebuildAll(s.db.pool);
    // the rebuild's commit and its run record each notify: the answer is new, then cached again.
    // Households do not add over loan types: Bạch Thông's CREDIT total is bounded by its parts (at least
    // the largest, at most the sum), and its value is the lower bound. CREDIT-POOR 416 + 100 = 516 now
    // outgrows CREDIT-NEAR-POOR's 490, so the value moves 490 → 516 (the sum 1573 → 1673 is only the upper bound).
    await until(
      "the new value, cached",
      async () => {
        const r = await post(body);
        return r.cache === "HIT" && valueOf(r.text, "P-06-2008") === "516";
      },
      30_000,
      20,
    ); // the NOTIFY arrives within milliseconds; the ceiling is for a loaded machine
  });

  it("never caches mutations, queue status, callers with a key, or answers with errors", async () => {
    const status = { query: "{ rollupStatus { dirtySlices } }" };
    await post(status);
    expect((await post(status)).cache).toBeNull();
    const withKey = { query: COMPARE, variables: { places: ["P-91-2008"] } };
    await post(withKey, { "x-api-key": s.editorKey });
    expect((await post(withKey, { "x-api-key": s.editorKey })).cache).toBeNull();
    const bad = { query: COMPARE, variables: { places: ["NO-SUCH-PLACE"] } };
    const firstBad = await post(bad);
    expect(JSON.parse(firstBad.text).errors[0].extensions.code).toBe("NOT_FOUND");
    expect((await post(bad)).cache).toBe("MISS");
    const mutation = { query: `mutation { rebuildRollups { mode } }` };
    expect((await post(mutation)).cache).toBeNull();
    const mixed = {
      query: `{ compare(input: { measure: "households", places: ["VN"] }) { rows { value } } rollupStatus { dirtySlices } }`,
    };
    await post(mixed);
    expect((await post(mixed)).cache).toBeNull();
  });

  it("serves an automatic persisted query by its hash alone once its text was seen", async () => {
    const query = `{ measures { code unit } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
    const full = await post({ query, extensions: { persistedQuery } });
    expect(full.status).toBe(200);
    const byHash = await post({ extensions: { persistedQuery } });
    expect(byHash.cache).toBe("HIT");
    expect(byHash.text).toBe(full.text);
    expect((await health()).responseCache!.hits).toBeGreaterThan(0);
  });
});

describe("response cache and writes through the API", () => {
  it("answers the writer's next read with its write, without waiting for the notification", async () => {
    const body = { query: `{ figures(first: 500) { totalCount } }` };
    const count = async () => JSON.parse((await post(body)).text).data.figures.totalCount as number;
    const before = await count();
    expect((await post(body)).cache).toBe("HIT");
    const doc = {
      document: { sourceKey: "test/cache-write", title: "Cache write", publishedAt: "2023-02-01" },
      figures: [
        {
          key: "k1",
          place: "D-06-BA-BE",
          programme: "CREDIT-POOR",
          measure: "households_supported",
          period: "2021",
          text: "7 hộ",
          quote: "7 hộ",
        },
      ],
    };
    const r = await post(
      { query: `mutation($d: JSON!) { importReport(document: $d) { status } }`, variables: { d: doc } },
      { "x-api-key": s.editorKey },
    );
    expect(JSON.parse(r.text).data.importReport.status).toBe("CREATED");
    expect(await count()).toBe(before + 1);
  });
});
