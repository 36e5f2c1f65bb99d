/**
 * Writing synthetic values the way Vietnamese reports do, in forms src/ingest/parse/vn-number.ts
 * reads back to the same value and qualifier: "12.345 hộ", "hơn 2 tỷ 044 triệu đồng", "7,96%",
 * "125,5 tấn gạo", "727/700 lao động".
 */
import type { Qualifier } from "../parse/vn-number.ts";
import type { Step } from "./values.ts";

/** Digits grouped by '.': 1234567 → "1.234.567". */
export function dots(n: number): string {
  const s = String(Math.trunc(n));
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ".";
    out += s[i];
  }
  return out;
}

const QUALIFIER_WORDS: Record<Qualifier, readonly string[]> = {
  EXACT: [""],
  AT_LEAST: ["hơn ", "trên "],
  AT_MOST: ["dưới ", "chưa đến "],
  NEARLY: ["gần "],
  ABOUT: ["khoảng ", "xấp xỉ "],
};

export function qualifierWord(q: Qualifier, variant: number): string {
  const words = QUALIFIER_WORDS[q];
  return words[variant % words.length];
}

/**
 * A qualified figure is a round number on the right side of the truth: "hơn 12.000" for 12.345,
 * "gần 12.400". Small values stay as they are.
 */
export function roundForQualifier(steps: number, q: Qualifier, step: Step): number {
  if (q === "EXACT") return steps;
  const digits = Math.floor(Math.log10(Math.max(1, steps))) + 1;
  const keep = step === "HUNDREDTH" ? 2 : 3;
  if (digits <= keep) return steps;
  const unitSize = 10 ** (digits - keep);
  const down = Math.floor(steps / unitSize) * unitSize;
  const up = Math.ceil(steps / unitSize) * unitSize;
  if (q === "AT_LEAST") return down === steps ? steps : down;
  if (q === "NEARLY" || q === "AT_MOST") return up;
  return steps - down < up - steps ? down : up;
}

/** The stored value (a decimal string) of a value in steps. */
export function storedValue(steps: number, step: Step): string {
  switch (step) {
    case "COUNT":
      return String(steps);
    case "MILLION_VND":
      return `${steps}000000`;
    case "TENTH":
      return steps % 10 === 0 ? String(steps / 10) : `${Math.trunc(steps / 10)}.${steps % 10}`;
    case "HUNDREDTH":
      return steps % 100 === 0
        ? String(steps / 100)
        : `${Math.trunc(steps / 100)}.${String(steps % 100)
            .padStart(2, "0")
            .replace(/0$/, "")}`;
  }
}

/** The number as a report writes it, without qualifier. */
export function numberText(steps: number, step: Step, noun: string): string {
  switch (step) {
    case "COUNT":
      return `${dots(steps)} ${noun}`;
    case "TENTH":
      return `${decimalComma(steps, 10)} ${noun}`;
    case "HUNDREDTH":
      return `${decimalComma(steps, 100)}%`;
    case "MILLION_VND":
      return moneyText(steps);
  }
}

/** "12,5" from 125 tenths; "12" from 120. */
function decimalComma(steps: number, per: number): string {
  const whole = Math.trunc(steps / per);
  const frac = steps % per;
  if (frac === 0) return dots(whole);
  const digits = String(frac)
    .padStart(per === 100 ? 2 : 1, "0")
    .replace(/0$/, "");
  return `${dots(whole)},${digits}`;
}

/** Millions of đồng as reports write them: "450 triệu đồng", "2 tỷ 044 triệu đồng", "3,2 tỷ đồng", "15 tỷ đồng". */
export function moneyText(millions: number): string {
  if (millions < 1000) return `${dots(millions)} triệu đồng`;
  const billions = Math.trunc(millions / 1000);
  const rest = millions % 1000;
  if (rest === 0) return `${dots(billions)} tỷ đồng`;
  if (rest % 100 === 0 && billions < 100) return `${dots(billions)},${rest / 100} tỷ đồng`;
  return `${dots(billions)} tỷ ${String(rest).padStart(3, "0")} triệu đồng`;
}

/**
 * The classic slip the ingest flags: an amount in thousands written with "triệu" ("1.218.000 triệu
 * đồng" for 1.218.000 nghìn). Returns the text and the (wrong) value it states, in đồng.
 */
export function thousandsWrittenAsMillions(millions: number): { text: string; statedVnd: bigint } {
  const thousands = millions * 1000;
  return { text: `${dots(thousands)} triệu đồng`, statedVnd: BigInt(thousands) * 1_000_000n };
}
