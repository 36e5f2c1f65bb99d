import { Field, InputType } from "type-graphql";
import { DateTimeScalar } from "../scalars/index.ts";
import { FigureKind } from "./figure-kind.ts";

@InputType({ description: "Every given criterion must hold. Empty lists do not filter." })
export class FigureFilter {
  @Field(() => [String], {
    nullable: true,
    description:
      'Place keys or official codes; a code selects every unit that held it ("80": Long An and the new Tây Ninh).',
  })
  placeCodes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Place name, with or without diacritics ("Bac Thong").' })
  placeName?: string | null;

  @Field(() => [String], { nullable: true })
  measureCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  programmeCodes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Ethnicity code: "ALL", "DTTS", "01" …' })
  ethnicity?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Figures whose period lies within this one: "2022", "2021-2025", "2023-01/2024-05", "2024-01-01".',
  })
  period?: string | null;

  @Field(() => FigureKind, { nullable: true })
  kind?: FigureKind | null;

  @Field(() => Boolean, { nullable: true, description: "Include figures flagged IMPLAUSIBLE (default false)." })
  includeFlagged?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Also figures of descendant places (as reported) and descendant programmes (default false).",
  })
  includeDescendants?: boolean | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "The figures as they stood at that moment, before later corrections and deletions (from the audit trail). A figure deleted since has a negative id.",
  })
  asOf?: Date | null;

  @Field(() => String, { nullable: true, description: "Only the figures of this document (its sourceKey)." })
  document?: string | null;
}
