import { Field, ObjectType } from "type-graphql";
import type { ProgrammeRecord } from "../../query/rows.ts";

@ObjectType({ description: "A programme or policy, in a tree rooted at ALL." })
export class Programme implements ProgrammeRecord {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  nameEn!: string;

  @Field(() => String, { nullable: true })
  parentCode!: string | null;
}
