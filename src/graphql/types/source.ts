import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../scalars/index.ts";

@ObjectType({
  description: "A report, the provenance of figures. `quote` and `figureId` are set when reached through a figure.",
})
export class Source {
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

  @Field(() => String, { nullable: true, description: "The report's words stating the figure (verbatim)." })
  quote!: string | null;

  @Field(() => ID, { nullable: true })
  figureId!: string | null;
}
