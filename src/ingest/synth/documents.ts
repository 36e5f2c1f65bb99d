/**
 * The synthetic reports: like real ones, one per province and period. Pre-2025 provinces publish an
 * annual report for 2016-2024 and quarterly ones, then Q1, Q2 and a half-year report for 2025; the
 * 34 provinces of 2025 publish Q3, Q4 and the 2025 annual report. N figures are shared out over the
 * reports in proportion to the places each speaks for, exactly N in total.
 */
import { districtsFor, type Geography, type NewProvince, type OldProvince } from "./geography.ts";
import { firstHalf2025, LAST_YEAR, quarterPeriod, yearPeriod, YEARS, type SynthPeriod } from "./periods.ts";
import { unit } from "./random.ts";

export type DocumentType = "ANNUAL" | "QUARTER" | "HALF";

export interface DocumentPlan {
  /** Order of generation: also the order of the figures in the table. */
  index: number;
  type: DocumentType;
  period: SynthPeriod;
  province: OldProvince | null;
  merged: NewProvince | null;
  sourceKey: string;
  title: string;
  publisher: string;
  publishedAt: string;
  url: string;
  weight: number;
  /** Figures to generate. */
  quota: number;
}

/** Places-worth of figures per report: a province's own place counts 1.5 (it reports more than a district). */
const PROVINCE_WEIGHT = 1.5;
/** What the communes of a 2025 province add to its reports, in places-worth (as much as a few districts did). */
const NEW_COMMUNES_WEIGHT = 3;
const TYPE_WEIGHT: Record<DocumentType, number> = { ANNUAL: 1, QUARTER: 0.05, HALF: 0.5 };
const SYNTHETIC_MARK = "[dữ liệu giả lập]";

export function planDocuments(geo: Geography, prefix: string, facts: number): DocumentPlan[] {
  const docs: Omit<DocumentPlan, "index" | "quota">[] = [];
  for (const p of geo.old) {
    const places = (period: SynthPeriod) => {
      const districts = districtsFor(p, period).length;
      return p.style === "PROVINCE_ONLY"
        ? PROVINCE_WEIGHT
        : p.style === "DISTRICT_ONLY"
          ? districts
          : PROVINCE_WEIGHT + districts;
    };
    const add = (type: DocumentType, period: SynthPeriod) =>
      docs.push(describe(type, period, p, null, prefix, places(period)));
    for (const year of YEARS.filter((y) => y < LAST_YEAR)) {
      add("ANNUAL", yearPeriod(year));
      for (let q = 1; q <= 4; q++) add("QUARTER", quarterPeriod(year, q));
    }
    add("QUARTER", quarterPeriod(LAST_YEAR, 1));
    add("QUARTER", quarterPeriod(LAST_YEAR, 2));
    add("HALF", firstHalf2025());
  }
  for (const n of geo.merged) {
    // One place, but a big one: it speaks for two or three old provinces, and for its communes.
    const places = PROVINCE_WEIGHT + 0.5 * (n.members.length - 1) + NEW_COMMUNES_WEIGHT;
    docs.push(describe("QUARTER", quarterPeriod(LAST_YEAR, 3), null, n, prefix, places));
    docs.push(describe("QUARTER", quarterPeriod(LAST_YEAR, 4), null, n, prefix, places));
    docs.push(describe("ANNUAL", yearPeriod(LAST_YEAR), null, n, prefix, places));
  }
  const quotas = allocate(
    docs.map((d) => d.weight),
    facts,
  );
  return docs.map((d, i) => ({ ...d, index: i, quota: quotas[i] }));
}

/** Largest remainder: integer shares of `total` proportional to the weights, summing to it exactly. */
export function allocate(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

function describe(
  type: DocumentType,
  period: SynthPeriod,
  province: OldProvince | null,
  merged: NewProvince | null,
  prefix: string,
  places: number,
): Omit<DocumentPlan, "index" | "quota"> {
  const owner = (province ?? merged)!;
  const label = owner.place.label;
  const sourceKey = `${prefix}/${owner.place.key}/${period.label}`;
  const day = (lo: number, hi: number) =>
    String(lo + Math.floor(unit(owner.place.hid, period.index, 7) * (hi - lo + 1))).padStart(2, "0");
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  let title: string;
  let publisher: string;
  let publishedAt: string;
  if (type === "ANNUAL") {
    title = `Báo cáo kết quả thực hiện công tác giảm nghèo năm ${period.year} của ${lower}`;
    publisher = `Ủy ban nhân dân ${lower}`;
    publishedAt = `${period.year + 1}-01-${day(5, 28)}`;
  } else if (type === "QUARTER") {
    title = `Báo cáo tình hình thực hiện chính sách giảm nghèo ${period.text} của ${lower}`;
    // Poverty reduction moved from labour (MOLISA) to agriculture and environment in March 2025.
    publisher =
      period.year >= LAST_YEAR
        ? `Sở Nông nghiệp và Môi trường ${lower}`
        : `Sở Lao động - Thương binh và Xã hội ${lower}`;
    const nextMonth = period.part * 3 + 1;
    publishedAt =
      nextMonth > 12
        ? `${period.year + 1}-01-${day(5, 25)}`
        : `${period.year}-${String(nextMonth).padStart(2, "0")}-${day(5, 25)}`;
  } else {
    title = `Báo cáo sơ kết công tác giảm nghèo ${period.text} của ${lower}`;
    publisher = `Ủy ban nhân dân ${lower}`;
    publishedAt = `${period.year}-06-${day(20, 28)}`;
  }
  return {
    type,
    period,
    province,
    merged,
    sourceKey,
    title: `${title} ${SYNTHETIC_MARK}`,
    publisher,
    publishedAt,
    url: `https://synthetic.invalid/${sourceKey}`,
    weight: places * TYPE_WEIGHT[type] * (1 + 0.05 * (period.year - YEARS[0])),
  };
}
