import { Field, ID, ObjectType } from "type-graphql";
import type { FigureRow } from "../../query/rows.ts";
import { DateScalar, DateTimeScalar, DecimalScalar } from "../scalars/index.ts";
import { FigureKind } from "./figure-kind.ts";
import { Qualifier } from "./qualifier.ts";
import { CapitalType, FundingSource, ValueType } from "./value-type.ts";

@ObjectType({ description: "One figure as a report stated it, with its provenance." })
export class Figure implements FigureRow {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    name: "key",
    description: "Stable within its document: a corrected re-import updates the figure with this key.",
  })
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

  @Field(() => ValueType, { description: "What `value` is; only LEVEL figures are added up by comparisons." })
  valueType!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The high end of a range ("4 – 4,5%"): `value` is the low end.',
  })
  valueHigh!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'COUNT_OF_TOTAL: the total the count is out of ("6/11 huyện" → 11).',
  })
  total!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What a share, multiple or change is of or against, as the report says.",
  })
  base!: string | null;

  @Field(() => Boolean, { description: 'The report gives it as an estimate ("ước", "dự kiến").' })
  estimated!: boolean;

  @Field(() => FundingSource, { nullable: true, description: "Money from one source only (a part of the total)." })
  fundingSource!: string | null;

  @Field(() => CapitalType, { nullable: true, description: "Money of one capital type only (a part of the total)." })
  capitalType!: string | null;

  @Field(() => [String], { description: 'e.g. "IMPLAUSIBLE".' })
  flags!: string[];

  @Field(() => String, { nullable: true })
  flagReason!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "What the report probably meant, when a flagged value looks like a unit slip.",
  })
  suggestedValue!: string | null;

  @Field(() => String, { description: "The figure as the report wrote it." })
  rawText!: string;

  @Field(() => String, { description: "The report's words stating it (verbatim)." })
  quote!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  createdAt!: Date;
  /** As stated by the import; the field `povertyStandard` (FigureResolver) says which standard applies. */
  povertyStandard!: string | null;
  documentId!: number;
  placeKey!: string;
  programmeCode!: string;
  measureCode!: string;
}
