import { describe, expect, it } from "vitest";
import { measureByCode } from "../../reference/measures.ts";
import type { FigureKind } from "../../shared/slices.ts";
import { parsePeriod } from "../../rules/period.ts";
import { parseFigure } from "../parse/vn-number.ts";
import { listSeedDocuments } from "../seed/documents.ts";
import {
  ceilingFor,
  IMPLAUSIBLE,
  statedValue,
  unitErrors,
  validateDocumentFigures,
  type FigureToValidate,
  type FigureVerdict,
} from "./plausibility.ts";

interface Opts {
  place?: string;
  ethnicity?: string;
  period?: string;
  kind?: FigureKind;
}

function fig(key: string, measureCode: string, programmeCode: string, text: string, o: Opts = {}): FigureToValidate {
  const measure = measureByCode(measureCode);
  if (!measure) throw new Error(`no measure ${measureCode}`);
  const p = parsePeriod(o.period ?? "2022");
  return {
    key,
    measure,
    programmeCode,
    placeKey: o.place ?? "D-06-BACH-THONG",
    ethnicityCode: o.ethnicity ?? "ALL",
    periodStart: p.start,
    periodEnd: p.end,
    kind: o.kind ?? "ACTUAL",
    parsed: parseFigure(text),
  };
}

function verdicts(figures: FigureToValidate[]): Map<string, FigureVerdict> {
  const out = validateDocumentFigures(figures);
  expect(out.map((v) => v.key)).toEqual(figures.map((f) => f.key));
  return new Map(out.map((v) => [v.key, v]));
}

const clean = (v: FigureVerdict | undefined) => ({
  errors: v!.errors,
  flags: v!.flags,
  flagReason: v!.flagReason,
  suggestedValue: v!.suggestedValue,
});
const OK = { errors: [], flags: [], flagReason: null, suggestedValue: null };

describe("money per beneficiary: the real cases", () => {
  it("flags Bạch Thông's lunch money for 1.735 children, suggesting nghìn for triệu", () => {
    const v = verdicts([
      fig("lunch-children", "persons_supported", "EDU-LUNCH", "1.735 trẻ"),
      fig("lunch-vnd", "spending_vnd", "EDU-LUNCH", "1.218.000 triệu đồng"),
    ]);
    const lunch = v.get("lunch-vnd")!;
    expect(lunch.errors).toEqual([]);
    expect(lunch.flags).toEqual([IMPLAUSIBLE]);
    expect(lunch.flagReason).toMatch(
      /^702 million VND per person for EDU-LUNCH \(ceiling 30 million per person per year\)/,
    );
    expect(lunch.flagReason).toContain("1735 trẻ");
    expect(lunch.suggestedValue?.toFixed()).toBe("1218000000");
    expect(clean(v.get("lunch-children"))).toEqual(OK);
  });

  it("flags the boarding meals for 947 pupils, suggesting 2.672.595.000 đồng", () => {
    const v = verdicts([
      fig("boarding-pupils", "persons_supported", "EDU-BOARDING", "947 học sinh"),
      fig("boarding-vnd", "spending_vnd", "EDU-BOARDING", "2.672.595 triệu đồng"),
    ]);
    expect(v.get("boarding-vnd")!.flags).toEqual([IMPLAUSIBLE]);
    expect(v.get("boarding-vnd")!.flagReason).toMatch(/^2\.82 billion VND per person for EDU-BOARDING/);
    expect(v.get("boarding-vnd")!.suggestedValue?.toFixed()).toBe("2672595000");
  });

  it("leaves study costs of 1.6 million per pupil alone", () => {
    const v = verdicts([
      fig("study-pupils", "persons_supported", "EDU-STUDY-COSTS", "317 học sinh"),
      fig("study-vnd", "spending_vnd", "EDU-STUDY-COSTS", "511.900.000 đồng"),
    ]);
    expect(clean(v.get("study-vnd"))).toEqual(OK);
  });

  it("leaves Lạng Sơn's 0.8 million per health-insurance card alone", () => {
    const v = verdicts([
      fig("cards", "health_insurance_cards", "HEALTH-INSURANCE", "269.316 thẻ", { place: "P-20-2008", period: "2021" }),
      fig("cards-vnd", "spending_vnd", "HEALTH-INSURANCE", "214.520 triệu đồng", {
        place: "P-20-2008",
        period: "2021",
      }),
    ]);
    expect(clean(v.get("cards-vnd"))).toEqual(OK);
  });

  it("leaves Bạch Thông's 62 million outstanding per poor household alone", () => {
    const v = verdicts([
      fig("poor-borrowers", "households_supported", "CREDIT-POOR", "416 hộ"),
      fig("poor-outstanding", "loans_outstanding_vnd", "CREDIT-POOR", "25.796 triệu đồng"),
    ]);
    expect(clean(v.get("poor-outstanding"))).toEqual(OK);
  });
});

describe("money per beneficiary: the rule", () => {
  it("only compares figures of the same place, ethnicity, programme, period and kind", () => {
    const money = { text: "1.218.000 triệu đồng" };
    const others: [string, FigureToValidate][] = [
      ["other place", fig("n", "persons_supported", "EDU-LUNCH", "1.735 trẻ", { place: "D-06-CHO-MOI" })],
      ["other ethnicity", fig("n", "persons_supported", "EDU-LUNCH", "1.735 trẻ", { ethnicity: "DTTS" })],
      ["other programme", fig("n", "persons_supported", "EDU-BOARDING", "1.735 trẻ")],
      ["other period", fig("n", "persons_supported", "EDU-LUNCH", "1.735 trẻ", { period: "2023" })],
      ["other kind", fig("n", "persons_supported", "EDU-LUNCH", "1.735 trẻ", { kind: "TARGET" })],
    ];
    for (const [why, count] of others) {
      const v = verdicts([count, fig("m", "spending_vnd", "EDU-LUNCH", money.text)]);
      expect(v.get("m")!.flags, why).toEqual([]);
    }
  });

  it("never divides by counts of poverty (households escaping or falling back into it), which received nothing", () => {
    const v = verdicts([
      fig("fell", "households_fallen_back", "ALL", "2 hộ"),
      fig("m", "spending_vnd", "ALL", "60 tỷ đồng"),
    ]);
    expect(v.get("m")!.flags).toEqual([]);
    const w = verdicts([
      fig("got", "households_supported", "ALL", "2 hộ"),
      fig("m", "spending_vnd", "ALL", "60 tỷ đồng"),
    ]);
    expect(w.get("m")!.flags).toEqual([IMPLAUSIBLE]);
  });

  it("compares levels only: a change or a share of a cell is not a count of its beneficiaries", () => {
    const change = { ...fig("fewer", "households_supported", "ALL", "2 hộ"), valueType: "CHANGE" as const };
    expect(verdicts([change, fig("m", "spending_vnd", "ALL", "60 tỷ đồng")]).get("m")!.flags).toEqual([]);
  });

  it("flags a count out of a total above its total, and a change of a rate over 100 points", () => {
    const over = { ...fig("c", "poor_districts", "ALL", "12/11 huyện"), valueType: "COUNT_OF_TOTAL" as const };
    expect(verdicts([over]).get("c")!.flagReason).toMatch(/more than the total/);
    const drop = { ...fig("d", "poverty_rate", "ALL", "150%"), valueType: "CHANGE" as const };
    expect(verdicts([drop]).get("d")!.flagReason).toMatch(/150 percentage points/);
    const small = { ...fig("s", "poverty_rate", "ALL", "5,96%"), valueType: "CHANGE" as const };
    expect(verdicts([small]).get("s")!.flags).toEqual([]);
  });

  it("uses the largest count of the cell, so the amount must be implausible against every count", () => {
    const v = verdicts([
      fig("few", "houses_built", "GREAT-UNITY-HOUSES", "2 nhà"),
      fig("many", "households_supported", "GREAT-UNITY-HOUSES", "200 hộ"),
      fig("m", "spending_vnd", "GREAT-UNITY-HOUSES", "14,4 tỷ đồng"),
    ]);
    expect(v.get("m")!.flags).toEqual([]);
    const alone = verdicts([
      fig("few", "houses_built", "GREAT-UNITY-HOUSES", "2 nhà"),
      fig("m", "spending_vnd", "GREAT-UNITY-HOUSES", "14,4 tỷ đồng"),
    ]);
    expect(alone.get("m")!.flagReason).toMatch(
      /^7\.2 billion VND per house for GREAT-UNITY-HOUSES \(ceiling 300 million\)/,
    );
  });

  it("suggests nothing when a thousandth is still too much", () => {
    const v = verdicts([
      fig("n", "persons_supported", "EDU-LUNCH", "2 trẻ"),
      fig("m", "spending_vnd", "EDU-LUNCH", "1.218.000 triệu đồng"),
    ]);
    expect(v.get("m")!.flags).toEqual([IMPLAUSIBLE]);
    expect(v.get("m")!.suggestedValue).toBeNull();
    expect(v.get("m")!.flagReason).not.toContain("nghìn");
  });

  it("scales per-year ceilings with the years of the period", () => {
    // 100 million per pupil: too much for one year, fine over five.
    const oneYear = verdicts([
      fig("n", "persons_supported", "EDU-TUITION", "10 học sinh"),
      fig("m", "spending_vnd", "EDU-TUITION", "1 tỷ đồng"),
    ]);
    expect(oneYear.get("m")!.flags).toEqual([IMPLAUSIBLE]);
    const fiveYears = verdicts([
      fig("n", "persons_supported", "EDU-TUITION", "10 học sinh", { period: "2016-2020" }),
      fig("m", "spending_vnd", "EDU-TUITION", "1 tỷ đồng", { period: "2016-2020" }),
    ]);
    expect(fiveYears.get("m")!.flags).toEqual([]);
    const tooMuch = verdicts([
      fig("n", "persons_supported", "EDU-TUITION", "10 học sinh", { period: "2016-2020" }),
      fig("m", "spending_vnd", "EDU-TUITION", "2 tỷ đồng", { period: "2016-2020" }),
    ]);
    expect(tooMuch.get("m")!.flagReason).toMatch(/ceiling 30 million per person per year, 150 million over 5 years/);
  });

  it("does not scale per-item ceilings (a gift is a gift however long the period)", () => {
    const v = verdicts([
      fig("n", "gift_packages", "TET-GIFTS", "100 suất quà", { period: "2016-2020" }),
      fig("m", "spending_vnd", "TET-GIFTS", "2 tỷ đồng", { period: "2016-2020" }),
    ]);
    expect(v.get("m")!.flagReason).toMatch(/^20 million VND per gift for TET-GIFTS \(ceiling 10 million\)/);
  });

  it.each([
    ["EDU-LUNCH", "30000000"],
    ["EDUCATION", "30000000"],
    ["HEALTH-INSURANCE-POOR", "5000000"],
    ["TET-GIFTS", "10000000"],
    ["ELECTRICITY", "5000000"],
    ["GREAT-UNITY-HOUSES", "300000000"],
    ["HOUSING", "300000000"],
    ["NTP-2021-P5", "300000000"],
    ["CREDIT-HOUSING", "500000000"],
    ["CREDIT", "500000000"],
    ["NTP-2021-P4", "1000000000"],
    ["ALL", "1000000000"],
    ["NO-SUCH", "1000000000"],
  ])("ceiling for %s is %s VND", (programme, ceiling) => {
    expect(ceilingFor(programme).perUnit.toFixed()).toBe(ceiling);
  });

  it("ignores counts that are not beneficiaries (tonnes of rice, works, items)", () => {
    const v = verdicts([
      fig("t", "rice_tonnes", "EDU-RICE", "1 tấn"),
      fig("m", "spending_vnd", "EDU-RICE", "5 tỷ đồng"),
    ]);
    expect(v.get("m")!.flags).toEqual([]);
  });

  it("checks the plan against the plan part of an A/B count", () => {
    const v = verdicts([
      fig("plan", "workers_employed", "CREDIT-JOBS", "2/500 lao động", { kind: "PLAN" }),
      fig("m", "loans_disbursed_vnd", "CREDIT-JOBS", "200 tỷ đồng", { kind: "PLAN" }),
    ]);
    // 400 million per worker against the plan of 500, not 100 billion against the 2 reached.
    expect(v.get("m")!.flags).toEqual([]);
  });
});

describe("range of the measure", () => {
  it("flags a rate above 100", () => {
    const v = verdicts([fig("r", "poverty_rate", "ALL", "103,8%")]);
    expect(v.get("r")!.flags).toEqual([IMPLAUSIBLE]);
    expect(v.get("r")!.flagReason).toBe("103.8 is above the maximum 100 for poverty_rate");
    expect(v.get("r")!.suggestedValue).toBeNull();
  });

  it("accepts 103,8% plan attainment (up to 1000) and 100% coverage", () => {
    const v = verdicts([
      fig("a", "plan_attainment", "NTP-2021-P4", "103,8%"),
      fig("c", "coverage_rate", "HEALTH-INSURANCE", "100%"),
    ]);
    expect(clean(v.get("a"))).toEqual(OK);
    expect(clean(v.get("c"))).toEqual(OK);
  });

  it("flags counts above the population and money above the largest budget", () => {
    const v = verdicts([
      fig("p", "persons_supported", "ALL", "300 triệu người"),
      fig("m", "spending_vnd", "ALL", "2.000.000 tỷ đồng"),
    ]);
    expect(v.get("p")!.flagReason).toBe("300000000 is above the maximum 200000000 for persons_supported");
    expect(v.get("m")!.flagReason).toMatch(/is above the maximum 1000000000000000 for spending_vnd/);
  });

  it("flags a value below the minimum", () => {
    const parsed = parseFigure("3%");
    const below = {
      ...fig("r", "poverty_rate_reduction", "ALL", "3%"),
      parsed: { ...parsed, value: parsed.value.negated().minus(200) },
    };
    expect(verdicts([below]).get("r")!.flagReason).toBe("-203 is below the minimum -100 for poverty_rate_reduction");
  });
});

describe("numerator above its denominator", () => {
  it("flags more poor households than households in the same cell", () => {
    const v = verdicts([
      fig("poor", "poor_households", "ALL", "3.600 hộ"),
      fig("all", "households", "ALL", "3.000 hộ"),
    ]);
    expect(v.get("poor")!.flags).toEqual([IMPLAUSIBLE]);
    expect(v.get("poor")!.flagReason).toBe("poor_households 3600 is above households 3000 (all)");
    expect(clean(v.get("all"))).toEqual(OK);
  });

  it("accepts fewer poor households, and ignores households of another place", () => {
    expect(
      verdicts([
        fig("poor", "poor_households", "ALL", "hơn 3.600 hộ"),
        fig("all", "households", "ALL", "480.000 hộ"),
      ]).get("poor")!.flags,
    ).toEqual([]);
    expect(
      verdicts([
        fig("poor", "poor_households", "ALL", "3.600 hộ"),
        fig("all", "households", "ALL", "3.000 hộ", { place: "X" }),
      ]).get("poor")!.flags,
    ).toEqual([]);
  });

  it("checks near-poor households too", () => {
    const v = verdicts([
      fig("near", "near_poor_households", "ALL", "9.000 hộ"),
      fig("all", "households", "ALL", "8.000 hộ"),
    ]);
    expect(v.get("near")!.flags).toEqual([IMPLAUSIBLE]);
  });

  it("joins several reasons", () => {
    const v = verdicts([
      fig("poor", "poor_households", "ALL", "300 triệu hộ"),
      fig("all", "households", "ALL", "3.000 hộ"),
    ]);
    expect(v.get("poor")!.flagReason).toBe(
      "300000000 is above the maximum 200000000 for poor_households; poor_households 300000000 is above households 3000 (all)",
    );
  });
});

describe("unit errors", () => {
  it.each([
    [
      "health_insurance_cards",
      "214.520 triệu đồng",
      /a money amount \(VND\) cannot be a value of health_insurance_cards, which is in CARD/,
    ],
    ["spending_vnd", "0,75%", /a percentage cannot be a value of spending_vnd/],
    ["spending_vnd", "269.316", /a count cannot be a value of spending_vnd/],
    ["poverty_rate", "3.600 hộ", /a count cannot be a value of poverty_rate/],
    ["poverty_rate_reduction", "3 tỷ đồng", /expected a percentage/],
    [
      "persons_supported",
      "78.394 lượt học sinh",
      /"lượt học sinh" counts occasions but persons_supported counts persons: 'lượt' counts occasions, which double-count people/,
    ],
    ["households_supported", "21.129 lượt hộ", /double-count people/],
    ["households_supported", "416 người", /"người" counts persons but households_supported counts households$/],
    ["health_insurance_cards", "78.394 lượt học sinh", /counts occasions but health_insurance_cards counts cards/],
    ["houses_built", "24 tin, bài", /counts items but houses_built counts houses/],
    ["households_supported", "14,5 hộ", /a count of households must be whole, not 14.5/],
    ["workers_employed", "727,5/700 lao động", /must be whole, not 727.5\/700/],
  ])("%s ← %j", (measureCode, text, reason) => {
    const f = fig("x", measureCode, "ALL", text);
    const v = verdicts([f]).get("x")!;
    expect(v.errors.join("\n")).toMatch(reason);
    expect(v.flags).toEqual([]);
    expect(unitErrors(f)).toEqual(v.errors);
  });

  it.each([
    ["health_insurance_cards", "gần 11.000 lượt thẻ"],
    ["occasions_households", "hơn 68.000 lượt hộ nghèo"],
    ["persons_supported", "1.735 trẻ"],
    ["poverty_rate_reduction", "từ 3% trở lên"],
    ["infrastructure_works", "06 nhà văn hóa"],
    ["infrastructure_works", "02 công làng"],
    ["rice_tonnes", "4.808,5 tấn gạo"],
    ["households_supported", "416"],
    ["spending_vnd", "3,2 tỷ"],
  ])("accepts %s ← %j", (measureCode, text) => {
    expect(unitErrors(fig("x", measureCode, "ALL", text))).toEqual([]);
  });

  it("does not divide money by a count whose unit is wrong", () => {
    const v = verdicts([
      fig("n", "persons_supported", "EDU-LUNCH", "2 lượt trẻ"),
      fig("m", "spending_vnd", "EDU-LUNCH", "1 tỷ đồng"),
    ]);
    expect(v.get("n")!.errors).toHaveLength(1);
    expect(v.get("m")!.flags).toEqual([]);
  });
});

describe("statedValue", () => {
  it("is the plan part for PLAN figures written A/B, else the value", () => {
    expect(statedValue(fig("x", "workers_employed", "ALL", "727/700 lao động", { kind: "PLAN" })).toFixed()).toBe(
      "700",
    );
    expect(statedValue(fig("x", "workers_employed", "ALL", "727/700 lao động")).toFixed()).toBe("727");
    expect(statedValue(fig("x", "workers_employed", "ALL", "1.000 lao động", { kind: "PLAN" })).toFixed()).toBe("1000");
  });
});

describe("the seed documents", () => {
  it("have no unit errors, and exactly Bạch Thông's lunch and boarding money flagged", () => {
    const flagged: string[] = [];
    for (const d of listSeedDocuments()) {
      const figures = d.figures.map((f) => {
        const p = parsePeriod(f.period);
        return {
          key: f.key,
          measure: measureByCode(f.measure)!,
          programmeCode: f.programme ?? "ALL",
          placeKey: f.place,
          ethnicityCode: f.ethnicity ?? "ALL",
          periodStart: p.start,
          periodEnd: p.end,
          kind: f.kind ?? "ACTUAL",
          parsed: parseFigure(f.text),
        };
      });
      for (const v of validateDocumentFigures(figures)) {
        expect(v.errors, `${d.document.sourceKey} ${v.key}`).toEqual([]);
        if (v.flags.length)
          flagged.push(
            `${d.document.fileName} ${figures.find((f) => f.key === v.key)!.parsed.value.toFixed()} → ${v.suggestedValue?.toFixed()}`,
          );
      }
    }
    expect(flagged.sort()).toEqual([
      "003_6e80bded62f7b578.txt 1218000000000 → 1218000000",
      "003_6e80bded62f7b578.txt 2672595000000 → 2672595000",
    ]);
  });
});
