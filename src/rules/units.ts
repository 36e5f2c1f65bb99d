/** What a measure counts and how its figures combine: the vocabulary every rule and the catalogue share. */
export type Aggregation = "SUM" | "RATIO" | "NONE";

/** Units of measure. Occasions ("lượt") double-count people: never added to persons or households. */
export const UNITS = [
  "PERSON",
  "HOUSEHOLD",
  "OCCASION",
  "CARD",
  "HOUSE",
  "TONNE",
  "VND",
  "PERCENT",
  "PERCENT_POINT",
  "GIFT",
  "WORK",
  "ITEM",
  // Things reports count besides beneficiaries: livelihood models, projects, loan programmes, administrative units.
  "MODEL",
  "PROJECT",
  "PROGRAMME",
  "DISTRICT",
  "COMMUNE",
  "VILLAGE",
  "HECTARE",
] as const;
export type Unit = (typeof UNITS)[number];
