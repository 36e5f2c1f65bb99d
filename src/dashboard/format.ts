/**
 * Number, money, qualifier, date and period formatting for the dashboard, Vietnamese and English.
 * Pure and exact: the API sends decimals as strings ("1218000000000", "0.75"); they are shifted,
 * rounded and grouped as strings, never through a float, so a displayed digit is always the
 * API's digit (Vietnamese: "269.316", "3,2 tỷ đồng"; English: "269,316", "3.2 billion VND").
 */

export type Lang = "vi" | "en";
export type Qualifier = "EXACT" | "AT_LEAST" | "AT_MOST" | "ABOUT" | "NEARLY";

const SEPARATORS: Record<Lang, { group: string; decimal: string }> = {
  vi: { group: ".", decimal: "," },
  en: { group: ",", decimal: "." },
};

interface DecimalParts {
  negative: boolean;
  int: string;
  frac: string;
}

/** Splits a decimal string ("-1.5", "1218000000000", "1.2e+21", "7e-7") into sign and digits. */
export function parseDecimal(input: string | number): DecimalParts {
  const s = String(input).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`not a decimal number: "${s}"`);
  let int = m[2] || "0";
  let frac = m[3] ?? "";
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    frac = frac.padEnd(exp, "0");
    int += frac.slice(0, exp);
    frac = frac.slice(exp);
  } else if (exp < 0) {
    int = int.padStart(-exp + 1, "0");
    frac = int.slice(int.length + exp) + frac;
    int = int.slice(0, int.length + exp);
  }
  int = int.replace(/^0+(?=\d)/, "");
  frac = frac.replace(/0+$/, "");
  const negative = m[1] === "-" && /[1-9]/.test(int + frac);
  return { negative, int, frac };
}

function joinDecimal({ negative, int, frac }: DecimalParts): string {
  return (negative ? "-" : "") + int + (frac ? "." + frac : "");
}

/** value × 10^places, exactly ("3200000000", -9 → "3.2"). */
export function shiftDecimal(value: string | number, places: number): string {
  const p = parseDecimal(value);
  return joinDecimal(parseDecimal(`${p.negative ? "-" : ""}${p.int}.${p.frac || "0"}e${places}`));
}

/** Rounds half away from zero to `digits` fraction digits ("2.675", 2 → "2.68"). */
export function roundDecimal(value: string | number, digits: number): string {
  const p = parseDecimal(value);
  if (p.frac.length <= digits) return joinDecimal(p);
  const keep = p.int + p.frac.slice(0, digits);
  const roundUp = p.frac.charCodeAt(digits) >= 53; // "5"
  let digitsOut = keep;
  if (roundUp) {
    const arr = keep.split("").map(Number);
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === 9) {
        arr[i] = 0;
        i--;
      } else {
        arr[i]++;
        break;
      }
    }
    digitsOut = (i < 0 ? "1" : "") + arr.join("");
  }
  const intLen = digitsOut.length - digits;
  return joinDecimal(
    parseDecimal(`${p.negative ? "-" : ""}${digitsOut.slice(0, intLen) || "0"}.${digitsOut.slice(intLen)}`),
  );
}

export interface NumberOptions {
  /** Fraction digits kept at most (rounded half away from zero); default 2. */
  maxFraction?: number;
  /** Fraction digits always shown (padded with zeros); default 0. */
  minFraction?: number;
}

/** Groups thousands and localises the decimal mark: "269316" → "269.316" (vi) / "269,316" (en). */
export function formatNumber(value: string | number, lang: Lang, opts: NumberOptions = {}): string {
  const { maxFraction = 2, minFraction = 0 } = opts;
  const p = parseDecimal(roundDecimal(value, maxFraction));
  const sep = SEPARATORS[lang];
  const int = p.int.replace(/\B(?=(\d{3})+(?!\d))/g, sep.group);
  const frac = p.frac.padEnd(minFraction, "0");
  return (p.negative ? "−" : "") + int + (frac ? sep.decimal + frac : "");
}

/** The money scales a VND amount is written in: đồng, triệu (10^6), tỷ (10^9). */
export type MoneyPower = 0 | 6 | 9;

const MONEY_UNIT: Record<Lang, Record<MoneyPower, string>> = {
  vi: { 0: "đồng", 6: "triệu đồng", 9: "tỷ đồng" },
  en: { 0: "VND", 6: "million VND", 9: "billion VND" },
};

/** The largest scale the amount reaches (at least one whole unit of it). */
export function moneyPower(value: string | number): MoneyPower {
  const digits = parseDecimal(value).int.replace(/^0+/, "").length;
  return digits >= 10 ? 9 : digits >= 7 ? 6 : 0;
}

export function moneyUnit(power: MoneyPower, lang: Lang): string {
  return MONEY_UNIT[lang][power];
}

/**
 * "3200000000" → "3,2 tỷ đồng" / "3.2 billion VND"; "850000" → "850.000 đồng". `power` fixes the
 * scale (for an axis); `maxFraction` is the digits kept after the scale's unit (default 3).
 */
export function formatMoney(
  value: string | number,
  lang: Lang,
  opts: { power?: MoneyPower; maxFraction?: number; unit?: boolean } = {},
): string {
  const power = opts.power ?? moneyPower(value);
  const n = formatNumber(shiftDecimal(value, -power), lang, { maxFraction: power === 0 ? 0 : (opts.maxFraction ?? 3) });
  return opts.unit === false ? n : `${n} ${MONEY_UNIT[lang][power]}`;
}

export const QUALIFIER_SYMBOL: Record<Qualifier, string> = {
  EXACT: "",
  AT_LEAST: "≥",
  AT_MOST: "≤",
  ABOUT: "≈",
  NEARLY: "≈",
};

/** "≥ 68.000", "≈ 3,2 tỷ đồng"; exact values get no symbol. */
export function withQualifier(text: string, qualifier: Qualifier | null | undefined): string {
  const symbol = qualifier ? QUALIFIER_SYMBOL[qualifier] : "";
  return symbol ? `${symbol} ${text}` : text;
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function ymd(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not a date: "${iso}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** "2022-12-28" → "28/12/2022" (vi) / "28 Dec 2022" (en). */
export function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = ymd(iso);
  return lang === "vi"
    ? `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`
    : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

function formatMonth(y: number, m: number, lang: Lang): string {
  return lang === "vi" ? `${String(m).padStart(2, "0")}/${y}` : `${MONTHS_EN[m - 1]} ${y}`;
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * The shortest name of a period: "2021", "2016–2020", "05/2024", "01/2023–05/2024" or a day
 * ("01/01/2024", a stock on that date); English months spelled out. Null ends: "—".
 */
export function formatPeriod(start: string | null | undefined, end: string | null | undefined, lang: Lang): string {
  if (!start || !end) return "—";
  const [ys, ms, ds] = ymd(start);
  const [ye, me, de] = ymd(end);
  if (start === end) return formatDate(start, lang);
  const wholeMonths = ds === 1 && de === lastDayOfMonth(ye, me);
  if (wholeMonths && ms === 1 && me === 12) return ys === ye ? String(ys) : `${ys}–${ye}`;
  if (wholeMonths)
    return ys === ye && ms === me
      ? formatMonth(ys, ms, lang)
      : `${formatMonth(ys, ms, lang)}–${formatMonth(ye, me, lang)}`;
  return `${formatDate(start, lang)}–${formatDate(end, lang)}`;
}

/** Days in an inclusive period. */
export function periodDays(start: string, end: string): number {
  const [ys, ms, ds] = ymd(start);
  const [ye, me, de] = ymd(end);
  return Math.round((Date.UTC(ye, me - 1, de) - Date.UTC(ys, ms - 1, ds)) / 86_400_000) + 1;
}

/** Compact axis ticks: 250000 → "250.000" (vi); fractions only when the step needs them. */
export function formatTick(value: number, lang: Lang): string {
  const abs = Math.abs(value);
  const digits = abs === 0 || abs >= 100 ? 0 : abs >= 1 ? 1 : 3;
  return formatNumber(value.toFixed(digits + 2), lang, { maxFraction: digits });
}
