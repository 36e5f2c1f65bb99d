/**
 * The reference catalogue an extraction reads: the one that ships with the project (places and
 * their successions, official place groups, ethnic groups, programmes, measures), the same the
 * database is loaded from, so that the CLI needs no server. Built once per process.
 */
import { buildEthnicities } from "../../reference/ethnicities.ts";
import { MEASURES } from "../../reference/measures.ts";
import { buildPlaceGroups, groupPlace } from "../../reference/place-groups.ts";
import { buildPlaceIndex } from "../../reference/place-ref.ts";
import { buildPlaceReference } from "../../reference/places.ts";
import { buildProgrammes } from "../../reference/programmes.ts";
import type { ImportReference } from "../import/reference.ts";

let embedded: ImportReference | null = null;

export function embeddedReference(): ImportReference {
  if (embedded) return embedded;
  const { places, successions } = buildPlaceReference();
  const units = places.map((p) => ({ ...p }));
  const groups = buildPlaceGroups(units, buildPlaceIndex(units, successions));
  embedded = {
    places: buildPlaceIndex([...units, ...groups.map(groupPlace)], successions),
    ethnicities: new Set(buildEthnicities().map((e) => e.code)),
    programmes: new Set(buildProgrammes().map((p) => p.code)),
    measures: new Map(MEASURES.map((m) => [m.code, m])),
    groups: new Map(groups.map((g) => [g.code, g])),
  };
  return embedded;
}
