import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { ComparisonRowData } from "../../query/compare/types.ts";
import { DateScalar, DateTimeScalar, DecimalScalar } from "../scalars/index.ts";
import { Boundaries } from "./boundaries.ts";
import { Qualifier } from "./qualifier.ts";

// simpleResolvers: the plain fields of an answer are read straight from its objects (graphql-jit
// compiles the read inline) instead of through a type-graphql resolver each: a comparison has
// hundreds of them. Only for types without middleware or @Authorized on their fields.

@ObjectType({
  simpleResolvers: true,
  description: "How many children contributed to a sum, out of how many exist (for PERIOD: months of the year).",
})
export class Coverage {
  @Field(() => Int)
  covered!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => String, {
    nullable: true,
    description: "PLACE, PROGRAMME, ETHNICITY or PERIOD (the months of a calendar year): what was summed.",
  })
  dimension!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "Coverage through the levels, for one child of the row: of the units at the lowest level a figure reaches under the row " +
    '(the districts, the communes; for ethnicity the single groups), how many under this child have a figure ("1 of 8 ' +
    'districts of old Bắc Kạn"). A unit whose own total is reported covers everything under it.',
})
export class LeafCoverage {
  @Field(() => String, { description: "PLACE or ETHNICITY: the tree counted." })
  dimension!: string;

  @Field(() => String, { description: "The row's child (a place key or a group code) the count is for." })
  child!: string;

  @Field(() => String, { nullable: true, description: 'What is counted: "DISTRICT", "COMMUNE", "GROUP" …' })
  level!: string | null;

  @Field(() => Int, { description: "How many levels below the row the counted units are (1: the children)." })
  depth!: number;

  @Field(() => Int)
  covered!: number;

  @Field(() => Int)
  total!: number;
}

@ObjectType({ simpleResolvers: true, description: "How much of one side of a ratio the ratio stands on." })
export class MatchedSide {
  @Field(() => DecimalScalar, { description: "The side over the cells that also have the other side." })
  matched!: unknown;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "The side over every cell of the row (the row's own value of that measure).",
  })
  whole!: unknown;

  @Field(() => Int, { description: "Cells with this side only, left out of the ratio (see the row's reason)." })
  leftOutCells!: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "A ratio's matched coverage: for each side, the matched sum beside the whole (727 of 756 actuals, 1 cell left out; " +
    "700 of 700 planned).",
})
export class MatchedCoverage {
  @Field(() => MatchedSide)
  numerator!: MatchedSide;

  @Field(() => MatchedSide)
  denominator!: MatchedSide;
}

@ObjectType({ simpleResolvers: true, description: "One place (× ethnicity × programme) for one reported period." })
export class ComparisonRow {
  placeKey!: string;

  @Field(() => [String], {
    description: "The references asked for that this row answers (an old unit re-expressed under CURRENT shows here).",
  })
  requested!: string[];

  @Field(() => String, { nullable: true })
  ethnicity!: string | null;

  @Field(() => String, { nullable: true })
  programme!: string | null;

  @Field(() => DateScalar, { nullable: true })
  periodStart!: string | null;

  @Field(() => DateScalar, { nullable: true })
  periodEnd!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "The figure; with `per`, the ratio of sums; null when nothing was reported.",
  })
  value!: unknown;

  @Field(() => DecimalScalar, { nullable: true, description: "Lower bound from the qualifiers (null: unbounded)." })
  lower!: unknown;

  @Field(() => DecimalScalar, { nullable: true, description: "Upper bound from the qualifiers (null: unbounded)." })
  upper!: unknown;

  @Field(() => Qualifier, { nullable: true })
  qualifier!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "With `per` or `againstPlan`, and for rates: the ratio as a fraction (0.0075 for 0.75 %).",
  })
  ratio!: number | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "For a ratio: the numerator over the cells that also have a denominator.",
  })
  numerator!: unknown;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "For a ratio: the denominator over the cells that also have a numerator.",
  })
  denominator!: unknown;

  @Field(() => Int, {
    nullable: true,
    description: "For a ratio: how many cells paired a numerator with a denominator.",
  })
  matchedCells!: number | null;

  @Field(() => MatchedCoverage, {
    nullable: true,
    description: "For a ratio: how much of each side it stands on (the rest was left out: see reason).",
  })
  matchedCoverage!: MatchedCoverage | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the row has no value, or what a ratio left out ("left out: actuals without a plan at CREDIT").',
  })
  reason!: string | null;

  @Field(() => String, {
    description:
      "REPORTED, SUM_OF_PARTS, BOUNDED_BY_PARTS (a union of overlapping parts: between lower and upper), RATIO_OF_SUMS or NO_DATA.",
  })
  derivation!: string;

  @Field(() => Coverage, { nullable: true })
  coverage!: Coverage | null;

  @Field(() => [String], {
    description:
      "FLAGGED_EXCLUDED, PARTIAL_COVERAGE, NO_DATA, NO_PLAN, NO_DENOMINATOR, UNMATCHED_LEFT_OUT (a ratio left cells out: see reason), " +
      "UNEVEN_COVERAGE (a ratio's two sides cover its cell differently over places or periods: see reason), " +
      "SOURCES_TRUNCATED, MIXED_POVERTY_STANDARDS (the row's figures were measured under several poverty standards), " +
      "POVERTY_STANDARDS_DIFFER (rows of this answer are under different poverty standards: not one series), " +
      "SPLIT_COMMUNE_LEFT_OUT (CURRENT: a 2025 commune's row before the reform leaves out an old commune split between several), " +
      "SPLIT_IN_2025 (CURRENT: an old commune split between 2025 communes, counted only in its province).",
  })
  flags!: string[];

  @Field(() => [String], {
    description:
      "For measures that depend on who is poor (poverty rates, poor households …): the poverty standards the row's figures " +
      "were measured under (INCOME_2011_2015, MULTIDIMENSIONAL_2016_2020, MULTIDIMENSIONAL_2022_2025); empty for other measures.",
  })
  povertyStandards!: string[];

  @Field(() => [ID], { description: "The figures behind the row (see `figures`)." })
  figureIds!: string[];
}

@ObjectType({ simpleResolvers: true })
export class Comparison {
  @Field(() => [ComparisonRow])
  rows!: ComparisonRowData[];

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the oldest rollup cell used was computed (now, when served from facts).",
  })
  computedAt!: Date | null;

  @Field(() => String, { description: "ROLLUP or FACTS." })
  servedFrom!: string;

  @Field(() => Boundaries)
  boundaries!: string;
}
