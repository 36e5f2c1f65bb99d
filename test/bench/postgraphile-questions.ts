/**
 * The dashboard's questions as a user of PostGraphile 5 + @graphile/pg-aggregates (+ the connection
 * filter plugin) would ask them of the figure table: the closest query the generated schema allows,
 * one HTTP request per question (aliases for the places, grouped sums), ratios divided by the client.
 *
 * What the peer cannot say, whatever the query: a reported total beats the sum of its parts (it adds
 * a province's own figure to its districts', ALL to the single ethnic groups, a programme to its
 * sub-programmes), the latest document supersedes an older one for the same cell, qualifiers and
 * their bounds, coverage ("2 of 8 districts"), calendar years summed from the periods inside them
 * (pg-aggregates truncates timestamps to an hour or a day, not dates to a year), and the 2025
 * crosswalk (place_succession and place_edge have no foreign key, so no relation leads through them).
 * Flagged IMPLAUSIBLE figures it can leave out (the `flags` column is filterable), and it does.
 */
import { Decimal } from "decimal.js";
import { DASHBOARD_QUERIES } from "./queries.ts";

export type Expressible = "fully" | "approximately" | "not at all";

/** One aliased `allFigures(filter: …)` with its sums grouped by some columns (none: one total). */
interface Section {
  alias: string;
  filter: Filter;
  groupBy: string[];
}
type Filter = Record<string, unknown>;
/** Sums by section alias, then by the group keys joined with "|". */
export type PeerSums = Map<string, Map<string, Decimal>>;

/** What a row of our answer is compared on (GraphQL `compare` rows as the bench asks for them). */
export interface OurRow {
  place: { key: string };
  ethnicity: string | null;
  programme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  value: string | null;
  ratio: number | null;
}

export interface PeerQuestion {
  /** The dashboard question (queries.ts) this answers. */
  question: string;
  expressible: Expressible;
  why: string;
  sections: Section[];
  /** Our row → its key and the value compared (null: no data). */
  ours(row: OurRow): [string, Decimal | null];
  /** The peer's sums → values under the same keys. */
  peer(sums: PeerSums): Map<string, Decimal | null>;
}

// ---- filters a user writes with the connection filter plugin ----------------------------------

const UNFLAGGED: Filter = { not: { flags: { anyEqualTo: "IMPLAUSIBLE" } } };
const actual = (measure: string): Filter => ({
  measureCode: { equalTo: measure },
  kind: { equalTo: "ACTUAL" },
  ...UNFLAGGED,
});
const inYear = (year: number): Filter => ({
  periodStart: { greaterThanOrEqualTo: `${year}-01-01` },
  periodEnd: { lessThanOrEqualTo: `${year}-12-31` },
});
/** The place itself or any place whose parent (or grandparent, and so on up to `depth`) it is. */
function under(placeKey: string, depth: number): Filter {
  const alternatives: Filter[] = [{ placeKey: { equalTo: placeKey } }];
  let parent: Filter = { parentKey: { equalTo: placeKey } };
  for (let d = 1; d <= depth; d++) {
    alternatives.push({ placeByPlaceKey: parent });
    parent = { placeByParentKey: parent };
  }
  return { or: alternatives };
}
/** Several places with their descendants (for a 2025 province: the units it absorbed, hard-coded). */
const underAny = (keys: string[], depth: number): Filter => ({ or: keys.map((k) => under(k, depth)) });
const PROVINCE = 1; // a province's districts
const REGION = 2; // a region's provinces and their districts
const PERIOD = ["PERIOD_START", "PERIOD_END"];

// ---- keys and values --------------------------------------------------------------------------

const period = (r: OurRow) => `${r.periodStart}..${r.periodEnd}`;
const dec = (v: string | number | null | undefined): Decimal | null =>
  v === null || v === undefined ? null : new Decimal(v);
const alias = (key: string) => `p_${key.replace(/[^A-Za-z0-9]/g, "_")}`;

/** Sums of one section, keyed by a prefix and the period (the last two group keys). */
function byPeriod(
  sums: PeerSums,
  section: string,
  prefix: string,
  out = new Map<string, Decimal | null>(),
): Map<string, Decimal | null> {
  for (const [k, v] of sums.get(section) ?? []) {
    const parts = k.split("|");
    const [ps, pe] = parts.slice(-2);
    out.set([prefix, ...parts.slice(0, -2), `${ps}..${pe}`].filter(Boolean).join(" "), v);
  }
  return out;
}

/** numerator / denominator × scale per key of the numerator; null where the denominator is missing or 0. */
function ratioByPeriod(
  sums: PeerSums,
  num: string,
  den: string,
  prefix: string,
  scale: number,
  out: Map<string, Decimal | null>,
): void {
  const dens = byPeriod(sums, den, prefix);
  for (const [k, n] of byPeriod(sums, num, prefix)) {
    const d = dens.get(k);
    out.set(k, n !== null && d && !d.isZero() ? n.div(d).times(scale) : null);
  }
}

/** What holds for every question (printed once). */
export const PEER_LIMITS =
  "every peer query sums all the figures under the place: a reported total together with its parts (a province's own figure and its districts', ALL and the single ethnic groups, a programme and its sub-programmes) and superseded documents alike; ours takes a reported total over the sum of its parts and the latest document for a cell, and gives qualifiers, bounds and coverage, which the peer cannot. Flagged figures are left out on both sides.";

function provinceVsProvince(): PeerQuestion {
  const q = DASHBOARD_QUERIES[0];
  const places = q.input.places;
  return {
    question: q.name,
    expressible: "approximately",
    why: "figures of the province or its districts (relation filter on place.parentKey), summed per period",
    sections: places.map((p) => ({
      alias: alias(p),
      filter: { ...actual(q.input.measure), ...inYear(2022), ...under(p, PROVINCE) },
      groupBy: PERIOD,
    })),
    ours: (r) => [`${r.place.key} ${period(r)}`, dec(r.value)],
    peer: (s) => {
      const out = new Map<string, Decimal | null>();
      for (const p of places) byPeriod(s, alias(p), p, out);
      return out;
    },
  };
}

function byEthnicity(): PeerQuestion {
  const q = DASHBOARD_QUERIES[1];
  const place = q.input.places[0];
  return {
    question: q.name,
    expressible: "approximately",
    why: "groups by ethnicity_code the figures of the groups under DTTS (relation filter on ethnicity.parentCode)",
    sections: [
      {
        alias: "groups",
        filter: {
          ...actual(q.input.measure),
          ...inYear(2022),
          ...under(place, PROVINCE),
          ethnicityByEthnicityCode: { parentCode: { equalTo: "DTTS" } },
        },
        groupBy: ["ETHNICITY_CODE", ...PERIOD],
      },
    ],
    ours: (r) => [`${r.ethnicity} ${period(r)}`, dec(r.value)],
    peer: (s) => byPeriod(s, "groups", ""),
  };
}

function byProgramme(): PeerQuestion {
  const q = DASHBOARD_QUERIES[2];
  const place = q.input.places[0];
  return {
    question: q.name,
    expressible: "approximately",
    why: "groups by programme_code the figures of CREDIT's sub-programmes (relation filter on programme.parentCode; they have no sub-programmes of their own, else the peer could not roll them up)",
    sections: [
      {
        alias: "programmes",
        filter: {
          ...actual(q.input.measure),
          ...inYear(2023),
          ...under(place, PROVINCE),
          programmeByProgrammeCode: { parentCode: { equalTo: "CREDIT" } },
        },
        groupBy: ["PROGRAMME_CODE", ...PERIOD],
      },
    ],
    ours: (r) => [`${r.programme} ${period(r)}`, dec(r.value)],
    peer: (s) => byPeriod(s, "programmes", ""),
  };
}

function perPoorHousehold(): PeerQuestion {
  const q = DASHBOARD_QUERIES[3];
  const places = q.input.places;
  return {
    question: q.name,
    expressible: "approximately",
    why: "two sums per place (spending, poor households) divided by the client, as GraphQL cannot divide",
    sections: places.flatMap((p) => [
      {
        alias: `${alias(p)}_num`,
        filter: { ...actual(q.input.measure), ...inYear(2022), ...under(p, PROVINCE) },
        groupBy: PERIOD,
      },
      {
        alias: `${alias(p)}_den`,
        filter: { ...actual(q.input.per!), ...inYear(2022), ...under(p, PROVINCE) },
        groupBy: PERIOD,
      },
    ]),
    ours: (r) => [`${r.place.key} ${period(r)}`, dec(r.value)],
    peer: (s) => {
      const out = new Map<string, Decimal | null>();
      for (const p of places) ratioByPeriod(s, `${alias(p)}_num`, `${alias(p)}_den`, p, 1, out);
      return out;
    },
  };
}

function againstPlan(): PeerQuestion {
  const q = DASHBOARD_QUERIES[4];
  const places = q.input.places;
  const planned = (m: string): Filter => ({ measureCode: { equalTo: m }, kind: { equalTo: "PLAN" }, ...UNFLAGGED });
  return {
    question: q.name,
    expressible: "approximately",
    why: "actual and plan summed per place and divided by the client (compared: the ratio)",
    sections: places.flatMap((p) => [
      {
        alias: `${alias(p)}_actual`,
        filter: { ...actual(q.input.measure), ...inYear(2021), ...under(p, PROVINCE) },
        groupBy: PERIOD,
      },
      {
        alias: `${alias(p)}_plan`,
        filter: { ...planned(q.input.measure), ...inYear(2021), ...under(p, PROVINCE) },
        groupBy: PERIOD,
      },
    ]),
    ours: (r) => [`${r.place.key} ${period(r)}`, dec(r.ratio)],
    peer: (s) => {
      const out = new Map<string, Decimal | null>();
      for (const p of places) ratioByPeriod(s, `${alias(p)}_actual`, `${alias(p)}_plan`, p, 1, out);
      return out;
    },
  };
}

/** The 2025 provinces of the CURRENT question and the 2008-2025 provinces they absorbed (place_succession). */
const ABSORBED: Record<string, string[]> = { "P-19-2025": ["P-19-2008", "P-06-2008"], "P-20-2025": ["P-20-2008"] };

function currentBoundaries(): PeerQuestion {
  const q = DASHBOARD_QUERIES[5];
  const places = q.input.places;
  const members = (p: string) => (ABSORBED[p] ? [p, ...ABSORBED[p]] : [p]);
  return {
    question: q.name,
    expressible: "not at all",
    why: "no relation leads through the crosswalk (place_succession and place_edge have no foreign key): the stand-in query hard-codes which old provinces each 2025 province absorbed (looked up by hand) and sums R-NMM in the tree of the time, so a province that changed region in 2025 is not moved",
    sections: places.map((p) => ({
      alias: alias(p),
      filter: {
        ...actual(q.input.measure),
        ...inYear(2022),
        ...(p.startsWith("R-") ? under(p, REGION) : underAny(members(p), PROVINCE)),
      },
      groupBy: PERIOD,
    })),
    ours: (r) => [`${r.place.key} ${period(r)}`, dec(r.value)],
    peer: (s) => {
      const out = new Map<string, Decimal | null>();
      for (const p of places) byPeriod(s, alias(p), p, out);
      return out;
    },
  };
}

function childPlaces(): PeerQuestion {
  const q = DASHBOARD_QUERIES[6];
  const place = q.input.places[0];
  return {
    question: q.name,
    expressible: "approximately",
    why: "groups by place_key the figures of the places whose parent is the province (relation filter on place.parentKey)",
    sections: [
      {
        alias: "districts",
        filter: { ...actual(q.input.measure), ...inYear(2023), placeByPlaceKey: { parentKey: { equalTo: place } } },
        groupBy: ["PLACE_KEY", ...PERIOD],
      },
    ],
    ours: (r) => [`${r.place.key} ${period(r)}`, dec(r.value)],
    peer: (s) => byPeriod(s, "districts", ""),
  };
}

function povertyRate(): PeerQuestion {
  const q = DASHBOARD_QUERIES[7];
  const places = q.input.places;
  return {
    question: q.name,
    expressible: "approximately",
    why: "Σ poor households / Σ households × 100 per place, divided by the client (a rate reported as such is not used: averaging rates is wrong and the peer cannot prefer a reported one)",
    sections: places.flatMap((p) => [
      {
        alias: `${alias(p)}_poor`,
        filter: { ...actual("poor_households"), ...inYear(2020), ...under(p, PROVINCE) },
        groupBy: PERIOD,
      },
      {
        alias: `${alias(p)}_all`,
        filter: { ...actual("households"), ...inYear(2020), ...under(p, PROVINCE) },
        groupBy: PERIOD,
      },
    ]),
    ours: (r) => [`${r.place.key} ${period(r)}`, dec(r.value)],
    peer: (s) => {
      const out = new Map<string, Decimal | null>();
      for (const p of places) ratioByPeriod(s, `${alias(p)}_poor`, `${alias(p)}_all`, p, 100, out);
      return out;
    },
  };
}

function timeSeries(): PeerQuestion {
  const q = DASHBOARD_QUERIES[8];
  const place = q.input.places[0];
  return {
    question: q.name,
    expressible: "approximately",
    why: "grouped by reported period; calendar years summed from the quarters or months inside them are missing (no year truncation of dates in pg-aggregates)",
    sections: [{ alias: "series", filter: { ...actual(q.input.measure), ...under(place, PROVINCE) }, groupBy: PERIOD }],
    ours: (r) => [period(r), dec(r.value)],
    peer: (s) => byPeriod(s, "series", ""),
  };
}

function regionVsRegion(): PeerQuestion {
  const q = DASHBOARD_QUERIES[9];
  const places = q.input.places;
  return {
    question: q.name,
    expressible: "approximately",
    why: "figures of the region, its provinces and their districts (place.parent, place.parent.parent)",
    sections: places.map((p) => ({
      alias: alias(p),
      filter: { ...actual(q.input.measure), ...inYear(2023), ...under(p, REGION) },
      groupBy: PERIOD,
    })),
    ours: (r) => [`${r.place.key} ${period(r)}`, dec(r.value)],
    peer: (s) => {
      const out = new Map<string, Decimal | null>();
      for (const p of places) byPeriod(s, alias(p), p, out);
      return out;
    },
  };
}

export const PEER_QUESTIONS: PeerQuestion[] = [
  provinceVsProvince(),
  byEthnicity(),
  byProgramme(),
  perPoorHousehold(),
  againstPlan(),
  currentBoundaries(),
  childPlaces(),
  povertyRate(),
  timeSeries(),
  regionVsRegion(),
];

/** The GraphQL request of a question: one aliased connection per section, filters as variables. */
export function peerRequest(q: PeerQuestion): { query: string; variables: Record<string, Filter> } {
  const vars = q.sections.map((s) => `$${s.alias}: FigureFilter!`).join(", ");
  const fields = q.sections.map((s) =>
    s.groupBy.length
      ? `  ${s.alias}: allFigures(filter: $${s.alias}) { groupedAggregates(groupBy: [${s.groupBy.join(", ")}]) { keys sum { value } } }`
      : `  ${s.alias}: allFigures(filter: $${s.alias}) { aggregates { sum { value } } }`,
  );
  return {
    query: `query Peer(${vars}) {\n${fields.join("\n")}\n}`,
    variables: Object.fromEntries(q.sections.map((s) => [s.alias, s.filter])),
  };
}

interface Grouped {
  keys: string[];
  sum: { value: string | null };
}
interface Whole {
  sum: { value: string | null };
}

/** The sums of a peer answer, by section and joined group keys. */
export function peerSums(
  q: PeerQuestion,
  data: Record<string, { groupedAggregates?: Grouped[]; aggregates?: Whole } | null>,
): PeerSums {
  const out: PeerSums = new Map();
  for (const s of q.sections) {
    const conn = data[s.alias];
    if (!conn) throw new Error(`peer answer has no ${s.alias}`);
    const m = new Map<string, Decimal>();
    if (s.groupBy.length)
      for (const g of conn.groupedAggregates ?? []) {
        if (g.sum.value !== null) m.set(g.keys.join("|"), new Decimal(g.sum.value));
      }
    else if (conn.aggregates?.sum.value != null) m.set("", new Decimal(conn.aggregates.sum.value));
    out.set(s.alias, m);
  }
  return out;
}

export interface Agreement {
  /** Keys of either answer. */
  rows: number;
  /** Keys with a value on at least one side (the others agree trivially). */
  withData: number;
  agree: number;
  /** A value on our side only, or on the peer's only. */
  oursOnly: number;
  peerOnly: number;
  example: string | null;
}

/** Two values agree when equal to 12 significant digits (ratios are divided on both sides), or both empty (null, missing or 0). */
export function agreement(ours: Map<string, Decimal | null>, peer: Map<string, Decimal | null>): Agreement {
  const keys = [...new Set([...ours.keys(), ...peer.keys()])].sort();
  const empty = (v: Decimal | null | undefined) => v === null || v === undefined || v.isZero();
  const same = (a: Decimal | null | undefined, b: Decimal | null | undefined) =>
    empty(a) ? empty(b) : !empty(b) && a!.toSignificantDigits(12).eq(b!.toSignificantDigits(12));
  let agree = 0;
  let example: string | null = null;
  for (const k of keys) {
    if (same(ours.get(k), peer.get(k))) agree++;
    else example ??= `${k}: ours ${ours.get(k)?.toFixed() ?? "none"} vs peer ${peer.get(k)?.toFixed() ?? "none"}`;
  }
  return {
    rows: keys.length,
    withData: keys.filter((k) => !empty(ours.get(k)) || !empty(peer.get(k))).length,
    agree,
    example,
    oursOnly: keys.filter((k) => !empty(ours.get(k)) && empty(peer.get(k))).length,
    peerOnly: keys.filter((k) => empty(ours.get(k)) && !empty(peer.get(k))).length,
  };
}
