/**
 * Reading figures as Vietnamese reports write them: the public API of the parser, for the import and
 * for extractors that find figures in running text. All pure, no database.
 *
 * - parseFigure(text): one figure's text → value (exact Decimal; VND in đồng, percent in percent),
 *   range end (valueHigh), "A/B" total or plan (outOf), qualifier, unit family (VND, PERCENT, COUNT,
 *   MULTIPLE), counted noun, estimate flag. Throws FigureParseError with a reason; never guesses.
 * - parseVnNumber(text): a plain numeral ("269.316" → 269316, "14,4" → 14.4).
 * - readValueForm(text, quote): what the sentence around the figure says: direction of a change,
 *   per year, share ("chiếm"), the base named after it, whether "A/B" is against a plan, estimate,
 *   the noun the sentence goes on with. Throws ValueFormError when the quote does not hold the text.
 * - unitOfNoun(noun) / occasionKindOfNoun(noun): the measure unit a counted noun implies ("lượt hộ" →
 *   OCCASION of households, "huyện" → DISTRICT), null when unknown.
 * - nounOf(rest): the counted noun at the start of a piece of text.
 *
 * What a figure then is (LEVEL, CHANGE, SHARE, …) depends on the measure too: src/rules/value-type.ts
 * (valueTypeOf), and its period in the report's words: src/rules/period.ts (resolvePeriodExpression).
 */
export { unitOfNoun, occasionKindOfNoun } from "./noun-units.ts";
export { readValueForm, ValueFormError, type Direction, type ValueForm } from "./value-form.ts";
export {
  FigureParseError,
  nounOf,
  parseFigure,
  parseVnNumber,
  type ParsedFigure,
  type Qualifier,
  type UnitFamily,
} from "./vn-number.ts";
