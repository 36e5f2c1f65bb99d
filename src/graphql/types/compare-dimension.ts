import { registerEnumType } from "type-graphql";

export enum CompareDimension {
  ETHNICITY = "ETHNICITY",
  PROGRAMME = "PROGRAMME",
  PERIOD = "PERIOD",
  CHILD_PLACE = "CHILD_PLACE",
}

registerEnumType(CompareDimension, {
  name: "CompareDimension",
  description: "A dimension a comparison can be broken down by.",
});
