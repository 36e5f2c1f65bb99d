import type { ImportSummary } from "./summary.ts";

/** One document's import as the CLIs report it. */
export interface Outcome {
  /** The file (or seed document) it came from. */
  file: string;
  summary: ImportSummary;
  /** Rows are file lines (CSV) rather than positions in `figures` (JSON). */
  lineNumbers: boolean;
}

/** The summary table (imported, updated, deleted, ignored, flagged, errors), then every error and flag with its row. */
export function formatSummaries(outcomes: Outcome[], dryRun: boolean): string {
  const out: string[] = [];
  if (dryRun) out.push("Dry run: everything was checked and tried, nothing was kept.\n");
  const header = [
    "file",
    "document",
    "status",
    "version",
    "imported",
    "updated",
    "deleted",
    "ignored",
    "flagged",
    "errors",
  ];
  const rows = outcomes.map(({ file, summary: s }) => [
    file,
    s.sourceKey ?? "-",
    s.status,
    s.version === null ? "-" : String(s.version),
    String(s.imported),
    String(s.updated),
    String(s.deleted),
    String(s.ignored),
    String(s.flagged),
    String(s.errors.length),
  ]);
  if (outcomes.length > 1) {
    const total = (i: number) => String(rows.reduce((n, r) => n + Number(r[i]), 0));
    rows.push(["total", "", "", "", total(4), total(5), total(6), total(7), total(8), total(9)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  out.push(line(header));
  out.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) out.push(line(r));

  for (const { file, summary: s, lineNumbers } of outcomes) {
    const where = (row: number, field = "") =>
      row === 0 ? (field === "file" ? "file" : "document") : `${lineNumbers ? "line" : "figure"} ${row}`;
    if (s.errors.length) {
      out.push(`\nErrors in ${file}${s.sourceKey ? ` (${s.sourceKey})` : ""}: nothing of it was written`);
      for (const e of s.errors)
        out.push(`  ${where(e.row, e.field)}  ${e.field}${e.key ? ` [${e.key}]` : ""}: ${e.reason}`);
    }
    if (s.flaggedFigures.length) {
      out.push(`\nFlagged IMPLAUSIBLE in ${file} (stored, left out of rollups until corrected):`);
      for (const f of s.flaggedFigures) {
        out.push(
          `  ${where(f.row)}  [${f.key}]: ${f.reason}${f.suggestedValue ? ` (suggested value ${f.suggestedValue})` : ""}`,
        );
      }
    }
  }
  return out.join("\n");
}
