import { Field, ID, ObjectType } from "type-graphql";
import { DocumentFields } from "./document-fields.ts";

@ObjectType({
  description: "A report, the provenance of figures. `quote` and `figureId` are set when reached through a figure.",
})
export class Source extends DocumentFields {
  @Field(() => String, { nullable: true, description: "The report's words stating the figure (verbatim)." })
  quote!: string | null;

  @Field(() => ID, { nullable: true })
  figureId!: string | null;
}
