/**
 * A value written by its unit: money in đồng/triệu/tỷ, households and persons as counts with their noun,
 * percentages with "%". Households are never money (the per-household view once read "3.600 đồng").
 */
import { formatMoney, formatNumber, withQualifier, type Lang, type Qualifier } from "../format.ts";

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
