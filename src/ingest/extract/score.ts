/**
 * How well the extractor reads labelled reports.
 *
 * - A label is found when a proposal (an importable figure or a `notRecorded` one: both are what
 *   the extractor saw) has its value and one of its quotes overlaps the label's quote.
 * - Precision: the share of proposals that find a label this way.
 * - Fields right: of the found labels, the share whose best proposal has the place, the period,
 *   the kind and the qualifier all right.
 * - Speed: characters of report text read per second, in MB (UTF-8 bytes), on one core.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { toAscii } from "../../reference/text.ts";
import { parsePeriod } from "../../rules/period.ts";
import type { ImportDocument } from "../import-format.ts";
import { parseFigure } from "../parse/vn-number.ts";
import type { Draft, ProposalDetails } from "./draft.ts";
import { extractFigures, type ExtractInput } from "./extract.ts";
import { readSavedReport } from "./saved-report.ts";
import { normaliseBody } from "./segment.ts";

export interface Label {
  quote: string;
  value: string;
  /** A place key (seeds) or a name, "… of Province" for a group (development set). */
  place: string;
  period: { start: string; end: string } | null;
  kind: string;
  qualifier: string;
}

export interface LabelledReport {
  name: string;
  input: ExtractInput;
  labels: Label[];
}

export interface ReportScore {
  name: string;
  labels: number;
  found: number;
  proposals: number;
  correctProposals: number;
  fieldsRight: number;
  missed: Label[];
  wrongFields: { label: Label; got: Record<string, unknown> }[];
  spurious: { text: string; quote: string; reason?: string }[];
}

export interface Totals {
  reports: ReportScore[];
  labels: number;
  found: number;
  proposals: number;
  correctProposals: number;
  fieldsRight: number;
  recall: number;
  precision: number;
  fieldsRightShare: number;
}

type Proposal = ProposalDetails & { kind: string; place?: string; text: string; reason?: string; quote: string };

export function scoreReport(report: LabelledReport, draft: Draft): ReportScore {
  const body = normaliseBody(report.input.text);
  const proposals: Proposal[] = [...draft.figures, ...draft.notRecorded];
  const matches = (label: Label, p: Proposal) => {
    const at = body.indexOf(normaliseBody(label.quote));
    if (at < 0) return false;
    const end = at + label.quote.length;
    const sameValue = new Decimal(p.value).equals(label.value) || (p.outOf !== undefined && false);
    return sameValue && p.spans.some((s) => s.start < end && s.end > at);
  };
  const score: ReportScore = {
    name: report.name,
    labels: report.labels.length,
    found: 0,
    proposals: proposals.length,
    correctProposals: 0,
    fieldsRight: 0,
    missed: [],
    wrongFields: [],
    spurious: [],
  };
  for (const label of report.labels) {
    const hits = proposals.filter((p) => matches(label, p));
    if (!hits.length) {
      score.missed.push(label);
      continue;
    }
    score.found++;
    const verdicts = hits.map((p) => ({ p, right: fieldsOf(label, p) }));
    const best = verdicts.find((v) => Object.values(v.right).every(Boolean)) ?? verdicts[0];
    if (Object.values(best.right).every(Boolean)) score.fieldsRight++;
    else {
      score.wrongFields.push({
        label,
        got: {
          text: best.p.text,
          place: best.p.place ?? best.p.placeName,
          period: `${best.p.periodStart}..${best.p.periodEnd}`,
          kind: best.p.kind,
          qualifier: best.p.qualifier,
          wrong: Object.entries(best.right)
            .filter(([, ok]) => !ok)
            .map(([k]) => k)
            .join(","),
        },
      });
    }
  }
  for (const p of proposals) {
    if (report.labels.some((l) => matches(l, p))) score.correctProposals++;
    else score.spurious.push({ text: p.text, quote: p.quote.slice(0, 160), reason: p.reason });
  }
  return score;
}

function fieldsOf(label: Label, p: Proposal): Record<"place" | "period" | "kind" | "qualifier", boolean> {
  return {
    place: samePlace(label.place, p),
    period: !!label.period && p.periodStart === label.period.start && p.periodEnd === label.period.end,
    kind: label.kind === p.kind,
    qualifier: label.qualifier === p.qualifier,
  };
}

function samePlace(label: string, p: Proposal): boolean {
  if (/^(VN|[PRD]-[A-Z0-9-]+)$/.test(label)) return p.place === label;
  const norm = (s: string) =>
    toAscii(s)
      .replace(/^(tinh|huyen|thi xa|thanh pho|xa)\s+/, "")
      .trim();
  const group = / of /.exec(label);
  if (group) {
    const province = label.slice(group.index + 4);
    return (
      !!p.placeName &&
      / of /.test(p.placeName) &&
      norm(p.placeName.slice(p.placeName.lastIndexOf(" of ") + 4)) === norm(province)
    );
  }
  return !!p.placeName && norm(p.placeName) === norm(label);
}

export function totals(reports: ReportScore[]): Totals {
  const sum = (k: "labels" | "found" | "proposals" | "correctProposals" | "fieldsRight") =>
    reports.reduce((a, r) => a + r[k], 0);
  const t = {
    labels: sum("labels"),
    found: sum("found"),
    proposals: sum("proposals"),
    correctProposals: sum("correctProposals"),
    fieldsRight: sum("fieldsRight"),
  };
  return {
    reports,
    ...t,
    recall: t.labels ? t.found / t.labels : 1,
    precision: t.proposals ? t.correctProposals / t.proposals : 1,
    fieldsRightShare: t.found ? t.fieldsRight / t.found : 1,
  };
}

/**
 * The development set's period words as date ranges: "2023", "end of 2023", "2023 vs 2022" (the
 * change over 2023), "2021-2025", "2025-05-31", "end of 2025-06", "end of 2024 to 2025-05-31";
 * a note in brackets is dropped.
 */
export function labelPeriod(text: string): { start: string; end: string } | null {
  const s = text.replace(/\s*\(.*\)\s*$/, "").trim();
  let m: RegExpExecArray | null;
  const last = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if ((m = /^end of (\d{4})$/.exec(s))) return { start: `${m[1]}-12-31`, end: `${m[1]}-12-31` };
  if ((m = /^end of (\d{4})-(\d{2})$/.exec(s))) {
    const d = `${m[1]}-${m[2]}-${last(Number(m[1]), Number(m[2]))}`;
    return { start: d, end: d };
  }
  if ((m = /^(\d{4}) vs (\d{4})$/.exec(s))) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  if ((m = /^end of (\d{4}) to (\d{4}-\d{2}-\d{2})$/.exec(s))) return { start: `${Number(m[1]) + 1}-01-01`, end: m[2] };
  try {
    const p = parsePeriod(s);
    return { start: p.start, end: p.end };
  } catch {
    return null;
  }
}

/** The development set: NNN.txt with its header, labels.jsonl. */
export function loadDevelopmentSet(dir: string): LabelledReport[] {
  const labels = readFileSync(join(dir, "labels.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return readdirSync(dir)
    .filter((f) => /^\d+\.txt$/.test(f))
    .sort()
    .map((file) => {
      const name = file.replace(/\.txt$/, "");
      const saved = readSavedReport(readFileSync(join(dir, file), "utf8"));
      return {
        name: `dev/${name}`,
        input: { text: saved.body, title: saved.title, url: saved.url, publishedAt: saved.publishedAt, fileName: file },
        labels: labels
          .filter((l) => l.report === name)
          .map((l) => ({
            quote: String(l.quote),
            value: String(l.value),
            place:
              l.placeLevel !== "NATION" && /poor districts|communes|districts of|group/i.test(String(l.place))
                ? groupLabel(String(l.place))
                : String(l.place),
            period: labelPeriod(String(l.period)),
            kind: String(l.kind),
            qualifier: String(l.qualifier),
          })),
      };
    });
}

function groupLabel(place: string): string {
  return / of /.test(place) ? place : `${place} of ?`;
}

/**
 * The share of labelled figures whose measure the extractor proposes too, against import documents
 * written by hand for the same reports (test/fixtures/reports-dev/documents, the seeds): matched by
 * text and quote.
 */
export function measureAgreement(
  reports: LabelledReport[],
  documents: Map<string, ImportDocument>,
): { compared: number; same: number; misses: string[] } {
  let compared = 0;
  let same = 0;
  const misses: string[] = [];
  for (const r of reports) {
    const doc = documents.get(r.name);
    if (!doc) continue;
    const draft = extractFigures(r.input);
    const proposals = [...draft.figures, ...draft.notRecorded];
    for (const f of doc.figures) {
      const p = proposals.find(
        (x) =>
          x.text === f.text && (x.quote.includes(f.quote) || f.quote.includes(x.quote) || x.quote.includes(f.text)),
      );
      if (!p) continue;
      compared++;
      if (p.measure === f.measure) same++;
      else misses.push(`${r.name} "${f.text}": ${f.measure}, proposed ${p.measure ?? "none"}`);
    }
  }
  return { compared, same, misses };
}

/** The development set's hand-written import documents, by report name ("dev/002"). */
export function loadDevelopmentDocuments(dir: string): Map<string, ImportDocument> {
  const out = new Map<string, ImportDocument>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return out;
  }
  for (const f of files)
    out.set(`dev/${f.replace(/\.json$/, "")}`, JSON.parse(readFileSync(join(dir, f), "utf8")) as ImportDocument);
  return out;
}

/** The five seed reports with the curated seed dataset as their labels. */
export function loadSeedSet(documentsDir: string, reportsDir: string): LabelledReport[] {
  return readdirSync(documentsDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const doc = JSON.parse(readFileSync(join(documentsDir, file), "utf8")) as ImportDocument;
      const text = readFileSync(join(reportsDir, file.replace(/\.json$/, ".txt")), "utf8");
      return {
        name: `seed/${file.slice(0, 3)}`,
        input: {
          text,
          title: doc.document.title,
          publishedAt: doc.document.publishedAt,
          url: doc.document.url,
          fileName: doc.document.fileName,
        },
        labels: doc.figures.map((f) => {
          const parsed = parseFigure(f.text);
          const value = (f.kind === "PLAN" && parsed.outOf ? parsed.outOf : parsed.value).toFixed();
          const period = parsePeriod(f.period);
          return {
            quote: f.quote,
            value,
            place: f.place,
            period: { start: period.start, end: period.end },
            kind: f.kind ?? "ACTUAL",
            qualifier: f.qualifier ?? parsed.qualifier,
          };
        }),
      };
    });
}

export function scoreAll(reports: LabelledReport[]): Totals {
  return totals(reports.map((r) => scoreReport(r, extractFigures(r.input))));
}

export interface Speed {
  /** MB of text (UTF-8) per second of CPU time in the median pass: the typical speed as the machine is loaded now. */
  mbPerSecond: number;
  /** The same in the fastest pass: the one least slowed by other processes sharing the cores and caches. */
  bestMbPerSecond: number;
  /** All passes by the wall clock, which also counts other processes' turns. */
  wallMbPerSecond: number;
  /** Text read and CPU seconds spent over all passes. */
  bytes: number;
  seconds: number;
  passes: number;
}

/**
 * How fast the extractor reads, measured the same way every time: after `WARM_UP_PASSES` (the JIT
 * settles), `passes` passes over the reports, each report extracted on its own as in use, each pass
 * timed by the process's CPU time (one thread runs the extraction: single core). On a shared machine
 * a pass's CPU time still grows with the load (shared caches and cores), so the median pass and the
 * fastest are both given.
 */
export function measureSpeed(reports: LabelledReport[], passes = 40): Speed {
  const bytesOnce = reports.reduce((a, r) => a + Buffer.byteLength(r.input.text), 0);
  for (let i = 0; i < WARM_UP_PASSES; i++) for (const r of reports) extractFigures(r.input);
  const perPass: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < passes; i++) {
    const cpu0 = process.cpuUsage();
    for (const r of reports) extractFigures(r.input);
    const cpu = process.cpuUsage(cpu0);
    perPass.push((cpu.user + cpu.system) / 1e6);
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const sorted = [...perPass].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const mb = bytesOnce / 1e6;
  return {
    mbPerSecond: mb / median,
    bestMbPerSecond: mb / sorted[0],
    wallMbPerSecond: (mb * passes) / wall,
    bytes: bytesOnce * passes,
    seconds: perPass.reduce((a, b) => a + b, 0),
    passes,
  };
}

const WARM_UP_PASSES = 3;
