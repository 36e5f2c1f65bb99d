/**
 * Poverty standards (DOMAIN.md "Poverty standards changed"): who counts as poor changed in 2016 and
 * in 2022, so poverty rates and counts of poor households under different standards are not one
 * series. A figure carries the standard it was measured under: the one its import states, else the
 * one in force over its whole period (none when the period spans two standards).
 *
 * The 2016-2020 multidimensional standard (Decision 59/2015/QĐ-TTg) stayed in force through 2021;
 * Decree 07/2021/NĐ-CP's standard applies from 2022 to 2025.
 */

export const POVERTY_STANDARDS = [
  {
    code: "INCOME_2011_2015",
    name: "Chuẩn nghèo theo thu nhập giai đoạn 2011-2015",
    nameEn: "Income-based standard 2011-2015",
    basis: "Quyết định 09/2011/QĐ-TTg",
    validFrom: "2011-01-01",
    validTo: "2015-12-31",
  },
  {
    code: "MULTIDIMENSIONAL_2016_2020",
    name: "Chuẩn nghèo đa chiều giai đoạn 2016-2020",
    nameEn: "Multidimensional standard 2016-2020 (in force through 2021)",
    basis: "Quyết định 59/2015/QĐ-TTg",
    validFrom: "2016-01-01",
    validTo: "2021-12-31",
  },
  {
    code: "MULTIDIMENSIONAL_2022_2025",
    name: "Chuẩn nghèo đa chiều giai đoạn 2022-2025",
    nameEn: "Multidimensional standard 2022-2025",
    basis: "Nghị định 07/2021/NĐ-CP",
    validFrom: "2022-01-01",
    validTo: "2025-12-31",
  },
] as const;

export type PovertyStandard = (typeof POVERTY_STANDARDS)[number]["code"];
export const POVERTY_STANDARD_CODES: readonly PovertyStandard[] = POVERTY_STANDARDS.map((s) => s.code);

/**
 * The measures whose meaning depends on the standard: who is poor (counts, rates, movements in and
 * out of poverty). Comparing them across standards says so (`MIXED_POVERTY_STANDARDS`).
 */
export const MEASURES_BY_POVERTY_STANDARD: ReadonlySet<string> = new Set([
  "poor_households",
  "near_poor_households",
  "poverty_rate",
  "near_poverty_rate",
  "poverty_rate_reduction",
  "poor_near_poor_households",
  "poor_near_poor_rate",
  "households_escaped_poverty",
  "households_newly_poor",
  "persons_newly_poor",
  "households_fallen_back",
  "households_escaped_near_poverty",
  "poor_households_income",
  "poor_households_services",
  "poor_persons",
]);

/** The standard in force over the whole period (ISO dates), or null when none or two are. */
export function standardOfPeriod(start: string, end: string): PovertyStandard | null {
  return POVERTY_STANDARDS.find((s) => s.validFrom <= start && end <= s.validTo)?.code ?? null;
}

/** The standards in force during some of the period (two for a 2016-2025 target). */
export function standardsDuring(start: string, end: string): PovertyStandard[] {
  return POVERTY_STANDARDS.filter((s) => s.validFrom <= end && start <= s.validTo).map((s) => s.code);
}

export interface StandardOfFigure {
  /** As the import stated it, or null. */
  stated: PovertyStandard | null;
  start: string;
  end: string;
}

/**
 * The standard one figure was measured under: the one its import stated, else, for a measure that
 * depends on who is poor, the one in force over its whole period (null when its period spans two).
 */
export function figureStandard(
  measure: string,
  stated: PovertyStandard | null,
  start: string,
  end: string,
): PovertyStandard | null {
  if (stated) return stated;
  return MEASURES_BY_POVERTY_STANDARD.has(measure) ? standardOfPeriod(start, end) : null;
}

/** A figure's standards: the one its import stated, else those in force during its period. */
export function standardsOf(f: StandardOfFigure): PovertyStandard[] {
  return f.stated ? [f.stated] : standardsDuring(f.start, f.end);
}

/**
 * The standards behind a row, in catalogue order, and whether the row mixes them (its figures were
 * measured under more than one, or one figure's period spans two). A row with no figures is read
 * from its own period.
 */
export function rowStandards(
  figures: readonly StandardOfFigure[],
  rowPeriod: { start: string; end: string } | null,
): { standards: PovertyStandard[]; mixed: boolean } {
  const all = figures.length
    ? figures.map(standardsOf)
    : rowPeriod
      ? [standardsDuring(rowPeriod.start, rowPeriod.end)]
      : [];
  const found = new Set(all.flat());
  const standards = POVERTY_STANDARD_CODES.filter((c) => found.has(c));
  return { standards, mixed: standards.length > 1 };
}
