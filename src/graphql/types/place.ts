import { Field, ID, ObjectType } from "type-graphql";
import type { PlaceRecord } from "../../query/rows.ts";
import { DateScalar } from "../scalars/index.ts";
import { PlaceLevel } from "./place-level.ts";

@ObjectType({
  simpleResolvers: true,
  description:
    "An administrative unit for its validity period. `key` is unambiguous; `code` is the official code, reused across periods.",
})
export class Place implements PlaceRecord {
  @Field(() => ID, { description: 'Unambiguous: "P-80-2008" is Long An, "P-80-2025" the new Tây Ninh.' })
  key!: string;

  @Field(() => String, {
    description: "The official code (GSO); the same code can name different units in different periods.",
  })
  code!: string;

  @Field(() => PlaceLevel)
  level!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "The name without diacritics, lower case." })
  nameAscii!: string;

  @Field(() => String, { nullable: true, description: "Kind of unit as named locally (huyện, thị xã, thành phố …)." })
  kind!: string | null;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: "Last day of validity (inclusive); null while valid." })
  validTo!: string | null;

  parentKey!: string | null;
}
