import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { agreement, PEER_QUESTIONS, peerRequest, peerSums } from "./postgraphile-questions.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";

const d = (v: string) => new Decimal(v);

describe("the PostGraphile peer's questions", () => {
  it("answer the dashboard's questions one to one, in order", () => {
    expect(PEER_QUESTIONS.map((q) => q.question)).toEqual(DASHBOARD_QUERIES.map((q) => q.name));
  });

  it("send one aliased connection per section, its filter as a variable", () => {
    const q = PEER_QUESTIONS[3]; // per poor household: two sections per place
    const { query, variables } = peerRequest(q);
    expect(Object.keys(variables)).toEqual([
      "p_P_20_2008_num",
      "p_P_20_2008_den",
      "p_P_06_2008_num",
      "p_P_06_2008_den",
    ]);
    expect(query).toContain(
      "p_P_20_2008_den: allFigures(filter: $p_P_20_2008_den) { groupedAggregates(groupBy: [PERIOD_START, PERIOD_END]) { keys sum { value } } }",
    );
    expect(JSON.stringify(variables.p_P_20_2008_den)).toContain('"measureCode":{"equalTo":"poor_households"}');
  });

  it("divide the peer's sums the way ours divides (spending per poor household)", () => {
    const q = PEER_QUESTIONS[3];
    const group = (v: string) => [{ keys: ["2022-01-01", "2022-12-31"], sum: { value: v } }];
    const sums = peerSums(q, {
      p_P_20_2008_num: { groupedAggregates: group("1000") },
      p_P_20_2008_den: { groupedAggregates: group("8") },
      p_P_06_2008_num: { groupedAggregates: group("500") },
      p_P_06_2008_den: { groupedAggregates: [] },
    });
    const peer = q.peer(sums);
    expect(peer.get("P-20-2008 2022-01-01..2022-12-31")?.toFixed()).toBe("125");
    expect(peer.get("P-06-2008 2022-01-01..2022-12-31")).toBeNull(); // no denominator: no ratio
  });

  it("key our rows as the peer's groups are keyed", () => {
    const q = PEER_QUESTIONS[1]; // by ethnicity
    const row = {
      place: { key: "P-06-2008" },
      ethnicity: "02",
      programme: "ALL",
      periodStart: "2022-01-01",
      periodEnd: "2022-12-31",
      value: "7",
      ratio: null,
    };
    const peer = q.peer(
      peerSums(q, {
        groups: { groupedAggregates: [{ keys: ["02", "2022-01-01", "2022-12-31"], sum: { value: "7.000000" } }] },
      }),
    );
    const [key, value] = q.ours(row);
    expect(peer.get(key)?.eq(value!)).toBe(true);
  });
});

describe("agreement", () => {
  it("counts equal values, and rows empty on both sides, out of the rows of either answer", () => {
    const ours = new Map([
      ["a", d("10")],
      ["b", d("3")],
      ["c", null],
      ["d", d("5")],
    ]);
    const peer = new Map([
      ["a", d("10.000000")],
      ["b", d("4")],
      ["e", d("2")],
      ["f", d("0")],
    ]);
    const a = agreement(ours, peer);
    expect(a).toMatchObject({ rows: 6, withData: 4, agree: 3, oursOnly: 1, peerOnly: 1 });
    expect(a.example).toBe("b: ours 3 vs peer 4");
  });

  it("takes ratios divided on each side as equal to 12 significant digits", () => {
    const ours = new Map([["r", new Decimal(0.8696285027934795)]]);
    expect(agreement(ours, new Map([["r", d("7").div(d("8.04944"))]])).agree).toBe(0);
    expect(agreement(ours, new Map([["r", d("0.86962850279347954321")]])).agree).toBe(1);
  });
});
