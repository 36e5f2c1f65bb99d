import { Field, Int, ObjectType } from "type-graphql";
import { DateScalar, DecimalScalar } from "../scalars/index.ts";
import { FigureKind } from "./figure-kind.ts";
import { ImportStatus } from "./import-status.ts";

@ObjectType({ description: "One reason a document cannot be imported." })
export class ImportRowError {
  @Field(() => Int, { description: "The figure's 1-based position in `figures`; 0 for the document as a whole." })
  row!: number;

  @Field(() => String, { description: 'The input field ("place", "text", "document.title" …).' })
  field!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true, description: "The figure's key, when the row has one." })
  key?: string | null;
}

@ObjectType({ description: "A figure stored with the IMPLAUSIBLE flag (left out of aggregates unless asked for)." })
export class FlaggedFigureInfo {
  @Field(() => Int, { description: "The figure's 1-based position in `figures` (CSV: its line)." })
  row!: number;

  @Field(() => String)
  key!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "What the report probably meant, when a unit slip is likely.",
  })
  suggestedValue!: string | null;
}

@ObjectType({ description: "One measure, kind and period: the unit of rollup refresh." })
export class RollupSlice {
  @Field(() => String)
  measureCode!: string;

  @Field(() => FigureKind)
  kind!: string;

  @Field(() => DateScalar)
  periodStart!: string;

  @Field(() => DateScalar)
  periodEnd!: string;
}

@ObjectType({
  description: "What an import did. With status ERROR nothing was written and `errors` lists every problem.",
})
export class ImportSummary {
  @Field(() => ImportStatus)
  status!: string;

  @Field(() => Int, { nullable: true })
  documentId!: number | null;

  @Field(() => String, { nullable: true })
  sourceKey!: string | null;

  @Field(() => Int, { nullable: true })
  version!: number | null;

  @Field(() => Int, { description: "Figures inserted." })
  imported!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  deleted!: number;

  @Field(() => Int, { description: "Figures already stored exactly so." })
  ignored!: number;

  @Field(() => Int, { description: "Figures stored with the IMPLAUSIBLE flag." })
  flagged!: number;

  @Field(() => Int, { description: "Figures the report states that could not be recorded, kept with their reasons." })
  notRecorded!: number;

  @Field(() => [ImportRowError])
  errors!: ImportRowError[];

  @Field(() => [FlaggedFigureInfo], { description: "The figures stored with the IMPLAUSIBLE flag, and why." })
  flaggedFigures!: FlaggedFigureInfo[];

  @Field(() => [RollupSlice], { description: "Rollup slices the import changed." })
  touched!: RollupSlice[];

  @Field(() => Boolean, { description: "Only tried: nothing was kept." })
  dryRun!: boolean;

  @Field(() => Boolean, {
    description: "Whether the refresh of the touched rollup slices was queued (they are marked dirty either way).",
  })
  rollupRefreshQueued!: boolean;
}
