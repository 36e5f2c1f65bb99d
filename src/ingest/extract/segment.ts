/**
 * The body of a report cut into paragraphs and sentences, with offsets into the body so that every
 * quote is a verbatim substring and can be highlighted.
 *
 * - The body is the text NFC-normalised, with CR LF as LF and non-breaking spaces as spaces.
 * - What follows the article is cut: a tag or "related news" block ("Tin khác", "Tags:", "Tin liên
 *   quan", "Xem thêm") or the byline (a short line of capitalised words: "Văn Hiển – Đức Thắng",
 *   "NGỌC SƠN") once a third of the text has passed. Teasers of other articles there carry numbers
 *   that are not this report's figures.
 * - Sentences end at ". ", "! ", "? ", "./." before a capital, digit or quote; not after an
 *   abbreviation ("TP.", "TX.", "Tp.").
 */

export interface Sentence {
  start: number;
  end: number;
  text: string;
  paragraph: number;
}

export interface Segmented {
  body: string;
  sentences: Sentence[];
  /** Where the article was cut, and why; null when nothing was cut. */
  cut: { at: number; reason: string } | null;
}

export function normaliseBody(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u2009\u202f\u200b\ufeff]/g, " ")
    .replace(/\t/g, " ");
}

const TAIL_MARKERS =
  /^\s*(?:•\s*)?(tin khác|tin liên quan|bài liên quan|bài viết liên quan|xem thêm|tags?\s*:|từ khóa\s*:|tác giả\s*:|nguồn\s*:)/iu;
const UPPER = /^\p{Lu}/u;

/** A byline: 1-6 capitalised words (dashes between two names allowed), nothing else. */
function isByline(line: string): boolean {
  const t = line.trim().replace(/[./]+$/, "");
  if (!t || t.length > 60 || /\d|[:;,!?()"“”]/.test(t)) return false;
  const words = t.split(/\s+/).filter((w) => !/^[-–—]$/.test(w));
  return words.length >= 1 && words.length <= 6 && words.every((w) => UPPER.test(w));
}

export function segment(text: string): Segmented {
  const full = normaliseBody(text);
  let body = full;
  let cut: Segmented["cut"] = null;
  const minCut = Math.floor(full.length / 3);
  let offset = 0;
  for (const line of full.split("\n")) {
    if (offset >= minCut && line.trim()) {
      if (TAIL_MARKERS.test(line)) {
        cut = { at: offset, reason: `the article ends before "${line.trim().slice(0, 30)}"` };
        break;
      }
      if (isByline(line) && full.slice(offset + line.length).trim()) {
        cut = { at: offset + line.length, reason: `the article ends at the byline "${line.trim()}"` };
        break;
      }
    }
    offset += line.length + 1;
  }
  if (cut) body = full.slice(0, cut.at);

  const sentences: Sentence[] = [];
  let paragraph = 0;
  let pos = 0;
  for (const line of body.split("\n")) {
    if (line.trim()) {
      for (const s of splitSentences(line))
        sentences.push({ start: pos + s.start, end: pos + s.end, text: s.text, paragraph });
      paragraph++;
    }
    pos += line.length + 1;
  }
  return { body, sentences, cut };
}

const ABBREVIATIONS = new Set([
  "tp",
  "tx",
  "tt",
  "ths",
  "ts",
  "gs",
  "pgs",
  "bs",
  "th",
  "ng",
  "q",
  "p",
  "h",
  "x",
  "st",
  "kt",
  "nxb",
]);

function splitSentences(line: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  let start = 0;
  const boundary = /(?:\.\/\.|[.!?…])(?=\s+["“(]?[\p{Lu}\d])|\.\/\.|;(?=\s)/gu;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(line))) {
    if (m[0] === ";") continue; // clauses, not sentences: kept together
    // The word right before the mark (a few letters are enough: an abbreviation has at most 3).
    const before = /(\p{L}+)$/u.exec(line.slice(Math.max(start, m.index - 8), m.index));
    if (m[0] === "." && before && ABBREVIATIONS.has(before[1].toLowerCase()) && before[1].length <= 3) continue;
    const end = m.index + m[0].length;
    push(out, line, start, end);
    start = end;
  }
  push(out, line, start, line.length);
  return out;
}

function push(out: { start: number; end: number; text: string }[], line: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(line[s])) s++;
  while (e > s && /\s/.test(line[e - 1])) e--;
  if (e > s) out.push({ start: s, end: e, text: line.slice(s, e) });
}
