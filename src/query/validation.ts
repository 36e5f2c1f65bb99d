/**
 * Validation results: the figures an import flagged, one row per finding, by document, place and
 * rule. IMPLAUSIBLE findings (src/ingest/validate/plausibility.ts) leave the figure out of every
 * sum; consistency findings (src/rules/consistency.ts, flag INCONSISTENT) keep it counted.
 */
import type pg from "pg";
import { CONSISTENCY_RULES } from "../rules/consistency.ts";

export interface ValidationFilter {
  sourceKey?: string | null;
  placeKey?: string | null;
  rule?: string | null;
}

export interface ValidationResultRow {
  sourceKey: string;
  documentTitle: string;
  figureKey: string;
  placeKey: string;
  measureCode: string;
  rule: string;
  reason: string;
}

const PREFIX = new RegExp(`(?:^|; )(${CONSISTENCY_RULES.join("|")}): `, "g");

/** "IMPLAUSIBLE reason; RATE_VS_COUNTS: reason" → one finding per rule (the plausibility part first). */
export function findingsOf(flagReason: string | null): { rule: string; reason: string }[] {
  if (!flagReason) return [];
  const marks = [...flagReason.matchAll(PREFIX)];
  const out: { rule: string; reason: string }[] = [];
  const head = flagReason.slice(0, marks[0]?.index ?? flagReason.length);
  if (head) out.push({ rule: "IMPLAUSIBLE", reason: head });
  marks.forEach((m, i) => {
    const start = m.index! + m[0].length;
    out.push({ rule: m[1], reason: flagReason.slice(start, marks[i + 1]?.index ?? flagReason.length) });
  });
  return out;
}

export async function validationResults(
  db: Pick<pg.Pool, "query">,
  filter: ValidationFilter,
): Promise<ValidationResultRow[]> {
  const r = await db.query(
    `SELECT d.source_key, d.title, f.figure_key, f.place_key, f.measure_code, f.flag_reason
       FROM figure f JOIN document d ON d.id = f.document_id
      WHERE f.flag_reason IS NOT NULL AND ($1::text IS NULL OR d.source_key = $1) AND ($2::text IS NULL OR f.place_key = $2)
      ORDER BY d.source_key, f.place_key, f.figure_key`,
    [filter.sourceKey ?? null, filter.placeKey ?? null],
  );
  return r.rows
    .flatMap((x) =>
      findingsOf(x.flag_reason).map((finding) => ({
        sourceKey: x.source_key,
        documentTitle: x.title,
        figureKey: x.figure_key,
        placeKey: x.place_key,
        measureCode: x.measure_code,
        ...finding,
      })),
    )
    .filter((row) => !filter.rule || row.rule === filter.rule);
}
