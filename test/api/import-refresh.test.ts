import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../support/until.ts";
import { baBeCreditReport, startSeededServer, type SeededServer } from "./support.ts";

// An import through the API, with the rollup worker running in the server: within seconds the
// rollup rows of exactly the slices it touched are recomputed, and no other row is.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer({ workers: true });
});
afterAll(async () => {
  await s?.stop();
});

const rows = async () =>
  new Map(
    (
      await s.db.pool.query(
        `SELECT concat_ws('|', boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end) AS k, value::text, computed_at
     FROM rollup`,
      )
    ).rows.map((r) => [r.k as string, { value: r.value as string, at: (r.computed_at as Date).getTime() }]),
  );

async function importReport(value: string) {
  return s.gql(
    `mutation($d: JSON!) { importReport(document: $d) { status imported updated rollupRefreshQueued errors { row reason } } }`,
    { d: baBeCreditReport(value) },
    { "x-api-key": s.editorKey },
  );
}

describe("an import refreshes its rollup slices", () => {
  it("updates exactly the affected rows within seconds", async () => {
    // the server queued a first full rebuild at start; let it finish so that it does not touch rows here
    await until(
      "the first full rebuild",
      async () =>
        (await s.gql(`{ rollupStatus { queue { waiting active } lastFull { finishedAt } } }`)).data.rollupStatus.queue
          .active === 0 &&
        (await s.gql(`{ rollupStatus { queue { waiting } } }`)).data.rollupStatus.queue.waiting === 0,
    );
    const before = await rows();
    const bacKanCredit = (m: Map<string, { value: string; at: number }>) =>
      m.get("AS_REPORTED|households_supported|ACTUAL|P-06-2008|ALL|CREDIT|2022-01-01|2022-12-31");
    // Bạch Thông's loan types overlap: its credit households are 490..1573, the value the largest part
    expect(bacKanCredit(before)!.value).toBe("490.000000");

    const r = await importReport("300");
    expect(r.data.importReport).toMatchObject({ status: "CREATED", imported: 1, rollupRefreshQueued: true });
    const started = Date.now();
    await until("the refreshed rollup", async () => bacKanCredit(await rows())?.value === "790.000000", 15_000, 50);
    expect(Date.now() - started).toBeLessThan(30_000); // seconds when idle; the ceiling is for a loaded machine

    const after = await rows();
    const slice = "|households_supported|ACTUAL|";
    for (const [k, v] of before) {
      if (k.includes(slice) && k.endsWith("|2022-01-01|2022-12-31")) continue;
      expect(after.get(k), k).toEqual(v); // untouched: same value, same computed_at
    }
    const changed = [...after].filter(([k, v]) => before.get(k)?.at !== v.at).map(([k]) => k);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((k) => k.includes(slice) && k.endsWith("|2022-01-01|2022-12-31"))).toBe(true);
    expect(
      after.get("AS_REPORTED|households_supported|ACTUAL|P-06-2008|ALL|CREDIT|2022-01-01|2022-12-31"),
    ).toMatchObject({ value: "790.000000" });

    // re-importing the same document changes nothing and queues nothing
    const again = await importReport("300");
    expect(again.data.importReport).toMatchObject({ status: "UNCHANGED", rollupRefreshQueued: false });
    const status = await s.gql(
      `{ rollupStatus { lastIncremental { finishedAt rows slices error } dirtySlices queue { backend failed } } }`,
    );
    expect(status.data.rollupStatus).toMatchObject({
      dirtySlices: 0,
      queue: { backend: "redis", failed: 0 },
      lastIncremental: { slices: 1, error: null },
    });
  }, 60_000);
});
