import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { PlaceGroupRecord } from "../../query/place-groups.ts";
import type { PlaceRecord } from "../../query/rows.ts";
import { DateScalar } from "../scalars/index.ts";
import { Place } from "./place.ts";

@ObjectType({
  description:
    "A named set of units (the poor districts of a decision, an editor's group). Never added into a parent's total: groups overlap.",
})
export class PlaceGroup implements PlaceGroupRecord {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { description: "Where the list comes from (the decision and its appendix, or who defined it)." })
  source!: string;

  @Field(() => Boolean, {
    description: "Shipped with the reference data from an official list; false for an editor's group.",
  })
  official!: boolean;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validTo!: string | null;

  @Field(() => String)
  createdBy!: string;

  withinKey!: string | null;
}

@InputType({ description: "An editor's group; every member must be a unit valid for the group's whole period." })
export class PlaceGroupInput {
  @Field(() => String, { description: 'Unique code ("TRAM-TAU-MU-CANG-CHAI").' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { description: "The decision, report or person the group comes from." })
  source!: string;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validTo?: string | null;

  @Field(() => [String], {
    description:
      'Keys, codes or names as reports write them ("Trạm Tấu", "Châu Thành, Long An"); may be empty with `within` when the source does not list them.',
  })
  members!: string[];

  @Field(() => String, {
    nullable: true,
    description:
      'The unit the group lies in (key, code or name: "the poor districts of Hà Giang" lie in "02"); every member must be inside it.',
  })
  within?: string | null;
}

export enum PlaceNameMatch {
  EXACT = "EXACT",
  PREFIX = "PREFIX",
  FUZZY = "FUZZY",
}
registerEnumType(PlaceNameMatch, {
  name: "PlaceNameMatch",
  description:
    "EXACT: the whole name (spelling, diacritics, type word aside); PREFIX: the name begins so; FUZZY: within a small edit distance (only when nothing matched better).",
});

@ObjectType({ description: "A place found by name, with how it matched." })
export class PlaceMatch {
  @Field(() => Place)
  place!: PlaceRecord;

  @Field(() => PlaceNameMatch)
  match!: PlaceNameMatch;

  @Field(() => String, { description: 'The form of the name that matched ("Huyện Bạch Thông").' })
  matchedForm!: string;
}

@ObjectType({ description: "A link between an old unit and a new one, with how much of the old unit went in." })
export class PlaceLink {
  @Field(() => Place)
  place!: PlaceRecord;

  @Field(() => String, {
    description:
      '"full": the whole old unit went in; "partial": only a part, of unknown share (its figures cannot be moved into the new unit).',
  })
  share!: string;

  @Field(() => DateScalar)
  effective!: string;
}
