/**
 * Where a figure is: the unit or group a report names, resolved with the platform's place rules.
 *
 * - Mentions: "tỉnh X", "huyện X", "thị xã X", "thành phố X", "TP. X", "TX. X", "quận X", "xã X",
 *   "phường X", "thị trấn X" (capitalised words after the kind word), bare province names, "cả
 *   nước"/"toàn quốc", and groups: "7 huyện nghèo", "các xã đặc biệt khó khăn", "các huyện và các xã
 *   nghèo", "vùng đồng bào DTTS".
 * - A figure's place is the nearest mention before it in its sentence, outside parentheses (a list
 *   in brackets names examples, not the subject) unless the figure is inside the same brackets;
 *   else the document's place: the place the title starts with ("Sơn La: …") or names, else the
 *   first named in the body, else the provincial newspaper the URL belongs to ("baocamau.vn").
 * - A name is resolved against the figure's period; a period straddling the 2025 reform takes the
 *   unit valid at its start (the report's own unit). A name the catalogue does not hold yet, or a
 *   group, is returned unresolved with the reason.
 */
import {
  placeCovers,
  resolvePlaceRef,
  type PlaceIndex,
  type PlaceRef,
  type PlaceResolution,
} from "../../reference/place-ref.ts";
import { toAscii } from "../../reference/text.ts";

export interface PlaceMention {
  start: number;
  end: number;
  /** As the report names it ("huyện Xín Mần", "Hà Giang", "7 huyện nghèo"). */
  text: string;
  /** The reference to resolve ("huyện Xín Mần"), null for a group or the nation word. */
  ref: string | null;
  group: boolean;
  nation: boolean;
  inParentheses: boolean;
}

export type ResolvedPlace =
  { ok: true; place: PlaceRef; text: string } | { ok: false; text: string; reason: string; group: boolean };

const KIND =
  "(?:tỉnh|Tỉnh|huyện|Huyện|thị xã|Thị xã|thành phố|Thành phố|TP\\.?|Tp\\.?|TX\\.?|Tx\\.?|quận|Quận|xã|Xã|phường|Phường|thị trấn|Thị trấn)";
const NAME = "(\\p{Lu}[\\p{L}’'-]*(?:\\s+(?:-\\s+)?\\p{Lu}[\\p{L}’'-]*){0,3})";
const UNIT_MENTION = new RegExp(`(?<!\\p{L})(${KIND})\\s+${NAME}`, "gu");
const GROUP_MENTION =
  /(?<!\p{L})(?:(\d+)\s+|các\s+)?((?:huyện|xã|thôn|bản|ấp)(?:,?\s+(?:và\s+)?(?:các\s+)?(?:huyện|xã|thôn|bản|ấp))*\s+(?:nghèo|đặc biệt khó khăn|ĐBKK|bãi ngang|vùng cao|miền núi)[\p{L}\s,]{0,30}?)(?=[,.;:)]|\s+(?:có|giảm|tăng|là|đạt|đã|được|của|thuộc|với)(?!\p{L}))/gu;
/** GROUP_MENTION's qualifiers and nouns: without one of each (most sentences) it need not scan. */
const GROUP_HINTS = ["nghèo", "khó khăn", "ĐBKK", "bãi ngang", "vùng cao", "miền núi"];
const GROUP_NOUNS = ["huyện", "xã", "thôn", "bản", "ấp"];
// Plain substring searches: much faster than a Unicode pattern of alternatives over the sentence.
const hasAny = (s: string, words: readonly string[]) => words.some((w) => s.includes(w));
const CAPITALISED_RUN = /(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}’'-]*(?:\s+(?:-\s+)?\p{Lu}[\p{L}\p{M}’'-]*)*/gu;
const NATION = /(?<!\p{L})(cả nước|toàn quốc)(?!\p{L})/giu;

export class PlaceFinder {
  private readonly provinceNames: Set<string>;
  /** The words province names begin with: a run's word that is none of them starts no name. */
  private readonly provinceFirstWords: Set<string>;
  private readonly provinceFirstWordList: string[];
  private readonly longestProvinceWords: number;
  private readonly refCache = new Map<string, PlaceResolution>();
  constructor(private readonly index: PlaceIndex) {
    const names = new Set<string>();
    for (const p of index.all)
      if (p.level === "PROVINCE") names.add(p.name.replace(/^(Thành phố|Tỉnh)\s+/u, "").replace(/\s*-\s*/g, " - "));
    this.provinceNames = names;
    this.provinceFirstWords = new Set([...names].map((n) => n.split(" ")[0]));
    this.provinceFirstWordList = [...this.provinceFirstWords];
    this.longestProvinceWords = Math.max(...[...names].map((n) => n.split(" ").length));
  }

  mentions(s: string): PlaceMention[] {
    const out: PlaceMention[] = [];
    const taken: [number, number][] = [];
    const add = mentionAdder(s, out, taken);
    for (const m of hasAny(s, GROUP_HINTS) && hasAny(s, GROUP_NOUNS) ? s.matchAll(GROUP_MENTION) : []) {
      const text = m[0].trim().replace(/[\s,]+$/, "");
      if (/(?:^|\s)(?:tại|ở|riêng|đối với|trong đó|của|Tại|Ở|Riêng)\s+$/u.test(s.slice(0, m.index))) {
        add({ start: m.index!, end: m.index! + text.length, text, ref: null, group: true, nation: false });
      }
    }
    for (const m of s.matchAll(UNIT_MENTION)) {
      const name = this.trimName(m[1], m[2]);
      const kind = m[1].replace(/^Tp\.?$|^TP$/u, "TP.").replace(/^Tx\.?$|^TX$/u, "TX.");
      add({
        start: m.index!,
        end: m.index! + m[1].length + 1 + name.length,
        text: `${m[1]} ${name}`,
        ref: `${expandKind(kind)} ${name}`,
        group: false,
        nation: false,
      });
    }
    for (const m of this.provinceNameMentions(s)) {
      add({ start: m.start, end: m.end, text: m.text, ref: `tỉnh ${m.text}`, group: false, nation: false });
    }
    for (const m of s.matchAll(NATION))
      add({ start: m.index!, end: m.index! + m[0].length, text: m[0], ref: "VN", group: false, nation: true });
    return out.sort((a, b) => a.start - b.start);
  }

  /**
   * "tỉnh Long An Phạm Tấn Hòa": the longest run of words that names a unit; an unknown name keeps
   * at most its first two words (most names have two), to be reported, not guessed.
   */
  private trimName(kind: string, name: string): string {
    const words = name.trim().split(/\s+/);
    for (let n = words.length; n >= 1; n--) {
      const r = this.lookup(`${expandKind(kind)} ${words.slice(0, n).join(" ")}`, null);
      if (r.ok || r.candidates.length) return words.slice(0, n).join(" ");
    }
    return words.slice(0, 2).join(" ");
  }

  /** Province names in runs of capitalised words ("UBND tỉnh Hà Giang", "Sơn La:"), longest first. */
  private provinceNameMentions(s: string): { start: number; end: number; text: string }[] {
    const out: { start: number; end: number; text: string }[] = [];
    // A name is a run of whole words, its first one of these: a sentence holding none names no province.
    if (!hasAny(s, this.provinceFirstWordList)) return out;
    for (const m of s.matchAll(CAPITALISED_RUN)) {
      const words: { w: string; at: number }[] = [];
      const wre = /\S+/g;
      let w: RegExpExecArray | null;
      while ((w = wre.exec(m[0]))) words.push({ w: w[0], at: m.index! + w.index });
      for (let i = 0; i < words.length;) {
        if (!this.provinceFirstWords.has(words[i].w)) {
          i++;
          continue;
        }
        let hit = 0;
        for (let n = Math.min(this.longestProvinceWords + 1, words.length - i); n >= 1; n--) {
          if (
            this.provinceNames.has(
              words
                .slice(i, i + n)
                .map((x) => x.w)
                .join(" "),
            )
          ) {
            hit = n;
            break;
          }
        }
        if (hit) {
          const last = words[i + hit - 1];
          out.push({
            start: words[i].at,
            end: last.at + last.w.length,
            text: s.slice(words[i].at, last.at + last.w.length),
          });
          i += hit;
        } else i++;
      }
    }
    return out;
  }

  /** resolvePlaceRef, remembered: a report names the same few places many times. */
  private lookup(ref: string, period: { start: string; end: string } | null): PlaceResolution {
    const key = `${ref}|${period?.start ?? ""}|${period?.end ?? ""}`;
    let r = this.refCache.get(key);
    if (!r) {
      r = resolvePlaceRef(this.index, ref, period);
      if (this.refCache.size > 50_000) this.refCache.clear();
      this.refCache.set(key, r);
    }
    return r;
  }

  /** Resolves a mention for a period; the document's province breaks ties between same-named units. */
  resolve(
    mention: PlaceMention,
    period: { start: string; end: string } | null,
    province: PlaceRef | null,
  ): ResolvedPlace {
    if (mention.group) {
      const of = province ? ` of ${province.name}` : "";
      return {
        ok: false,
        group: true,
        text: `${mention.text}${of}`,
        reason: `"${mention.text}" is a group of places${of}: to record it, declare the group in "placeGroups" (its members, or only the unit it lies in) and give its code as the place`,
      };
    }
    const ref = mention.ref!;
    let r = this.lookup(ref, period);
    if (!r.ok && /^tỉnh /u.test(ref)) {
      // The 2025 provinces are listed by their bare names ("Huế"); a province named without "tỉnh" may be a city.
      const bare = this.lookup(ref.slice(5), period);
      if (bare.ok) r = bare;
    }
    if (r.ok) return { ok: true, place: r.place, text: mention.text };
    const candidates = r.candidates.map((k) => this.index.byKey.get(k.toUpperCase())).filter((p): p is PlaceRef => !!p);
    const inProvince = province ? candidates.filter((p) => p.parentKey === province.key || p.key === province.key) : [];
    const pool = inProvince.length ? inProvince : candidates;
    if (period) {
      const atStart = pool.filter((p) => placeCovers(p, { start: period.start, end: period.start }));
      if (atStart.length === 1) return { ok: true, place: atStart[0], text: mention.text };
    }
    if (pool.length === 1) return { ok: true, place: pool[0], text: mention.text };
    return {
      ok: false,
      group: false,
      text: mention.text,
      reason: r.notFound ? `"${mention.text}" is not in the place catalogue` : r.reason,
    };
  }

  /** The document's place: the title's, else the body's first, else the newspaper's province. */
  documentPlace(
    title: string | null,
    body: string,
    url: string | null,
  ): { mention: PlaceMention; source: string } | null {
    const first = (text: string) => {
      const ms = this.mentions(text).filter((m) => !m.inParentheses && !m.group && !m.nation);
      const units = ms.filter((m) => this.resolve(m, null, null).ok || /^(tỉnh|huyện)/iu.test(m.ref ?? ""));
      return units[0] ?? null;
    };
    if (title) {
      const head = /^([^:]{2,40}):/.exec(title);
      if (head) {
        const byName = this.asBareName(head[1].trim());
        if (byName) return { mention: byName, source: `the title starts with "${head[1].trim()}"` };
      }
      const t = first(title);
      if (t) return { mention: t, source: `the title names "${t.text}"` };
    }
    const b = first(body.slice(0, 3000));
    if (b) return { mention: b, source: `the report first names "${b.text}"` };
    if (url) {
      const host = /^https?:\/\/(?:www\.)?([^/]+)/i.exec(url)?.[1] ?? "";
      const paper = /^bao([a-z]+)\./.exec(host)?.[1];
      if (paper) {
        const p = this.index.all.find(
          (x) => x.level === "PROVINCE" && toAscii(x.name).replace(/[^a-z]/g, "") === paper,
        );
        if (p)
          return {
            mention: {
              start: 0,
              end: 0,
              text: p.name,
              ref: `tỉnh ${p.name}`,
              group: false,
              nation: false,
              inParentheses: false,
            },
            source: `the newspaper ${host} is ${p.name}'s`,
          };
      }
    }
    return null;
  }

  private asBareName(name: string): PlaceMention | null {
    const ms = this.mentions(name);
    if (ms.length === 1 && ms[0].start === 0 && ms[0].end === name.length) return ms[0];
    const r = this.lookup(name, null);
    const candidates = r.ok ? [r.place] : r.candidates;
    if (!candidates.length) return null;
    return { start: 0, end: name.length, text: name, ref: name, group: false, nation: false, inParentheses: false };
  }
}

/** Adds a mention that overlaps none taken (a factory: see meaningWith in meaning.ts). */
function mentionAdder(s: string, out: PlaceMention[], taken: [number, number][]) {
  return (m: Omit<PlaceMention, "inParentheses">) => {
    if (taken.some(([a, b]) => m.start < b && m.end > a)) return;
    taken.push([m.start, m.end]);
    out.push({ ...m, inParentheses: insideParentheses(s, m.start) });
  };
}

function expandKind(kind: string): string {
  const k = kind.toLowerCase();
  if (k === "tp." || k === "tp") return "thành phố";
  if (k === "tx." || k === "tx") return "thị xã";
  return k;
}

function insideParentheses(s: string, at: number): boolean {
  const open = s.lastIndexOf("(", at);
  return open >= 0 && s.lastIndexOf(")", at) < open;
}

/** The nearest place mention before `at` in the sentence that may govern a figure there. */
export function governingMention(mentions: PlaceMention[], s: string, at: number): PlaceMention | null {
  const numberInParens = insideParentheses(s, at);
  let best: PlaceMention | null = null;
  for (const m of mentions) {
    if (m.start >= at) break;
    if (m.inParentheses && !(numberInParens && s.lastIndexOf("(", at) <= m.start)) continue;
    best = m;
  }
  return best;
}
