/** The parts of the public GraphQL contract (schema.graphql) the dashboard reads. */
import type { Qualifier } from "./format.ts";

/** The figure kinds (schema.graphql FigureKind), in the order the dashboard offers them. */
export const KINDS = ["ACTUAL", "PLAN", "TARGET"] as const;
export type Kind = (typeof KINDS)[number];
export type PlaceLevel = "NATION" | "REGION" | "PROVINCE" | "DISTRICT" | "COMMUNE";

export interface Measure {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  aggregation: "SUM" | "RATIO" | "NONE";
}

export interface Programme {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
}

export interface EthnicGroup {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface Place {
  key: string;
  code: string;
  name: string;
  nameAscii: string;
  level: PlaceLevel;
  validFrom: string;
  validTo: string | null;
}

export interface Reference {
  measures: Measure[];
  programmes: Programme[];
  ethnicGroups: EthnicGroup[];
  places: Place[];
}

export interface Source {
  id: string;
  title: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  url: string | null;
  quote: string | null;
  figureId: string | null;
}

export interface Coverage {
  covered: number;
  total: number;
  dimension: string | null;
}

export type Derivation = "REPORTED" | "SUM_OF_PARTS" | "RATIO_OF_SUMS" | "NO_DATA";

export interface Row {
  place: Pick<Place, "key" | "name" | "level" | "validFrom" | "validTo">;
  requested: string[];
  periodStart: string | null;
  periodEnd: string | null;
  value: string | null;
  lower: string | null;
  upper: string | null;
  qualifier: Qualifier | null;
  ratio: number | null;
  numerator: string | null;
  denominator: string | null;
  derivation: Derivation;
  coverage: Coverage | null;
  flags: string[];
}

export interface Comparison {
  servedFrom: string;
  computedAt: string | null;
  boundaries: "AS_REPORTED" | "CURRENT";
  rows: Row[];
}

/** CompareInput as the dashboard fills it. */
export interface CompareInput {
  measure: string;
  places: string[];
  period?: string;
  ethnicity?: string;
  programme?: string;
  kind?: Kind;
  per?: string;
  againstPlan?: boolean;
  boundaries?: "AS_REPORTED" | "CURRENT";
}
