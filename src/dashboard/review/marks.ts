/**
 * Where each proposal sits in the report's text, for highlighting (pure). A draft gives each
 * proposal the spans of its quotes (offsets in the text the server read); the figure itself is
 * its `text` inside that quote. Several proposals may share one mark (a yearly figure proposed
 * for each year, "727/700" as actual and plan).
 */

export interface Located {
  text: string;
  quote: string;
  quotes?: string[];
  spans: { start: number; end: number }[];
}

export interface Mark {
  start: number;
  end: number;
  /** Row numbers (n) of the proposals stated here. */
  rows: number[];
  /** Indexes in `notRecorded` of what was seen here and left out. */
  notRecorded: number[];
}

export type Segment = { text: string; mark?: Mark };

/** The text the marks are placed in: the report as the extractor read it. */
export interface Shown {
  text: string;
  /** Report offset → offset in `text`; null when that part of the report is not shown. */
  at: (offset: number) => number | null;
}

/** The report's text as it is. */
export function wholeText(text: string): Shown {
  return { text, at: (o) => (o >= 0 && o <= text.length ? o : null) };
}

/** Where `item.text` is in the shown text, once per quote it is stated in. */
function figureRanges(shown: Shown, item: Located): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of item.spans) {
    const from = shown.at(s.start);
    const to = shown.at(s.end);
    if (from === null || to === null) continue;
    const i = shown.text.slice(from, to).indexOf(item.text);
    if (i >= 0 && item.text) out.push({ start: from + i, end: from + i + item.text.length });
  }
  return out;
}

/** Marks in text order; overlapping figures share one mark covering both. */
export function marksFor(
  shown: Shown,
  figures: readonly (Located & { n: number })[],
  left: readonly Located[],
): Mark[] {
  const raw: Mark[] = [];
  for (const f of figures) for (const r of figureRanges(shown, f)) raw.push({ ...r, rows: [f.n], notRecorded: [] });
  left.forEach((x, i) => {
    for (const r of figureRanges(shown, x)) raw.push({ ...r, rows: [], notRecorded: [i] });
  });
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mark[] = [];
  for (const m of raw) {
    const last = out.at(-1);
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      for (const n of m.rows) if (!last.rows.includes(n)) last.rows.push(n);
      for (const n of m.notRecorded) if (!last.notRecorded.includes(n)) last.notRecorded.push(n);
    } else out.push({ ...m, rows: [...m.rows], notRecorded: [...m.notRecorded] });
  }
  return out;
}

/** The shown text cut into plain runs and marks. */
export function segments(text: string, marks: readonly Mark[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start > at) out.push({ text: text.slice(at, m.start) });
    out.push({ text: text.slice(m.start, m.end), mark: m });
    at = m.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
