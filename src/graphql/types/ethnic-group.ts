import { Field, ObjectType } from "type-graphql";
import type { EthnicityRecord } from "../../query/rows.ts";
import { MINORITIES } from "../../reference/ethnicities.ts";

@ObjectType({ description: 'An ethnic group (GSO code), or the groupings "ALL" and "DTTS" (every group but Kinh).' })
export class EthnicGroup implements EthnicityRecord {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  nameAscii!: string;

  @Field(() => String, { nullable: true })
  parentCode!: string | null;
}

export function isMinority(e: Pick<EthnicityRecord, "code" | "parentCode">): boolean {
  return e.code === MINORITIES || e.parentCode === MINORITIES;
}
