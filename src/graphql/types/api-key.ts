import { Field, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../scalars/index.ts";

@ObjectType({ description: "An API key as editors see it: never the key itself (only its hash is stored)." })
export class ApiKeyInfo {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) role!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "Set once revoked: the key is refused from then on." })
  revokedAt!: Date | null;
}
