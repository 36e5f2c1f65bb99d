import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../scalars/index.ts";

/** What every view of a stored report shows: a document of its own, or the source of a figure. */
@ObjectType()
export abstract class DocumentFields {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  sourceKey!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  publisher!: string | null;

  @Field(() => String, { nullable: true })
  author!: string | null;

  @Field(() => DateScalar, { nullable: true })
  publishedAt!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  fileName!: string | null;

  @Field(() => Int, { description: "1 when first imported, +1 with every change." })
  version!: number;

  @Field(() => DateTimeScalar)
  importedAt!: Date;
}
