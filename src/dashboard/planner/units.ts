/**
 * A value written by its unit: money in đồng/triệu/tỷ, households and persons as counts with their noun,
 * percentages with "%". Households are never money (the per-household view once read "3.600 đồng").
 */
import { formatMoney, formatNumber, withQualifier, type Lang, type Qualifier } from "../format.ts";
import { messageIn } from "../i18n.ts";

const NOUNS: Record<string, Record<Lang, string>> = {
  HOUSEHOLD: { vi: "hộ", en: "households" },
  PERSON: { vi: "người", en: "persons" },
};

export function formatByUnit(value: string, unit: string, lang: Lang): string {
  const [num, per] = unit.split("/");
  if (num === "PERCENT") return `${formatNumber(value, lang, { maxFraction: 1 })}%`;
  const perText = per ? ` / ${(NOUNS[per]?.[lang] ?? per.toLowerCase()).replace(/s$/, "")}` : "";
  if (num === "VND") return formatMoney(value, lang) + perText;
  const noun = NOUNS[num]?.[lang];
  return `${formatNumber(value, lang, { maxFraction: per ? 2 : 0 })}${noun ? ` ${noun}` : ""}${perText}`;
}

/** The cell as shown: the qualifier's mark, or "no data" (never 0) when there is no value. */
export function cellText(value: string | null, qualifier: Qualifier | null, unit: string, lang: Lang): string {
  if (value === null) return lang === "vi" ? "Không có số liệu" : "No data";
  return withQualifier(formatByUnit(value, unit, lang), qualifier);
}

/** A value as the API gives it: bounds where the qualifiers allow a range. */
export interface Bounded {
  value: string | null;
  lower?: string | null;
  upper?: string | null;
  qualifier: Qualifier | "BETWEEN" | null;
}

/**
 * The cell as shown, bounds included: a BETWEEN value (overlapping parts, nobody reported the total)
 * reads "490 hộ – 1.601 hộ", never its lower bound alone; the others as cellText.
 */
export function valueText(v: Bounded, unit: string, lang: Lang): string {
  if (v.qualifier === "BETWEEN" && v.value !== null) {
    const low = formatByUnit(v.lower ?? v.value, unit, lang);
    return v.upper == null ? `≥ ${low}` : `${low} – ${formatByUnit(v.upper, unit, lang)}`;
  }
  return cellText(v.value, v.qualifier === "BETWEEN" ? null : v.qualifier, unit, lang);
}

export interface Badge {
  kind: "bound" | "coverage" | "flag";
  text: string;
  title: string;
}

const BOUND_BADGE: Record<string, Record<Lang, [string, string]>> = {
  BETWEEN: {
    vi: [
      "khoảng",
      "Các phần chồng lấn nhau, không có tổng được báo cáo: ít nhất phần lớn nhất, nhiều nhất tổng các phần",
    ],
    en: ["range", "The parts overlap and no total was reported: at least the largest part, at most their sum"],
  },
  AT_LEAST: {
    vi: ["tối thiểu", "Báo cáo ghi “hơn”, “trên”: giá trị thật lớn hơn"],
    en: ["lower bound", "Reported as “over”: the true value is higher"],
  },
  AT_MOST: {
    vi: ["tối đa", "Báo cáo ghi “dưới”: giá trị thật nhỏ hơn"],
    en: ["upper bound", "Reported as “under”: the true value is lower"],
  },
  ABOUT: { vi: ["ước tính", "Báo cáo ghi “khoảng”"], en: ["approximate", "Reported as “about”"] },
  NEARLY: { vi: ["gần", "Báo cáo ghi “gần”"], en: ["nearly", "Reported as “nearly”"] },
};

const DIMENSION: Record<string, Record<Lang, string>> = {
  PLACE: { vi: "đơn vị", en: "units" },
  PROGRAMME: { vi: "chương trình", en: "programmes" },
  ETHNICITY: { vi: "nhóm dân tộc", en: "ethnic groups" },
  PERIOD: { vi: "tháng", en: "months" },
};

/**
 * The marks a value carries, as the semantics give them: its bound (≥, ≤, ≈, a range), a partial
 * coverage when it is a sum of parts not all of which reported ("2/8 đơn vị"), its flags.
 */
export function badgesOf(
  v: Bounded & {
    derivation?: string;
    flags?: string[];
    coverage?: { covered: number; total: number; dimension: string | null } | null;
  },
  lang: Lang,
): Badge[] {
  const badges: Badge[] = [];
  const bound = v.qualifier && BOUND_BADGE[v.qualifier]?.[lang];
  if (v.value !== null && bound) badges.push({ kind: "bound", text: bound[0], title: bound[1] });
  const c = v.coverage;
  if (v.value !== null && c && c.total > 0 && c.covered < c.total) {
    const what = DIMENSION[c.dimension ?? ""]?.[lang] ?? "";
    badges.push({
      kind: "coverage",
      text: `${c.covered}/${c.total} ${what}`.trim(),
      title:
        lang === "vi"
          ? `Tổng của ${c.covered} trên ${c.total} ${what} có báo cáo: giá trị thật có thể lớn hơn`
          : `Sum of the ${c.covered} of ${c.total} ${what} that reported: the true value may be higher`,
    });
  }
  // NO_DATA is said by the value itself, PARTIAL_COVERAGE by the coverage badge with its numbers
  for (const flag of v.flags ?? [])
    if (flag !== "NO_DATA" && flag !== "PARTIAL_COVERAGE")
      badges.push({
        kind: "flag",
        text: messageIn(lang, `flag.${flag}`) ?? flag.toLowerCase().replace(/_/g, " "),
        title: messageIn(lang, `flagHelp.${flag}`) ?? flag,
      });
  return badges;
}
