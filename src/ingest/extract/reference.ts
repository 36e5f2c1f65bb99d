/**
 * The reference catalogue an extraction reads: the one that ships with the project (places,
 * ethnic groups, programmes, measures), the same the database is loaded from, so that the CLI
 * needs no server. Built once per process.
 */
import { buildEthnicities } from "../../reference/ethnicities.ts";
import { MEASURES } from "../../reference/measures.ts";
import { buildPlaceIndex } from "../../reference/place-ref.ts";
import { buildPlaceReference } from "../../reference/places.ts";
import { buildProgrammes } from "../../reference/programmes.ts";
import type { ImportReference } from "../import/reference.ts";

let embedded: ImportReference | null = null;

export function embeddedReference(): ImportReference {
  embedded ??= {
    places: buildPlaceIndex(buildPlaceReference().places.map((p) => ({ ...p }))),
    ethnicities: new Set(buildEthnicities().map((e) => e.code)),
    programmes: new Set(buildProgrammes().map((p) => p.code)),
    measures: new Map(MEASURES.map((m) => [m.code, m])),
  };
  return embedded;
}
