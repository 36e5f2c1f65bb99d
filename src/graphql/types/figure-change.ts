import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar, DecimalScalar, JSONScalar } from "../scalars/index.ts";

@ObjectType({
  description:
    "One recorded change of a figure: who, when, old → new (every import that inserts, corrects or deletes it).",
})
export class FigureChange {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { description: "Who imported the change (the import's actor or API key name)." })
  actor!: string;

  @Field(() => String, { description: "INSERT, UPDATE or DELETE." })
  action!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "The value before (null for an INSERT)." })
  oldValue!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "The value after (null for a DELETE)." })
  newValue!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "Every stored field before." })
  old!: Record<string, unknown> | null;

  @Field(() => JSONScalar, { nullable: true, description: "Every stored field after." })
  new!: Record<string, unknown> | null;

  @Field(() => [String], { description: "The fields that changed (value, qualifier, quote, period…)." })
  changes!: string[];
}
