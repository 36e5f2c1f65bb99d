/**
 * Analytics as tables for spreadsheets and statistics packages (RFC 4180, UTF-8): the long table
 * (one line per row, one column group per measure with its qualifier, bounds, derivation and
 * coverage), and a pivot (DHIS2's tableLayout: chosen dimensions down, others across).
 */
import { badInput } from "../errors.ts";
import type { ReferenceCache } from "../reference-cache.ts";
import type { AnalyticsData, AnalyticsDimension, AnalyticsRowData, AnalyticsValueData } from "./types.ts";

const MEASURE_SUFFIXES = ["", "_qualifier", "_lower", "_upper", "_derivation", "_coverage", "_flags"];

export function analyticsCsv(data: AnalyticsData, ref: ReferenceCache): string {
  const header = [
    "place_key",
    "place_name",
    "place_level",
    "period_start",
    "period_end",
    "programme",
    "ethnicity",
    "kind",
    ...data.columns.flatMap((c) => MEASURE_SUFFIXES.map((s) => `${c.name}${s}`)),
  ];
  const lines = [header.map(cell).join(",")];
  for (const r of data.rows) {
    const place = ref.places.get(r.placeKey);
    lines.push(
      [
        r.placeKey,
        place?.name ?? "",
        place?.level ?? "",
        r.periodStart ?? "",
        r.periodEnd ?? "",
        r.programme,
        r.ethnicity,
        r.kind,
        ...r.values.flatMap((v) => [
          text(v.value),
          v.qualifier ?? "",
          text(v.lower),
          text(v.upper),
          v.derivation,
          coverageText(v),
          v.flags.join(" "),
        ]),
      ]
        .map(cell)
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

export type PivotDimension = AnalyticsDimension | "MEASURE";

export interface PivotTable {
  header: string[];
  rows: { labels: string[]; cells: (string | null)[] }[];
  csv: string;
}

/** The rows as a matrix: `rows` dimensions down the side, `columns` dimensions (and MEASURE) across. */
export function pivot(
  data: AnalyticsData,
  ref: ReferenceCache,
  rowDims: PivotDimension[],
  columnDims: PivotDimension[],
): PivotTable {
  const used = [...rowDims, ...columnDims];
  if (rowDims.length === 0 || columnDims.length === 0)
    throw badInput("a pivot needs at least one dimension down (`rows`) and one across (`columns`)");
  if (new Set(used).size !== used.length) throw badInput("a dimension appears twice in the pivot");
  if (!used.includes("MEASURE") && data.columns.length > 1)
    throw badInput("with several measures, put MEASURE in the pivot's rows or columns");
  const label = (d: PivotDimension, r: AnalyticsRowData, v: AnalyticsValueData) => labelOf(d, r, v, ref);
  const rowKeys: string[] = [];
  const colKeys: string[] = [];
  const cells = new Map<string, string | null>();
  const seenRow = new Set<string>();
  const seenCol = new Set<string>();
  for (const r of data.rows)
    for (const v of r.values) {
      const rk = JSON.stringify(rowDims.map((d) => label(d, r, v)));
      const ck = JSON.stringify(columnDims.map((d) => label(d, r, v)));
      if (!seenRow.has(rk)) {
        seenRow.add(rk);
        rowKeys.push(rk);
      }
      if (!seenCol.has(ck)) {
        seenCol.add(ck);
        colKeys.push(ck);
      }
      cells.set(
        `${rk}\u0000${ck}`,
        v.value === null ? null : `${v.qualifier && v.qualifier !== "EXACT" ? `${v.qualifier} ` : ""}${text(v.value)}`,
      );
    }
  const header = [
    ...rowDims.map((d) => d.toLowerCase()),
    ...colKeys.map((k) => (JSON.parse(k) as string[]).join(" | ")),
  ];
  const rows = rowKeys.map((rk) => ({
    labels: JSON.parse(rk) as string[],
    cells: colKeys.map((ck) => cells.get(`${rk}\u0000${ck}`) ?? null),
  }));
  const csv =
    [header, ...rows.map((r) => [...r.labels, ...r.cells])]
      .map((line) => line.map((c) => cell(c ?? "")).join(","))
      .join("\r\n") + "\r\n";
  return { header, rows, csv };
}

function labelOf(d: PivotDimension, r: AnalyticsRowData, v: AnalyticsValueData, ref: ReferenceCache): string {
  switch (d) {
    case "PLACE":
      return ref.places.get(r.placeKey)?.name ?? r.placeKey;
    case "PERIOD":
      return periodLabel(r.periodStart, r.periodEnd);
    case "PROGRAMME":
      return r.programme;
    case "ETHNICITY":
      return r.ethnicity;
    case "KIND":
      return r.kind;
    case "MEASURE":
      return v.measure;
  }
}

function periodLabel(start: string | null, end: string | null): string {
  if (!start || !end) return "";
  if (start.endsWith("-01-01") && end.endsWith("-12-31"))
    return start.slice(0, 4) === end.slice(0, 4) ? start.slice(0, 4) : `${start.slice(0, 4)}-${end.slice(0, 4)}`;
  return start === end ? start : `${start}/${end}`;
}

const text = (v: unknown) => (v === null || v === undefined ? "" : (v as { toFixed(): string }).toFixed());

const coverageText = (v: AnalyticsValueData) =>
  v.coverage.dimension ? `${v.coverage.covered}/${v.coverage.total} ${v.coverage.dimension}` : "";

function cell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
