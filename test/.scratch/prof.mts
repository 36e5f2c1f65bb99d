import { buildPlaceReference } from "../../src/reference/places.ts";
import { buildPlaceGroups } from "../../src/reference/place-groups.ts";
import { referenceDigest } from "../../src/reference/load.ts";
let t = Date.now(); const r = buildPlaceReference(); console.log("build", Date.now() - t);
t = Date.now(); buildPlaceGroups(r.places); console.log("groups", Date.now() - t);
t = Date.now(); referenceDigest(); console.log("digest", Date.now() - t);
