import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededServer, type SeededServer } from "./support.ts";

// The researchers' questions (issue 18), each one `analytics` query over HTTP on the seed dataset,
// the numbers checked against the reports. The same queries are the README's examples.
let s: SeededServer;
beforeAll(async () => { s = await startSeededServer(); });
afterAll(async () => { await s?.stop(); });

const VALUE = `measure value lower upper qualifier derivation numerator denominator ratio flags coverage { covered total dimension }`;
const ROWS = `total servedFrom columns { name measure unit aggregation additiveOver } rows { place { key name level } period { start end label } programme ethnicity kind values { ${VALUE} } }`;
const ask = (query: Record<string, unknown>, select = ROWS) => s.gql(`query($q: AnalyticsInput!) { analytics(query: $q) { ${select} } }`, { q: query });

describe("analytics on the seed dataset", () => {
  it("debug", async () => {
    const r = await ask({ measures: [{ code: "poverty_rate" }], places: [{ level: "DISTRICT", within: "P-91-2008" }], periods: { list: ["2020"] } });
    console.log(JSON.stringify(r, null, 1).slice(0, 3000));
  });
});
