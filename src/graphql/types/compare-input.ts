import { Field, InputType, registerEnumType } from "type-graphql";
import { Boundaries } from "./boundaries.ts";
import { CompareDimension } from "./compare-dimension.ts";
import { FigureKind } from "./figure-kind.ts";

export enum CompareSource {
  AUTO = "AUTO",
  ROLLUP = "ROLLUP",
  FACTS = "FACTS",
}
registerEnumType(CompareSource, {
  name: "CompareSource",
  description: "AUTO: rollups when they are fresh for the request, else facts; ROLLUP or FACTS to force one.",
});

@InputType({
  description: "A comparison: one measure across places, and optionally ethnic groups, programmes and periods.",
})
export class CompareInput {
  @Field(() => String, { description: "A measure code (see `measures`)." })
  measure!: string;

  @Field(() => [String], {
    description:
      'Place keys ("P-80-2008"), official codes resolved against `period` ("80"), "code@YYYY-MM-DD", or names; any level, old and new units mixed.',
  })
  places!: string[];

  @Field(() => String, {
    nullable: true,
    description:
      '"2022", "2021-2025", "2023-01/2024-05", "2024-01-01": rows for the reported periods inside it. Omitted: every period.',
  })
  period?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A group code ("02"), "DTTS" (all minorities) or "ALL" (default).',
  })
  ethnicity?: string | null;

  @Field(() => String, { nullable: true, description: 'A programme code; default the root ("ALL").' })
  programme?: string | null;

  @Field(() => FigureKind, { nullable: true, description: "Default ACTUAL." })
  kind?: FigureKind | null;

  @Field(() => [CompareDimension], {
    nullable: true,
    description:
      "Break rows down by sub-groups, sub-programmes or child places. Every row is one period: as reported, or a flow's calendar year summed from the periods inside it.",
  })
  groupBy?: CompareDimension[] | null;

  @Field(() => Boundaries, {
    nullable: true,
    description: "AS_REPORTED (default) or CURRENT (old units re-expressed in the 34 provinces of 2025).",
  })
  boundaries?: Boundaries | null;

  @Field(() => String, {
    nullable: true,
    description: "A denominator measure (a count, e.g. poor_households): the value becomes Σ measure / Σ denominator.",
  })
  per?: string | null;

  @Field(() => Boolean, { nullable: true, description: "ratio = actual / plan of the same measure, place and period." })
  againstPlan?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Count figures flagged IMPLAUSIBLE too (answered from facts)." })
  includeFlagged?: boolean | null;

  @Field(() => CompareSource, { nullable: true })
  source?: CompareSource | null;
}
