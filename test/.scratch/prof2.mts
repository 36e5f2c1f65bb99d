import { readReferenceCsv } from "../../src/reference/csv.ts";
import { buildPlaceReference } from "../../src/reference/places.ts";
for (const f of ["districts-2008-2025.csv","communes-2008-2025.csv","communes-2025-07-01.csv","commune-crosswalk-2025-07-01.csv"]) { const t = Date.now(); readReferenceCsv(f); console.log(f, Date.now() - t); }
let t = Date.now(); buildPlaceReference(); console.log("build", Date.now() - t);
t = Date.now(); buildPlaceReference(); console.log("build again", Date.now() - t);
