import type { ReferenceCache } from "../reference-cache.ts";
import type { ComparisonData } from "./types.ts";

const HEADER = [
  "place_key",
  "place_name",
  "place_code",
  "ethnicity",
  "programme",
  "period_start",
  "period_end",
  "value",
  "lower",
  "upper",
  "qualifier",
  "ratio",
  "numerator",
  "denominator",
  "matched_cells",
  "numerator_whole",
  "numerator_left_out_cells",
  "denominator_whole",
  "denominator_left_out_cells",
  "derivation",
  "covered",
  "total",
  "coverage_dimension",
  "flags",
  "reason",
  "figure_ids",
];

/** A comparison as CSV (RFC 4180, UTF-8), for researchers' spreadsheets and R/Stata. */
export function comparisonCsv(data: ComparisonData, ref: ReferenceCache): string {
  const lines = [HEADER.join(",")];
  for (const r of data.rows) {
    const place = ref.places.get(r.placeKey);
    lines.push(
      [
        r.placeKey,
        place?.name ?? "",
        place?.code ?? "",
        r.ethnicity,
        r.programme,
        r.periodStart ?? "",
        r.periodEnd ?? "",
        r.value?.toFixed() ?? "",
        r.lower?.toFixed() ?? "",
        r.upper?.toFixed() ?? "",
        r.qualifier ?? "",
        r.ratio ?? "",
        r.numerator?.toFixed() ?? "",
        r.denominator?.toFixed() ?? "",
        r.matchedCells ?? "",
        r.matchedCoverage?.numerator.whole?.toFixed() ?? "",
        r.matchedCoverage?.numerator.leftOutCells ?? "",
        r.matchedCoverage?.denominator.whole?.toFixed() ?? "",
        r.matchedCoverage?.denominator.leftOutCells ?? "",
        r.derivation,
        r.coverage.covered,
        r.coverage.total,
        r.coverage.dimension ?? "",
        r.flags.join(" "),
        r.reason ?? "",
        r.figureIds.join(" "),
      ]
        .map(cell)
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

function cell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
