import { registerEnumType } from "type-graphql";

export enum Qualifier {
  EXACT = "EXACT",
  AT_LEAST = "AT_LEAST",
  AT_MOST = "AT_MOST",
  ABOUT = "ABOUT",
  NEARLY = "NEARLY",
  BETWEEN = "BETWEEN",
}

registerEnumType(Qualifier, {
  name: "Qualifier",
  description:
    "How the report stated the value: exactly, as a bound (hơn/trên, dưới) or approximately (khoảng, gần). " +
    "BETWEEN is computed only: a total over overlapping parts (households over programmes), between lower and upper.",
});
