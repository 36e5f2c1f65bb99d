import { Field, ObjectType } from "type-graphql";
import type { EthnicityRecord } from "../../query/rows.ts";
import { COMBINED_MINORITY_GROUPS, MINORITIES } from "../../reference/ethnicities.ts";

@ObjectType({
  description:
    'An ethnic group (GSO code), the groupings "ALL" and "DTTS" (every group but Kinh), or a combined group ' +
    'reports name ("DTTS-TAI-CHO", "DTTS-TAY-NGUYEN", "DTTS-RAT-IT-NGUOI"; no parent: never summed into DTTS).',
})
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
  return e.code === MINORITIES || e.parentCode === MINORITIES || COMBINED_MINORITY_GROUPS.has(e.code);
}
