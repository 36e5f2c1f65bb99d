import { Field, ObjectType } from "type-graphql";
import type { MeasureRecord } from "../../query/rows.ts";
import { DecimalScalar } from "../scalars/index.ts";
import { Aggregation } from "./aggregation.ts";

@ObjectType({
  description:
    "What a figure counts, in which unit, and how it aggregates. A RATIO names its numerator and denominator.",
})
export class Measure implements MeasureRecord {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  nameEn!: string;

  @Field(() => String, { description: "PERSON, HOUSEHOLD, OCCASION (lượt), CARD, HOUSE, TONNE, VND, PERCENT …" })
  unit!: string;

  @Field(() => Aggregation)
  aggregation!: string;

  numeratorCode!: string | null;
  denominatorCode!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Plausibility bound: a single figure below it is flagged IMPLAUSIBLE.",
  })
  minValue!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Plausibility bound: a single figure above it is flagged IMPLAUSIBLE.",
  })
  maxValue!: string | null;

  @Field(() => Boolean, {
    description: "Adds up over time (a flow: cards issued); false for a stock (loans outstanding).",
  })
  flow!: boolean;

  @Field(() => Boolean, {
    description:
      "Adds up over programmes. False for beneficiary counts (persons, households, occasions): a household can get " +
      "a loan, a house and a card, so a total over programmes is a bounded value, not a sum.",
  })
  addsOverProgrammes!: boolean;

  @Field(() => [String], {
    nullable: true,
    description: "Programmes (with their sub-programmes) under which the measure can be reported; null for any.",
  })
  appliesTo!: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: "What one 'lượt' counts: PUPIL, HOUSEHOLD, PERSON or LOAN (OCCASION measures).",
  })
  occasionOf!: string | null;
}
