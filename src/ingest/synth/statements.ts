/**
 * One synthetic figure as a report states it: the value of its cell (values.ts), a qualifier, the
 * text ("hơn 12.000 thẻ BHYT") and a short quote around it.
 */
import { LEVEL_FORM, type FigureRecord } from "../import/records.ts";
import type { Qualifier } from "../parse/vn-number.ts";
import { PLACE_SPACE } from "./geography.ts";
import type { SynthPeriod } from "./periods.ts";
import type { Topic } from "./topics.ts";
import { placeOf, stepOf, type EthnicityCell, type Unit, type ValueModel } from "./values.ts";
import { dots, numberText, qualifierWord, roundForQualifier, storedValue } from "./vn-format.ts";

export interface Ethnicity extends EthnicityCell {
  name: string;
}

export type FigureKind = "ACTUAL" | "PLAN";

/** A figure as it goes into the table (the document id is added by the writer): a stored figure record, in load order. */
export interface SynthFigure extends FigureRecord {
  /** Position in the figure table's largest index (measure, kind, place, period start), as a number: the load order. */
  order: number;
  kind: FigureKind;
}

/** A figure before its key: with its cell id, for the one-figure-per-cell rule of a report. */
export interface Statement {
  cell: number;
  topic: Topic;
  unit: Unit;
  ethnicity: Ethnicity;
  period: SynthPeriod;
  plan: boolean;
  /** The cell's value in steps (before any qualifier rounding). */
  steps: number;
  figure: Omit<SynthFigure, "key">;
}

/** Where a figure sorts in the index on (measure_code, kind, place_key, period_start): below 2^31. */
export function indexOrder(u: Unit, t: Topic, p: SynthPeriod, plan: boolean): number {
  return ((t.measureRank * 2 + (plan ? 1 : 0)) * PLACE_SPACE + placeOf(u).index) * 128 + p.startRank;
}

/** A number for each cell of a report: place, topic, ethnicity, period, kind (below 2^38: exact in a double). */
export function cellId(u: Unit, t: Topic, e: Ethnicity, p: SynthPeriod, plan: boolean): number {
  return (((placeOf(u).index * 128 + t.index) * 64 + e.index) * 128 + p.index) * 2 + (plan ? 1 : 0);
}

/**
 * Qualifiers as reports use them: tables of districts almost always exact, sentences less often
 * ("hơn 12.000 thẻ"); about 85 % exact overall.
 */
const QUALIFIER_CUTS: [number, Qualifier][] = [
  [0.78, "EXACT"],
  [0.85, "AT_LEAST"],
  [0.905, "ABOUT"],
  [0.96, "NEARLY"],
  [1, "AT_MOST"],
];
const TABLE_EXACT = 0.95;

export function drawQualifier(u: number, table: boolean): Qualifier {
  if (table && u < TABLE_EXACT) return "EXACT";
  const exact = QUALIFIER_CUTS[0][0];
  const x = table ? exact + ((u - TABLE_EXACT) / (1 - TABLE_EXACT)) * (1 - exact) : u;
  return QUALIFIER_CUTS.find(([cut]) => x < cut)![1];
}

export function ethnicityPhrase(e: Ethnicity): string {
  if (e.code === "ALL") return "";
  if (e.code === "DTTS") return " (đồng bào dân tộc thiểu số)";
  return ` (dân tộc ${e.name})`;
}

export function quoteFor(t: Topic, u: Unit, e: Ethnicity, p: SynthPeriod, plan: boolean, text: string): string {
  const where = `${placeOf(u).label}${ethnicityPhrase(e)}`;
  const what = t.phrase.replace("{v}", text);
  return plan ? `Kế hoạch ${p.text}, ${where}: ${what}.` : `${where}, ${p.text}: ${what}.`;
}

/** The statement of a cell, or null when the topic cannot be stated there. `u` draws the qualifier and its wording. */
export function statement(
  model: ValueModel,
  t: Topic,
  unit: Unit,
  e: Ethnicity,
  period: SynthPeriod,
  plan: boolean,
  u: number,
  table: boolean,
): Statement | null {
  const steps = model.value(t, unit, e, period, plan);
  if (steps === null) return null;
  const step = stepOf(t);
  const qualifier = drawQualifier(u, table);
  const stated = roundForQualifier(steps, qualifier, step);
  const rawText = `${qualifierWord(qualifier, Math.floor(u * 1000))}${numberText(stated, step, t.noun)}`;
  return cellStatement(t, unit, e, period, plan, steps, {
    value: storedValue(stated, step),
    qualifier,
    rawText,
    quote: quoteFor(t, unit, e, period, plan, rawText),
  });
}

/** "727/700 lao động": the actual and the plan of one cell in one text, stated by both figures. */
export function actualAgainstPlan(
  model: ValueModel,
  t: Topic,
  unit: Unit,
  e: Ethnicity,
  period: SynthPeriod,
): [Statement, Statement] | null {
  if (stepOf(t) !== "COUNT") return null;
  const actual = model.value(t, unit, e, period, false);
  const plan = model.value(t, unit, e, period, true);
  if (actual === null || plan === null) return null;
  const rawText = `${dots(actual)}/${dots(plan)} ${t.noun}`;
  const quote = `${placeOf(unit).label}${ethnicityPhrase(e)}, ${period.text}: ${t.phrase.replace("{v}", rawText)} (thực hiện/kế hoạch).`;
  const make = (isPlan: boolean, steps: number): Statement =>
    cellStatement(t, unit, e, period, isPlan, steps, { value: String(steps), qualifier: "EXACT", rawText, quote });
  return [make(false, actual), make(true, plan)];
}

/** The statement of a cell whose figure is `said`: its stored value, qualifier, text and quote. */
function cellStatement(
  t: Topic,
  unit: Unit,
  e: Ethnicity,
  period: SynthPeriod,
  plan: boolean,
  steps: number,
  said: { value: string; qualifier: Qualifier; rawText: string; quote: string },
): Statement {
  return {
    cell: cellId(unit, t, e, period, plan),
    topic: t,
    unit,
    ethnicity: e,
    period,
    plan,
    steps,
    figure: {
      order: indexOrder(unit, t, period, plan),
      placeKey: placeOf(unit).key,
      ethnicityCode: e.code,
      programmeCode: t.programme,
      measureCode: t.measure.code,
      periodStart: period.start,
      periodEnd: period.end,
      kind: plan ? "PLAN" : "ACTUAL",
      ...said,
      flags: [],
      flagReason: null,
      suggestedValue: null,
      ...LEVEL_FORM,
    },
  };
}
