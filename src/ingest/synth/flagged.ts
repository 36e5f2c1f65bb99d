/**
 * The small share of synthetic figures that carry a reporting mistake, flagged the way the ingest
 * flags them: the figures of the mistake's cell go through the ingest's own plausibility check
 * (src/ingest/validate/plausibility.ts) on their parsed text, and the verdict (IMPLAUSIBLE, the
 * reason, the suggested correction) is stored with them. Three mistakes, as in real reports:
 * - "triệu" written for "nghìn": an amount a thousand times too large for its beneficiaries;
 * - a rate with its decimal comma lost ("796%" for "7,96%");
 * - a trailing zero too many on the poor households, now above all households.
 */
import { Decimal } from "decimal.js";
import { parseFigure } from "../parse/vn-number.ts";
import {
  ceilingFor,
  POPULATION_MEASURES,
  validateDocumentFigures,
  type FigureToValidate,
} from "../validate/plausibility.ts";
import type { SynthPeriod } from "./periods.ts";
import type { Stream } from "./random.ts";
import { quoteFor, statement, type Ethnicity, type Statement } from "./statements.ts";
import { TOPICS_BY_PROGRAMME, topicFor, type Topic } from "./topics.ts";
import type { Unit, ValueModel } from "./values.ts";
import { dots, thousandsWrittenAsMillions } from "./vn-format.ts";

const BENEFICIARY_UNITS = new Set(["PERSON", "HOUSEHOLD", "OCCASION", "CARD", "HOUSE", "GIFT"]);

/** Programmes with an amount and a count of beneficiaries stated together, as [count, amount] topic pairs. */
const MONEY_PAIRS: [Topic, Topic][] = [...TOPICS_BY_PROGRAMME.values()].flatMap((topics) => {
  const money = topics.find((t) => t.measure.code === "spending_vnd");
  const counts = topics.filter(
    (t) => BENEFICIARY_UNITS.has(t.measure.unit) && !POPULATION_MEASURES.has(t.measure.code) && t.kind === "count",
  );
  // Only counts large enough that the amount a thousand times smaller is plausible for them: the
  // ingest then suggests it (a slip against "8 hộ tái nghèo" would have no clear correction).
  const plausible = (c: Topic) =>
    money !== undefined &&
    ceilingFor(money.programme)
      .perUnit.times(c.base)
      .greaterThanOrEqualTo(2 * money.base);
  return money ? counts.filter(plausible).map((c): [Topic, Topic] => [c, money]) : [];
});
const RATE = topicFor("ALL", "poverty_rate")!;
const HOUSEHOLDS = topicFor("ALL", "households")!;
const POOR = topicFor("ALL", "poor_households")!;

export interface FlagContext {
  model: ValueModel;
  stream: Stream;
  period: SynthPeriod;
  /** Where the report states figures of this ethnicity mode. */
  pickUnit: () => Unit;
  pickEthnicity: (t: Topic) => Ethnicity;
  /** Whether the report has no figure in the cell yet. */
  isFree: (cell: number) => boolean;
  /** The key the first figure of the group will get: the reason names the counted figure by its key. */
  keyOf: (i: number) => string;
}

/** One mistake with the figures of its cell (one of them flagged), or null when none fits this draw. */
export function flaggedStatements(ctx: FlagContext): Statement[] | null {
  const { period, stream } = ctx;
  const r = stream.next();
  const yearly = period.type === "YEAR";
  const inYear = (t: Topic) => t.fromYear <= period.year && period.year <= t.toYear && (yearly || t.subYear);
  if (yearly && r < 0.2) return rateTypo(ctx);
  if (yearly && r < 0.4) return extraZero(ctx);
  const pairs = MONEY_PAIRS.filter(([c, m]) => inYear(c) && inYear(m));
  if (!pairs.length) return null;
  const [countTopic, moneyTopic] = stream.pick(pairs);
  const unit = ctx.pickUnit();
  const e = ctx.pickEthnicity(countTopic);
  const count = statement(ctx.model, countTopic, unit, e, period, false, 0, true);
  const money = statement(ctx.model, moneyTopic, unit, e, period, false, 0, true);
  if (!count || !money) return null;
  const slip = thousandsWrittenAsMillions(money.steps);
  money.figure = {
    ...money.figure,
    value: slip.statedVnd.toString(),
    rawText: slip.text,
    quote: quoteFor(moneyTopic, unit, e, period, false, slip.text),
  };
  return judged(ctx, [count, money], money);
}

function rateTypo(ctx: FlagContext): Statement[] | null {
  const unit = ctx.pickUnit();
  const s = statement(ctx.model, RATE, unit, ctx.pickEthnicity(RATE), ctx.period, false, 0, true);
  if (!s || s.steps < 101) return null;
  const text = `${s.steps}%`;
  s.figure = {
    ...s.figure,
    value: String(s.steps),
    rawText: text,
    quote: quoteFor(RATE, unit, s.ethnicity, ctx.period, false, text),
  };
  return judged(ctx, [s], s);
}

function extraZero(ctx: FlagContext): Statement[] | null {
  const unit = ctx.pickUnit();
  const e = ctx.pickEthnicity(POOR);
  const households = statement(ctx.model, HOUSEHOLDS, unit, e, ctx.period, false, 0, true);
  const poor = statement(ctx.model, POOR, unit, e, ctx.period, false, 0, true);
  if (!households || !poor || poor.steps * 10 <= households.steps) return null;
  const text = `${dots(poor.steps * 10)} ${POOR.noun}`;
  poor.figure = {
    ...poor.figure,
    value: String(poor.steps * 10),
    rawText: text,
    quote: quoteFor(POOR, unit, e, ctx.period, false, text),
  };
  return judged(ctx, [households, poor], poor);
}

/** Runs the ingest's check on the cell's figures: the mistake must be flagged and nothing else. */
function judged(ctx: FlagContext, statements: Statement[], mistake: Statement): Statement[] | null {
  if (!statements.every((s) => ctx.isFree(s.cell))) return null;
  const inputs: FigureToValidate[] = statements.map((s, i) => ({
    key: ctx.keyOf(i),
    measure: s.topic.measure,
    programmeCode: s.topic.programme,
    placeKey: s.figure.placeKey,
    ethnicityCode: s.figure.ethnicityCode,
    periodStart: s.period.start,
    periodEnd: s.period.end,
    kind: s.plan ? "PLAN" : "ACTUAL",
    parsed: parseFigure(s.figure.rawText),
  }));
  const verdicts = validateDocumentFigures(inputs);
  const ok = statements.every((s, i) => verdicts[i].flags.length > 0 === (s === mistake));
  if (!ok) return null;
  const v = verdicts[statements.indexOf(mistake)];
  mistake.figure = {
    ...mistake.figure,
    flags: [...v.flags],
    flagReason: v.flagReason,
    suggestedValue: v.suggestedValue ? new Decimal(v.suggestedValue).toFixed() : null,
  };
  return statements;
}
