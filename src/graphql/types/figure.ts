import { Field, ID, ObjectType } from "type-graphql";
import type { FigureRow } from "../../query/rows.ts";
import { DateScalar, DateTimeScalar, DecimalScalar } from "../scalars/index.ts";
import { FigureKind } from "./figure-kind.ts";
import { Qualifier } from "./qualifier.ts";

@ObjectType({ description: "One figure as a report stated it, with its provenance." })
export class Figure implements FigureRow {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { name: "key", description: "Stable within its document: a corrected re-import updates the figure with this key." })
  figureKey!: string;

  @Field(() => String, { name: "ethnicity", description: 'Ethnicity code ("ALL", "DTTS", "01" …); see ethnicGroup.' })
  ethnicityCode!: string;

  @Field(() => DateScalar)
  periodStart!: string;

  @Field(() => DateScalar, { description: "Inclusive." })
  periodEnd!: string;

  @Field(() => FigureKind)
  kind!: string;

  @Field(() => DecimalScalar, { description: "Exact; VND in đồng, percentages in percent." })
  value!: string;

  @Field(() => Qualifier)
  qualifier!: string;

  @Field(() => [String], { description: 'e.g. "IMPLAUSIBLE".' })
  flags!: string[];

  @Field(() => String, { nullable: true })
  flagReason!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "What the report probably meant, when a flagged value looks like a unit slip." })
  suggestedValue!: string | null;

  @Field(() => String, { description: "The figure as the report wrote it." })
  rawText!: string;

  @Field(() => String, { description: "The report's words stating it (verbatim)." })
  quote!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  createdAt!: Date;
  documentId!: number;
  placeKey!: string;
  programmeCode!: string;
  measureCode!: string;
}
