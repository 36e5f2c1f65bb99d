import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type {
  AnalyticsColumn as ColumnData,
  AnalyticsRowData,
  AnalyticsValueData,
  Expansion,
} from "../../query/analytics/types.ts";
import { DateScalar, DateTimeScalar, DecimalScalar } from "../scalars/index.ts";
import { Boundaries } from "./boundaries.ts";
import { Coverage, MatchedCoverage } from "./comparison.ts";
import { FigureKind } from "./figure-kind.ts";
import { Qualifier } from "./qualifier.ts";

@ObjectType({ description: "A measure column of an analytics table." })
export class AnalyticsColumn implements ColumnData {
  @Field(() => String, {
    description: 'The column\'s name in rows, orderBy, having and CSV: the code, "code/per" or "code:plan".',
  })
  name!: string;

  @Field(() => String, { description: "The column's name again (as `name`), as rows' values name it." })
  measure!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String, { nullable: true })
  per!: string | null;

  @Field(() => Boolean)
  againstPlan!: boolean;

  @Field(() => String, {
    description: 'The unit of the values ("VND", "PERCENT", "VND/HOUSEHOLD" for a `per` column).',
  })
  unit!: string;

  @Field(() => String, { description: "SUM, RATIO or NONE (a `per` column is a RATIO)." })
  aggregation!: string;

  @Field(() => Boolean, {
    description: "Whether it adds up over time (a flow) or not (a stock: households, loans outstanding).",
  })
  flow!: boolean;

  @Field(() => [String], {
    description:
      "The dimensions over which values may be added: PLACE, ETHNICITY, PROGRAMME (not for households or persons: one household gets several kinds of support), PERIOD (flows only). Empty for ratios.",
  })
  additiveOver!: string[];
}

@ObjectType({ description: "An inclusive date range." })
export class PeriodSpan {
  @Field(() => DateScalar)
  start!: string;

  @Field(() => DateScalar)
  end!: string;

  @Field(() => String, { description: 'The shortest period string ("2022", "2024-01-01").' })
  label!: string;
}

@ObjectType({
  description:
    "One measure's value in a row: the same cell `compare` gives (qualifier, bounds, derivation, coverage, provenance).",
})
export class AnalyticsValue {
  @Field(() => String, { description: "The column name." })
  measure!: string;

  @Field(() => DecimalScalar, { nullable: true })
  value!: unknown;

  @Field(() => DecimalScalar, { nullable: true, description: "Lower bound from the qualifiers (null: unbounded)." })
  lower!: unknown;

  @Field(() => DecimalScalar, { nullable: true, description: "Upper bound from the qualifiers (null: unbounded)." })
  upper!: unknown;

  @Field(() => Qualifier, { nullable: true })
  qualifier!: string | null;

  @Field(() => String, { description: "REPORTED, SUM_OF_PARTS, RATIO_OF_SUMS or NO_DATA." })
  derivation!: string;

  @Field(() => Float, { nullable: true, description: "For rates, `per` and `againstPlan`: the ratio as a fraction." })
  ratio!: number | null;

  @Field(() => DecimalScalar, { nullable: true })
  numerator!: unknown;

  @Field(() => DecimalScalar, { nullable: true })
  denominator!: unknown;

  @Field(() => MatchedCoverage, {
    nullable: true,
    description: "As in `compare`: for a ratio, how much of each side it stands on.",
  })
  matchedCoverage!: MatchedCoverage | null;

  @Field(() => String, {
    nullable: true,
    description: "As in `compare`: why there is no value, or what a ratio left out.",
  })
  reason!: string | null;

  @Field(() => Coverage)
  coverage!: Coverage;

  @Field(() => [String], {
    description: "As in `compare`, plus HAVING_UNCERTAIN (the bounds straddle a `having` threshold).",
  })
  flags!: string[];

  @Field(() => [String], { description: "As in `compare`: the poverty standards of the value's figures." })
  povertyStandards!: string[];

  @Field(() => [ID])
  figureIds!: string[];
}

@ObjectType({ description: "One place × period (× programme × ethnic group × kind), with a value per measure column." })
export class AnalyticsRow {
  placeKey!: string;

  @Field(() => [String], { description: "The selectors that named this place." })
  requested!: string[];

  @Field(() => String)
  programme!: string;

  @Field(() => String)
  ethnicity!: string;

  @Field(() => FigureKind)
  kind!: string;

  @Field(() => [AnalyticsValue])
  values!: AnalyticsValueData[];
}

@ObjectType({ description: "What a query expanded into: its price follows it." })
export class AnalyticsExpansion implements Expansion {
  @Field(() => Int) places!: number;
  @Field(() => Int) periods!: number;
  @Field(() => Int) ethnicities!: number;
  @Field(() => Int) programmes!: number;
  @Field(() => Int) kinds!: number;
  @Field(() => Int) measures!: number;
  @Field(() => Int) cells!: number;
}

@ObjectType({ description: "One line of a pivot table." })
export class PivotRow {
  @Field(() => [String], { description: "The values of the dimensions down the side." })
  labels!: string[];

  @Field(() => [String], {
    nullable: "items",
    description: 'A value per column (qualifier first when not EXACT, "AT_LEAST 35000"; null: no data).',
  })
  cells!: (string | null)[];
}

@ObjectType({
  description: "A pivot table (DHIS2's tableLayout): the chosen dimensions down the side, the others across.",
})
export class PivotTable {
  @Field(() => [String], { description: "The dimension names down the side, then one label per column." })
  header!: string[];

  @Field(() => [PivotRow])
  rows!: PivotRow[];

  @Field(() => String)
  csv!: string;
}

@ObjectType({ description: "One table: rows in long format, a value per measure column in each." })
export class Analytics {
  @Field(() => Int, { description: "Rows before limit and offset." })
  total!: number;

  @Field(() => [AnalyticsColumn])
  columns!: ColumnData[];

  @Field(() => [AnalyticsRow])
  rows!: AnalyticsRowData[];

  @Field(() => String, { description: "ROLLUP or FACTS." })
  servedFrom!: string;

  @Field(() => Boundaries)
  boundaries!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  asOf!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  computedAt!: Date | null;

  @Field(() => AnalyticsExpansion)
  expansion!: Expansion;
}
