/** Plain-text tables for the console: one per section, with optional notes under them. */
export type Cell = string | number | boolean | null | undefined;

export function renderTable(title: string, header: string[], rows: Cell[][], notes: string[] = []): string {
  const text = (c: Cell) => (c === null || c === undefined ? "-" : typeof c === "number" ? formatNumber(c) : String(c));
  const body = rows.map((r) => r.map(text));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) =>
    rows.every((r) => typeof r[i] === "number" || r[i] === null || r[i] === undefined),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [`== ${title} ==`, line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
  for (const n of notes) out.push(`note: ${n}`);
  return out.join("\n");
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) < 10 ? 2 : 1 });
}
