/**
 * The periods synthetic reports speak of: years 2016-2025, their quarters, and the first half of
 * 2025 (the last report of the pre-2025 provinces and districts, abolished on 1 July 2025).
 */
export const FIRST_YEAR = 2016;
export const LAST_YEAR = 2025;
export const YEARS: readonly number[] = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);

export type PeriodType = "YEAR" | "QUARTER" | "HALF";

export interface SynthPeriod {
  index: number;
  type: PeriodType;
  year: number;
  /** 1-4 for quarters, 1 for the first half, 0 for a year. */
  part: number;
  /** Inclusive ISO dates. */
  start: string;
  end: string;
  /** "2022", "2022-Q1", "2025-H1": for source keys. */
  label: string;
  /** As reports write it: "năm 2022", "quý I/2022", "6 tháng đầu năm 2025". */
  text: string;
  /** Share of the year's flow: seasonal for quarters (Tết gifts and year-end disbursements weigh on Q1 and Q4). */
  fraction: number;
  /** Rank of `start` among the periods' starts (equal starts, equal ranks): for the load order. */
  startRank: number;
}

const QUARTER_SHARE = [0.24, 0.22, 0.23, 0.31];
const ROMAN = ["I", "II", "III", "IV"];
const LAST_DAY = ["03-31", "06-30", "09-30", "12-31"];

type PeriodSpec = Omit<SynthPeriod, "index" | "startRank">;

const calendarYear = (year: number): PeriodSpec => ({
  type: "YEAR",
  year,
  part: 0,
  start: `${year}-01-01`,
  end: `${year}-12-31`,
  label: String(year),
  text: `năm ${year}`,
  fraction: 1,
});

function build(): SynthPeriod[] {
  const out: SynthPeriod[] = [];
  const add = (p: PeriodSpec) => out.push({ ...p, index: out.length, startRank: 0 });
  for (const year of YEARS) {
    add(calendarYear(year));
    for (let q = 1; q <= 4; q++) {
      const month = String(q * 3 - 2).padStart(2, "0");
      add({
        type: "QUARTER",
        year,
        part: q,
        start: `${year}-${month}-01`,
        end: `${year}-${LAST_DAY[q - 1]}`,
        label: `${year}-Q${q}`,
        text: `quý ${ROMAN[q - 1]}/${year}`,
        fraction: QUARTER_SHARE[q - 1],
      });
    }
  }
  add({
    type: "HALF",
    year: LAST_YEAR,
    part: 1,
    start: `${LAST_YEAR}-01-01`,
    end: `${LAST_YEAR}-06-30`,
    label: `${LAST_YEAR}-H1`,
    text: `6 tháng đầu năm ${LAST_YEAR}`,
    fraction: 0.46,
  });
  const starts = [...new Set(out.map((p) => p.start))].sort();
  for (const p of out) p.startRank = starts.indexOf(p.start);
  return out;
}

export const PERIODS: readonly SynthPeriod[] = build();

export function yearPeriod(year: number): SynthPeriod {
  const p = PERIODS.find((x) => x.type === "YEAR" && x.year === year);
  if (p) return p;
  // A year before the first (last year's poverty rate for 2016's reduction): computed, never stored.
  return { index: 100 + year - FIRST_YEAR, ...calendarYear(year), startRank: 0 };
}

export function quarterPeriod(year: number, quarter: number): SynthPeriod {
  return PERIODS.find((x) => x.type === "QUARTER" && x.year === year && x.part === quarter)!;
}

export function firstHalf2025(): SynthPeriod {
  return PERIODS.find((x) => x.type === "HALF")!;
}
