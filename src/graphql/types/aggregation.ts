import { registerEnumType } from "type-graphql";

export enum Aggregation {
  SUM = "SUM",
  RATIO = "RATIO",
  NONE = "NONE",
}

registerEnumType(Aggregation, {
  name: "Aggregation",
  description:
    "How a measure combines over places: summed, a ratio of the sums of its numerator and denominator, or not at all.",
});
