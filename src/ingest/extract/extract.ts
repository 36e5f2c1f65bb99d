/**
 * Figure extraction: from the text of a report and its publication date, a draft of every
 * quantitative poverty-reduction figure it states, in the import format, each with its reading
 * (value, qualifier, unit, measure, programme, ethnicity, place, period, kind), its quote, a
 * confidence and the cues that decided each field. Pure: the reference catalogue is passed in.
 *
 * Context carries across sentences: the document's place (title, lead), the current date of the
 * report ("tính tới hết năm 2023" holds until another is stated), a paragraph of targets ("đề ra
 * mục tiêu cụ thể là: …"), the ethnic group of a sentence continued by "Cụ thể", "Với tỷ lệ này",
 * and "trong đó" parts of the figure before. A figure stated twice (lead and body) is proposed once
 * with both quotes. What is seen but cannot be imported goes to `notRecorded` with the reason.
 */
import { hash } from "node:crypto";
import { Decimal } from "decimal.js";
import type { PlaceRef } from "../../reference/place-ref.ts";
import { slug } from "../../reference/text.ts";
import { formatPeriod } from "../../rules/period.ts";
import type { ImportReference } from "../import/reference.ts";
import { validateDocument } from "../import/validate-document.ts";
import { withParseMemo } from "../parse/memo.ts";
import { readValueForm } from "../parse/value-form.ts";
import type { ImportKind } from "../import-format.ts";
import type { Cue, Draft, DraftFigure, NotRecorded, ProposalDetails } from "./draft.ts";
import {
  clauseQuote,
  opensTargetScope,
  readEthnicity,
  readKind,
  readMeaning,
  readProgramme,
  type Windows,
} from "./meaning.ts";
import { findNumbers, type NumberCandidate } from "./numbers.ts";
import { governingMention, PlaceFinder, type PlaceMention, type ResolvedPlace } from "./places.ts";
import { embeddedReference } from "./reference.ts";
import { segment, type Sentence } from "./segment.ts";
import { dayAfter, findTimes, referenceYearOf, type TimeExpr } from "./time.ts";
import { measureByCode } from "../../reference/measures.ts";

export interface ExtractInput {
  text: string;
  /** "YYYY-MM-DD". */
  publishedAt?: string | null;
  title?: string | null;
  url?: string | null;
  fileName?: string | null;
  publisher?: string | null;
}

export class ExtractError extends Error {
  readonly code: "EMPTY" | "NOT_VIETNAMESE" | "TOO_LARGE" | "BAD_DATE";
  constructor(code: ExtractError["code"], message: string) {
    super(message);
    this.name = "ExtractError";
    this.code = code;
  }
}

/** Longest text one extraction reads: about 3000 pages, far beyond any report. */
export const MAX_TEXT_CHARS = 8_000_000;

type Range = { start: string; end: string };

interface Proposal {
  c: NumberCandidate;
  sentence: Sentence;
  /** Offsets of the figure text in the body. */
  at: number;
  measure: string | null;
  unmapped: string | null;
  unit: ProposalDetails["unit"];
  programme: string;
  ethnicity: string;
  place: ResolvedPlace | null;
  period: Range | null;
  kind: ImportKind;
  estimate: boolean;
  average: boolean;
  direction: "DECREASE" | "INCREASE" | null;
  /** The same figure each year of its period ("hàng năm … trên 35.000 lao động"): one per year. */
  perYear: boolean;
  /** "727/700 lao động … kế hoạch": B is the plan; else "6/11 huyện" is 6 out of 11. */
  outOfIsPlan: boolean;
  cues: Cue[];
  confidence: number;
  quote: string;
  quoteSpan: { start: number; end: number };
}

let finderCache: { ref: ImportReference; finder: PlaceFinder } | null = null;

export function extractFigures(input: ExtractInput, ref: ImportReference = embeddedReference()): Draft {
  // The importer's checks at the end read the figures' texts again: each is parsed once.
  return withParseMemo(() => extract(input, ref));
}

function extract(input: ExtractInput, ref: ImportReference): Draft {
  const text = input.text ?? "";
  if (text.length > MAX_TEXT_CHARS)
    throw new ExtractError(
      "TOO_LARGE",
      `the text has ${text.length} characters; one report is at most ${MAX_TEXT_CHARS}`,
    );
  if (!text.trim()) throw new ExtractError("EMPTY", "the report is empty: there is no text to read");
  const published = input.publishedAt?.trim() || null;
  if (published && !/^\d{4}-\d{2}-\d{2}$/.test(published))
    throw new ExtractError("BAD_DATE", `publishedAt "${published}" is not a date (YYYY-MM-DD)`);
  if (!looksVietnamese(text))
    throw new ExtractError("NOT_VIETNAMESE", "the text is not Vietnamese: the extractor reads Vietnamese reports only");

  if (finderCache?.ref !== ref) finderCache = { ref, finder: new PlaceFinder(ref.places) };
  const finder = finderCache.finder;
  const seg = segment(text);
  const body = seg.body;
  const title = input.title?.trim() || firstLine(body);
  const referenceYear = published ? Number(published.slice(0, 4)) : referenceYearOf(body, null);
  const timeCtx = { referenceYear, published };

  const docPlace = finder.documentPlace(input.title ?? null, body, input.url ?? null);
  const docDay = published ?? (referenceYear ? `${referenceYear}-01-01` : null);
  const docProvinceRef = docPlace
    ? resolvedAt(finder, docPlace.mention, docDay ? { start: docDay, end: docDay } : null, null)
    : null;
  const docProvince = docProvinceRef?.ok ? provinceOf(ref, docProvinceRef.place) : null;
  const frame = frameOf(body, referenceYear);

  const proposals: Proposal[] = [];
  let current: Current | null = null;
  let targetCarry: { paragraph: number; text: string } | null = null;
  // The year targets are set for ("Kế hoạch … năm 2019"): used by targets that state no time.
  let targetCurrent: Current | null = null;
  let targetScope: { paragraph: number; text: string } | null = null;
  let carriedMinority = false;
  let previous: Proposal | null = null;

  for (const sentence of seg.sentences) {
    const s = sentence.text;
    if (targetScope && targetScope.paragraph !== sentence.paragraph) targetScope = null;
    const times = findTimes(s, timeCtx);
    // A target sentence's next sentence in the same paragraph, stating nothing done, is a target too.
    const carried =
      targetCarry &&
      targetCarry.paragraph === sentence.paragraph &&
      !/(?:^|\s)(?:đã|đạt được)(?!\p{L})/u.test(s) &&
      !times.length
        ? targetCarry
        : null;
    targetCarry = null;
    const { candidates } = findNumbers(s);
    const mentions = candidates.length ? finder.mentions(s) : [];
    const owned = candidates.length ? ownedTimes(times, candidates, s) : new Map<TimeExpr, NumberCandidate>();
    const opener =
      /^(Cụ thể|Với tỷ lệ này|Với kết quả này|Theo đó|Như vậy|Trong số này|Trong đó)/u.exec(s)?.[1] ?? null;
    if (!opener) carriedMinority = false;
    let sentenceMinority: boolean = carriedMinority;
    const partOfPrevious = /^Trong đó/u.test(s) ? previous : null;

    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      const nextStart = candidates[i + 1]?.start ?? s.length;
      const clauseStart = Math.max(s.lastIndexOf(";", c.start), s.lastIndexOf(":", c.start), 0);
      const w: Windows = {
        left: s.slice(clauseStart, c.start),
        sentenceLeft: s.slice(0, c.start),
        right: s.slice(c.end, Math.min(nextStart, clauseEnd(s, c.end))),
        sentence: s,
      };
      const sameSentencePrev = previous && previous.sentence === sentence ? previous : null;
      const meaning = readMeaning(
        c,
        w,
        (sameSentencePrev ?? partOfPrevious)
          ? {
              measure: (sameSentencePrev ?? partOfPrevious)!.measure,
              family: (sameSentencePrev ?? partOfPrevious)!.c.family,
            }
          : null,
      );
      if (meaning.unmapped === "a share of the population, not a programme figure") continue;
      const cues: Cue[] = [{ field: "value", text: c.text }, ...meaning.cues];
      let confidence = 0.9;
      if (c.qualifier !== "EXACT")
        cues.push({ field: "qualifier", text: c.text.slice(0, c.numberStart - c.start).trim() || "trở lên/xuống" });

      // Period.
      const measureRow = meaning.measure ? measureByCode(meaning.measure) : undefined;
      const flow = measureRow
        ? measureRow.flow && measureRow.aggregation === "SUM"
        : c.family !== "PERCENT" && !/còn|dư nợ|tổng số hộ/u.test(w.left.slice(-30));
      const sincePrevious = s.slice(i > 0 ? candidates[i - 1].end : 0, c.start);
      const eachYear = /(?:hàng|hằng|mỗi)\s+năm/iu.test(sincePrevious) && !/bình quân|trung bình/iu.test(sincePrevious);
      const kindReading = readKind(w, targetScope?.text ?? carried?.text ?? null, meaning.measure);
      const period = periodFor({
        c,
        w,
        s,
        times,
        owned,
        current: kindReading.kind === "TARGET" ? (targetCurrent ?? current) : current,
        frame,
        change: meaning.change,
        average: meaning.average,
        eachYear,
        flow,
        referenceYear,
        cues,
      });
      if (period.weak) confidence -= period.weak;

      // Kind.
      if (kindReading.cue) cues.push(kindReading.cue);
      const estimate =
        kindReading.estimate || /(?:^|\s)(?:ước|ước tính|ước đạt|dự kiến)(?!\p{L})/iu.test(w.left.slice(-40));

      // Place.
      const mention = governingMention(mentions, s, c.numberStart);
      let place: ResolvedPlace | null = null;
      if (mention) {
        place = resolvedAt(finder, mention, period.range, docProvince);
        cues.push({ field: "place", text: mention.text });
      } else if (partOfPrevious?.place) {
        place = partOfPrevious.place.ok
          ? resolvedAt(finder, asMention(partOfPrevious.place.place), period.range, docProvince)
          : partOfPrevious.place;
        cues.push({ field: "place", text: "trong đó: the place of the figure before" });
      } else if (docPlace) {
        place = resolvedAt(finder, docPlace.mention, period.range, docProvince);
        cues.push({ field: "place", text: docPlace.source });
        if (docPlace.source.startsWith("the newspaper")) confidence -= 0.1;
      }

      const eth = readEthnicity(w, c.noun, sentenceMinority);
      if (eth.ethnicity === "DTTS") sentenceMinority = true;
      if (eth.cue) cues.push(eth.cue);
      let programme = readProgramme(w, c.noun, period.range?.start ?? null);
      if (programme.programme === "ALL" && partOfPrevious && partOfPrevious.programme !== "ALL") {
        programme = {
          programme: partOfPrevious.programme,
          cue: { field: "programme", text: "trong đó: the programme of the figure before" },
        };
      }
      if (programme.cue) cues.push(programme.cue);
      let kind = kindReading.kind;
      if (partOfPrevious && !kindReading.cue && partOfPrevious.kind !== "ACTUAL") kind = partOfPrevious.kind;
      if (partOfPrevious) cues.push({ field: "part", text: `trong đó: part of "${partOfPrevious.c.text}"` });
      if (!meaning.measure) confidence -= 0.2;
      else if (/default/.test(meaning.cues[0]?.text ?? "")) confidence -= 0.15;

      const quoteSpan = quoteAround(s, c.start);
      const p: Proposal = {
        c,
        sentence,
        at: sentence.start + c.start,
        measure: meaning.measure,
        unmapped: meaning.unmapped,
        unit: meaning.unit,
        programme: programme.programme,
        ethnicity: eth.ethnicity,
        place,
        period: period.range,
        kind,
        estimate,
        average: meaning.average,
        direction: meaning.direction,
        perYear: period.perYear,
        outOfIsPlan: c.outOf ? readValueForm(c.text, clauseQuote(w)).outOfIsPlan : false,
        cues,
        confidence: Math.max(0.05, Math.min(1, confidence)),
        quote: s.slice(quoteSpan.start, quoteSpan.end),
        quoteSpan: { start: sentence.start + quoteSpan.start, end: sentence.start + quoteSpan.end },
      };
      proposals.push(p);
      previous = p;
    }
    // The report's current date: the last time the sentence states as when things stand or happened
    // (not a comparison base, a figure's own bracket, a programme's name or a target's horizon).
    const targetAt = s.search(/phấn đấu|mục tiêu(?! quốc gia)|chỉ tiêu|kế hoạch/iu);
    const stateTimes = times.filter((t) => !t.base && !t.parenthetical && !t.name && !isEventDate(s, t));
    const lastTime = [...stateTimes].reverse().find((t) => t.sinceFrame || targetAt < 0 || t.start < targetAt);
    const lastTargetTime =
      targetAt >= 0 ? [...stateTimes].reverse().find((t) => !t.sinceFrame && t.start > targetAt) : undefined;
    if (lastTargetTime)
      targetCurrent = { range: lastTargetTime.range, point: lastTargetTime.point, text: lastTargetTime.text };
    if (lastTime?.sinceFrame) {
      const r: Range | null = frame ? sinceFrameRange(frame, current, referenceYear) : null;
      if (r) current = { range: r, point: false, text: lastTime.text };
    } else if (lastTime) current = { range: lastTime.range, point: lastTime.point, text: lastTime.text };
    if (proposals.at(-1)?.sentence === sentence && proposals.at(-1)!.kind === "TARGET")
      targetCarry = { paragraph: sentence.paragraph, text: "the target sentence before" };
    const scope = opensTargetScope(s);
    if (scope) targetScope = { paragraph: sentence.paragraph, text: scope };
    carriedMinority = sentenceMinority;
  }

  const document = {
    sourceKey: sourceKeyOf(input, body),
    title: title.slice(0, 1000),
    publisher: input.publisher ?? null,
    author: null,
    publishedAt: published,
    url: input.url && /^https?:\/\/\S+$/i.test(input.url) ? input.url : null,
    fileName: input.fileName ?? null,
    note: noteOf(seg.cut, docPlace?.source ?? null, published),
  };
  return { ...assemble(document, proposals, ref), text: body };
}

/** By UTF-16 code: 2 a Vietnamese letter with a diacritic, 1 any other lower-case letter, 0 anything else. */
const LETTER_CLASS = (() => {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    const ch = String.fromCharCode(code);
    if ((ch >= "a" && ch <= "z") || (ch > "\u00bf" && ch.toUpperCase() !== ch)) table[code] = 1;
  }
  for (const ch of "ăâđêôơưàáạảãấầẩẫậắằẳẵặèéẹẻẽếềểễệìíỉĩịòóọỏõốồổỗộớờởỡợùúụủũứừửữựỳýỵỷỹ") table[ch.charCodeAt(0)] = 2;
  return table;
})();

/** Vietnamese has a letter with a diacritic in most words; other Latin-script text has few or none. */
function looksVietnamese(text: string): boolean {
  const sample = text.slice(0, 8000).normalize("NFC").toLowerCase();
  let letters = 0;
  let vietnamese = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = LETTER_CLASS[sample.charCodeAt(i)];
    if (c) letters++;
    if (c === 2) vietnamese++;
  }
  return letters < 20 ? vietnamese > 0 : vietnamese / letters > 0.05;
}

function firstLine(body: string): string {
  return (
    body
      .split("\n")
      .map((l) => l.trim())
      .find(Boolean)
      ?.slice(0, 200) ?? "Untitled report"
  );
}

function sourceKeyOf(input: ExtractInput, body: string): string {
  const digest = hash("sha256", body, "hex").slice(0, 16);
  return `extract/${input.fileName ? `${slug(input.fileName.replace(/\.[a-z0-9]+$/i, "")).toLowerCase()}-` : ""}${digest}`;
}

function noteOf(cut: { reason: string } | null, placeSource: string | null, published: string | null): string {
  const parts = ["Draft proposed by the figure extractor: review every figure before importing."];
  if (placeSource) parts.push(`Place: ${placeSource}.`);
  if (!published)
    parts.push("No publication date given: relative dates were read against the latest year the text states.");
  if (cut) parts.push(`Not read: ${cut.reason}.`);
  return parts.join(" ");
}

/** "Ngày 15/3/2019, UBND tỉnh ban hành …": the date of an act, not of the figures. */
function isEventDate(s: string, t: TimeExpr): boolean {
  return t.point && /^[^.;]{0,40}?(?:ban hành|phê duyệt|ký|tổ chức|khai mạc|diễn ra|họp)/iu.test(s.slice(t.end));
}

/** Time expressions right after a figure, with no comma between ("31,17% vào cuối năm 2018"). */
function ownedTimes(times: TimeExpr[], candidates: NumberCandidate[], s: string): Map<TimeExpr, NumberCandidate> {
  const owned = new Map<TimeExpr, NumberCandidate>();
  for (const t of times) {
    const c = candidates.find(
      (x) => t.start >= x.end && t.start - x.end <= 25 && !/[,;:]/.test(s.slice(x.end, t.start)),
    );
    if (c) owned.set(t, c);
  }
  return owned;
}

function clauseEnd(s: string, from: number): number {
  const m = /[;:]|\.(?!\d)|\)/.exec(s.slice(from));
  return m ? from + m.index : s.length;
}

/** The clause around a figure when the sentence is long; the sentence otherwise. */
function quoteAround(s: string, at: number): { start: number; end: number } {
  if (s.length <= 400) return { start: 0, end: s.length };
  const start = Math.max(0, s.lastIndexOf(";", at) + 1, at - 300);
  const semi = s.indexOf(";", at);
  const end = Math.min(semi < 0 ? s.length : semi, at + 300, s.length);
  let a = start;
  while (a < end && /\s/.test(s[a])) a++;
  return { start: a, end };
}

function provinceOf(ref: ImportReference, place: PlaceRef): PlaceRef | null {
  let p: PlaceRef | undefined = place;
  while (p && p.level !== "PROVINCE") p = p.parentKey ? ref.places.byKey.get(p.parentKey.toUpperCase()) : undefined;
  return p ?? null;
}

function asMention(p: PlaceRef): PlaceMention {
  return { start: 0, end: 0, text: p.name, ref: p.key, group: false, nation: false, inParentheses: false };
}

function resolvedAt(
  finder: PlaceFinder,
  m: PlaceMention,
  period: Range | null,
  province: PlaceRef | null,
): ResolvedPlace {
  return finder.resolve(m, period, province);
}

/** The report's frame: the first "giai đoạn A-B" it names, else the national programme's period. */
function frameOf(body: string, referenceYear: number | null): Range | null {
  const m = /giai đoạn\s+((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})/iu.exec(body);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[2]}-12-31` };
  if (!referenceYear) return null;
  if (referenceYear >= 2021 && referenceYear <= 2026) return { start: "2021-01-01", end: "2025-12-31" };
  if (referenceYear >= 2016 && referenceYear <= 2020) return { start: "2016-01-01", end: "2020-12-31" };
  return null;
}

interface PeriodReading {
  range: Range | null;
  weak: number;
  perYear: boolean;
}

interface PeriodInput {
  c: NumberCandidate;
  w: Windows;
  s: string;
  times: TimeExpr[];
  /** Time expressions that follow another figure closely ("31,17% vào cuối năm 2018"): that figure's. */
  owned: Map<TimeExpr, NumberCandidate>;
  current: Current | null;
  frame: Range | null;
  change: boolean;
  average: boolean;
  /** "hàng năm", "mỗi năm" without "bình quân": the same figure each year. */
  eachYear: boolean;
  flow: boolean;
  referenceYear: number | null;
  cues: Cue[];
}

type Current = { range: Range; point: boolean; text: string };

/**
 * The figure's period, first found wins: a year in brackets after it; for a change, from its
 * comparison base ("so với năm 2022") to the current date; for an average per year, the span it
 * is over; a time stated earlier in its clause; one right after it in the clause ("xuống còn
 * 26,73% vào cuối năm 2019"); the nearest before it in the sentence; "thời gian qua" (the report's
 * frame); the report's current date stated in an earlier sentence; the publication year.
 * A flow (a count of support, money spent) dated by a day counts the year up to that day.
 */
function periodFor(x: PeriodInput): PeriodReading {
  const { c, w, s, times, owned, current, frame, cues } = x;
  const own = times.find(
    (t) =>
      t.parenthetical &&
      t.start >= c.end &&
      t.start - c.end <= 25 &&
      (t.text.startsWith("(") ? /^[\s/\p{L}]*$/u : /^[\s/\p{L}]*\(\s*(?:\p{L}+\s+)*$/u).test(s.slice(c.end, t.start)),
  );
  const clauseFrom = Math.max(s.lastIndexOf(",", c.start), s.lastIndexOf(";", c.start), s.lastIndexOf(":", c.start), 0);
  const beforeAll = times.filter((t) => t.end <= c.start && usableTime(t, owned, c) && !t.parenthetical);
  const beforeInClause = beforeAll.filter((t) => t.start >= clauseFrom).at(-1);
  const nextComma = s.slice(c.end).search(/[,;:()]/);
  const afterLimit = c.end + Math.min(nextComma < 0 ? s.length : nextComma, w.right.length + 1, 40);
  const afterInClause = times.find(
    (t) => t.start >= c.end && t.start <= afterLimit && usableTime(t, owned, c) && !t.parenthetical,
  );
  const since = times.filter((t) => t.sinceFrame && t.end <= c.start).at(-1);
  const nearestBefore = beforeAll.at(-1);
  const sentenceTime = beforeInClause ?? afterInClause ?? nearestBefore;

  if (own) {
    periodCue(cues, own.text);
    return periodReading(x, own.range);
  }
  // "Tính đến đầu năm 2021 …, mục tiêu đến năm 2025, … mỗi năm giảm 0,2%": from the state before to the horizon.
  const horizon = sentenceTime?.horizon ? sentenceTime : null;
  const from = horizon ? (beforeAll.filter((t) => !t.horizon && t.end <= horizon.start).at(-1) ?? current) : null;
  if (horizon && from && from.range.end < horizon.range.start && (x.change || x.average || x.eachYear)) {
    periodCue(cues, `${from.text} → ${horizon.text}`);
    return periodReading(x, { start: `${dayAfter(from.range.end).slice(0, 4)}-01-01`, end: horizon.range.end });
  }
  if (x.average) {
    const span =
      [...times].reverse().find((t) => !t.base && !t.name && t.end <= c.start && multiYear(t.range)) ??
      times.find((t) => !t.base && !t.name && multiYear(t.range)) ??
      (current && multiYear(current.range) ? { range: current.range, text: current.text } : null);
    if (span) {
      periodCue(cues, `${span.text} (an average per year over it)`);
      return periodReading(x, span.range);
    }
    if (frame) {
      periodCue(
        cues,
        `the report's period ${frame.start.slice(0, 4)}-${frame.end.slice(0, 4)} (an average per year over it)`,
      );
      return periodReading(x, frame, 0.1);
    }
  }
  if (x.change) {
    const base = times.find((t) => t.base && t.start >= c.end && !/[;)]/.test(s.slice(c.end, t.start)));
    const cur = sentenceTime ? { range: sentenceTime.range, text: sentenceTime.text } : current;
    if (base && cur) {
      const start = /đầu/iu.test(base.text) ? base.range.start : dayAfter(base.range.end);
      if (start <= cur.range.end) {
        periodCue(cues, `${base.text} → ${cur.text}`);
        return periodReading(x, { start, end: cur.range.end });
      }
    }
    const from = times.find(
      (t) => t.parenthetical && t.end <= c.start && /từ/iu.test(s.slice(Math.max(0, t.start - 30), t.start)),
    );
    if (from && cur && from.range.start <= cur.range.end) {
      periodCue(cues, `từ … ${from.text} → ${cur.text}`);
      return periodReading(x, { start: from.range.start, end: cur.range.end });
    }
    if (cur) {
      const year =
        cur.range.start === cur.range.end
          ? { start: `${cur.range.end.slice(0, 4)}-01-01`, end: cur.range.end }
          : cur.range;
      periodCue(cues, `${cur.text} (the change over the year to it)`);
      return periodReading(x, year, sentenceTime ? 0 : 0.1);
    }
  }
  if (beforeInClause) {
    periodCue(cues, beforeInClause.text);
    return periodReading(x, beforeInClause.range);
  }
  if (afterInClause) {
    periodCue(cues, afterInClause.text);
    return periodReading(x, afterInClause.range);
  }
  if (since && (!nearestBefore || since.start > nearestBefore.start) && frame) {
    const r = sinceFrameRange(frame, current, x.referenceYear);
    if (r) {
      periodCue(cues, `${since.text} (from ${frame.start.slice(0, 4)})`);
      return periodReading(x, r, 0.1);
    }
  }
  if (nearestBefore) {
    periodCue(cues, nearestBefore.text);
    return periodReading(x, nearestBefore.range);
  }
  if (current) {
    periodCue(cues, `${current.text} (stated before)`);
    return periodReading(x, current.range, 0.05);
  }
  if (x.referenceYear) {
    periodCue(cues, `the year of publication (${x.referenceYear}): no date in the text`);
    return periodReading(x, { start: `${x.referenceYear}-01-01`, end: `${x.referenceYear}-12-31` }, 0.3);
  }
  return { range: null, weak: 0.4, perYear: false };
}

/** A time expression that may date a figure: not a base, frame, name or another figure's own. */
function usableTime(t: TimeExpr, owned: Map<TimeExpr, NumberCandidate>, c: NumberCandidate): boolean {
  return !t.base && !t.sinceFrame && !t.name && (!owned.has(t) || owned.get(t) === c);
}

function multiYear(r: Range): boolean {
  return r.start.slice(0, 4) !== r.end.slice(0, 4);
}

function periodCue(cues: Cue[], text: string): void {
  cues.push({ field: "period", text });
}

/** The period found; a flow dated by a day counts the year up to that day. */
function periodReading(x: PeriodInput, range: Range, weak = 0): PeriodReading {
  let r = range;
  if (x.flow && r.start === r.end && !x.change) r = { start: `${r.end.slice(0, 4)}-01-01`, end: r.end };
  return { range: r, weak, perYear: x.eachYear && !x.average && multiYear(r) };
}

/** "thời gian qua": from the frame's start to the report's current year (within the frame). */
function sinceFrameRange(frame: Range, current: Current | null, referenceYear: number | null): Range | null {
  const endYear = Number(current ? current.range.end.slice(0, 4) : (referenceYear ?? frame.end.slice(0, 4)));
  const end = `${Math.min(endYear, Number(frame.end.slice(0, 4)))}-12-31`;
  return frame.start <= end ? { start: frame.start, end } : null;
}

/** Proposals → figures that import as they are, and the rest with the reason; repeats merged. */
function assemble(document: Draft["document"], proposals: Proposal[], ref: ImportReference): Omit<Draft, "text"> {
  const figures: DraftFigure[] = [];
  const notRecorded: NotRecorded[] = [];
  const byIdentity = new Map<string, DraftFigure | NotRecorded>();
  const keys = new Set<string>();
  const details = (p: Proposal, value: Decimal): ProposalDetails => ({
    value: value.toFixed(),
    ...(p.c.valueHigh ? { valueHigh: p.c.valueHigh.toFixed() } : {}),
    ...(p.c.outOf && !p.outOfIsPlan ? { outOf: p.c.outOf.toFixed() } : {}),
    qualifier: p.c.qualifier,
    unit: p.unit,
    placeName: p.place ? (p.place.ok ? p.place.place.name : p.place.text) : null,
    periodStart: p.period?.start ?? null,
    periodEnd: p.period?.end ?? null,
    estimate: p.estimate,
    confidence: round2(p.confidence),
    cues: p.cues,
    spans: [p.quoteSpan],
  });

  const expanded: Proposal[] = [];
  for (const p of proposals) {
    if (p.perYear && p.period) {
      const [from, to] = [Number(p.period.start.slice(0, 4)), Number(p.period.end.slice(0, 4))];
      if (to - from < 30) {
        for (let y = from; y <= to; y++) {
          expanded.push({
            ...p,
            perYear: false,
            period: { start: `${y}-01-01`, end: `${y}-12-31` },
            cues: [...p.cues, { field: "period", text: `each year of ${from}-${to}` }],
          });
        }
        continue;
      }
    }
    expanded.push(p);
  }
  for (const p of expanded) {
    const kinds: [ImportKind, Decimal][] = [[p.kind, p.c.value]];
    if (p.c.outOf && p.outOfIsPlan && p.measure && p.kind === "ACTUAL") kinds.push(["PLAN", p.c.outOf]);
    for (const [kind, value] of kinds) {
      const reason = !p.measure
        ? (p.unmapped ?? "no measure in the catalogue fits")
        : !p.place
          ? "no place named in the report"
          : !p.place.ok
            ? p.place.reason
            : !p.period
              ? "no date or period in the report"
              : p.c.parseError
                ? `the figure's text cannot be read: ${p.c.parseError}`
                : null;
      const identity = [
        value.toFixed(),
        p.c.valueHigh?.toFixed(),
        p.unit,
        p.measure,
        p.place?.ok ? p.place.place.key : p.place?.text,
        p.period?.start,
        p.period?.end,
        kind,
        p.ethnicity,
        p.programme,
      ].join("|");
      const seen = byIdentity.get(identity);
      if (seen && !seen.spans.some((sp) => sp.start === p.quoteSpan.start)) {
        seen.spans.push(p.quoteSpan);
        (seen.quotes ??= []).push(p.quote);
        continue;
      }
      if (reason) {
        const n: NotRecorded = {
          ...details(p, value),
          text: p.c.text,
          quote: p.quote,
          kind,
          reason,
          ...(p.measure ? { measure: p.measure } : {}),
          programme: p.programme,
          ethnicity: p.ethnicity,
          ...(p.period ? { period: formatPeriod(p.period.start, p.period.end) } : {}),
          ...(p.place?.ok ? { place: p.place.place.key } : {}),
        };
        notRecorded.push(n);
        byIdentity.set(identity, n);
        continue;
      }
      const period = formatPeriod(p.period!.start, p.period!.end);
      const key = uniqueKey(
        keys,
        `${p.measure}-${p.programme === "ALL" ? "" : `${p.programme}-`}${p.ethnicity === "ALL" ? "" : `${p.ethnicity}-`}${period}${kind === "ACTUAL" ? "" : `-${kind}`}`,
      );
      const f: DraftFigure = {
        key,
        place: (p.place as { place: PlaceRef }).place.key,
        ethnicity: p.ethnicity,
        programme: p.programme,
        measure: p.measure!,
        period,
        kind,
        text: p.c.text,
        quote: p.quote,
        ...(p.direction && !readValueForm(p.c.text, p.quote).direction
          ? { valueType: p.average ? ("ANNUAL_AVERAGE_CHANGE" as const) : ("CHANGE" as const), direction: p.direction }
          : {}),
        ...details(p, value),
      };
      figures.push(f);
      byIdentity.set(identity, f);
    }
  }
  return { document, ...checkImportable(document, figures, notRecorded, ref) };
}

/** Runs the importer's own checks; a figure it refuses moves to notRecorded with its reason. */
function checkImportable(
  document: Draft["document"],
  figures: DraftFigure[],
  notRecorded: NotRecorded[],
  ref: ImportReference,
): Pick<Draft, "figures" | "notRecorded"> {
  let remaining = figures;
  for (let round = 0; round < 3 && remaining.length; round++) {
    const v = validateDocument({ document, figures: remaining.map(importFields) }, ref, { errorsOnly: true });
    if (v.ok) break;
    const refused = new Map<number, string>();
    for (const e of v.errors)
      if (e.row > 0)
        refused.set(e.row - 1, `${refused.has(e.row - 1) ? `${refused.get(e.row - 1)}; ` : ""}${e.field}: ${e.reason}`);
    if (!refused.size) break;
    const keep: DraftFigure[] = [];
    remaining.forEach((f, i) => {
      const reason = refused.get(i);
      if (!reason) keep.push(f);
      else notRecorded.push({ ...f, reason: `the importer refuses it: ${reason}` });
    });
    remaining = keep;
  }
  return { figures: remaining, notRecorded };
}

/** The figure as the importer reads it (the draft's review fields left out). */
export function importFields(f: DraftFigure): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    key: f.key,
    place: f.place,
    ethnicity: f.ethnicity,
    programme: f.programme,
    measure: f.measure,
    period: f.period,
    kind: f.kind,
    text: f.text,
    quote: f.quote,
    qualifier: f.qualifier,
  };
  if (f.valueType) fields.valueType = f.valueType;
  if (f.direction) fields.direction = f.direction;
  return fields;
}

function uniqueKey(keys: Set<string>, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 180);
  let key = clean;
  for (let n = 2; keys.has(key); n++) key = `${clean}-${n}`;
  keys.add(key);
  return key;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
