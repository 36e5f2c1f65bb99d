import { describe, expect, it } from "vitest";
import { compareInputs, defaultState, periodOptions, stateFromQuery, stateToQuery } from "./state.ts";

describe("dashboard state in the address", () => {
  it("round-trips a full choice and leaves defaults out", () => {
    const s = {
      ...defaultState(),
      places: ["P-20-2008", "P-80-2008"],
      measure: "health_insurance_cards",
      period: "2023",
      ethnicity: "DTTS",
      programme: "HEALTH-INSURANCE",
      kind: "PLAN" as const,
      view: "per" as const,
      current: true,
      lang: "en" as const,
    };
    const q = stateToQuery(s);
    expect(q).toBe(
      "p=P-20-2008,P-80-2008&m=health_insurance_cards&t=2023&e=DTTS&g=HEALTH-INSURANCE&k=PLAN&v=per&b=2025&lang=en",
    );
    expect(stateFromQuery(q)).toEqual(s);
    expect(stateToQuery(defaultState())).toBe("");
  });

  it("ignores what it does not know", () => {
    const s = stateFromQuery("?p=A,A,,B&k=SOMETIMES&v=weird&lang=fr");
    expect(s).toEqual({ ...defaultState(), places: ["A", "B"] });
  });
});

describe("compareInputs", () => {
  it("asks the series over every period and the chosen period beside it", () => {
    const s = {
      ...defaultState(),
      places: ["P-20-2008"],
      measure: "spending_vnd",
      period: "2022",
      programme: "CREDIT",
      current: true,
    };
    expect(compareInputs(s)).toEqual({
      chosen: {
        measure: "spending_vnd",
        places: ["P-20-2008"],
        programme: "CREDIT",
        boundaries: "CURRENT",
        period: "2022",
      },
      series: { measure: "spending_vnd", places: ["P-20-2008"], programme: "CREDIT", boundaries: "CURRENT" },
    });
  });

  it("maps the views to per / againstPlan, never both, and against plan always compares actuals", () => {
    const base = { ...defaultState(), places: ["A"], measure: "workers_employed", kind: "TARGET" as const };
    expect(compareInputs({ ...base, view: "per" }).series).toEqual({
      measure: "workers_employed",
      places: ["A"],
      kind: "TARGET",
      per: "poor_households",
    });
    expect(compareInputs({ ...base, view: "plan" })).toEqual({
      series: { measure: "workers_employed", places: ["A"], againstPlan: true },
    });
  });

  it("offers every year and the programme periods", () => {
    const options = periodOptions(2026);
    expect(options[0]).toBe("");
    expect(options).toContain("2010");
    expect(options.slice(-2)).toEqual(["2021-2025", "2016-2020"]);
  });
});
