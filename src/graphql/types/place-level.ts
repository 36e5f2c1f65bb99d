import { registerEnumType } from "type-graphql";

export enum PlaceLevel {
  NATION = "NATION",
  REGION = "REGION",
  PROVINCE = "PROVINCE",
  DISTRICT = "DISTRICT",
  COMMUNE = "COMMUNE",
  GROUP = "GROUP",
}

registerEnumType(PlaceLevel, {
  name: "PlaceLevel",
  description:
    "Administrative level. Districts were abolished on 2025-07-01. GROUP: a place group (`placeGroups`), never part of the tree.",
});
