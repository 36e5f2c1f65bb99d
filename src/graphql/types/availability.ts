import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { AvailabilityRow } from "../../query/availability.ts";
import { FigureKind } from "./figure-kind.ts";
import { PlaceLevel } from "./place-level.ts";

export enum AvailabilityDimension {
  PLACE = "PLACE",
  MEASURE = "MEASURE",
  PROGRAMME = "PROGRAMME",
  PERIOD = "PERIOD",
  KIND = "KIND",
  DOCUMENT = "DOCUMENT",
}
registerEnumType(AvailabilityDimension, {
  name: "AvailabilityDimension",
  description: "What `dataAvailability` counts figures by.",
});

@InputType({ description: "Which figures to count. Every given criterion must hold." })
export class AvailabilityFilter {
  @Field(() => PlaceLevel, {
    nullable: true,
    description:
      "With `by: [PLACE]`: count each figure for its unit of this level (a district's figures for its province); figures above the level are left out.",
  })
  level?: PlaceLevel | null;

  @Field(() => String, { nullable: true, description: "A place and every unit under it." })
  place?: string | null;

  @Field(() => [String], { nullable: true })
  measures?: string[] | null;

  @Field(() => String, { nullable: true, description: "A programme and its sub-programmes." })
  programme?: string | null;

  @Field(() => String, { nullable: true, description: 'Figures whose period lies within this one ("2022").' })
  period?: string | null;

  @Field(() => FigureKind, { nullable: true })
  kind?: FigureKind | null;

  @Field(() => String, { nullable: true, description: "A document's sourceKey." })
  document?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Count figures flagged IMPLAUSIBLE too." })
  includeFlagged?: boolean | null;
}

@ObjectType({ description: "How many figures there are for one combination of the `by` dimensions (the others null)." })
export class AvailabilityEntry implements Omit<
  AvailabilityRow,
  "periodStart" | "periodEnd" | "placeKey" | "documentId" | "measure"
> {
  placeKey!: string | null;
  documentId!: number | null;
  periodStart!: string | null;
  periodEnd!: string | null;
  measureCode!: string | null;

  @Field(() => String, { nullable: true })
  programme!: string | null;

  @Field(() => FigureKind, { nullable: true })
  kind!: string | null;

  @Field(() => Int)
  figures!: number;

  @Field(() => Int, { description: "How many documents they come from." })
  documents!: number;

  @Field(() => [String], { description: "The measure codes among them." })
  measures!: string[];

  @Field(() => [String], { description: 'The periods they cover, in order ("2022", "2023-01/2024-05").' })
  periods!: string[];
}
