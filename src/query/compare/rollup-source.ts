import { Decimal } from "decimal.js";
import type pg from "pg";
import type { ReferenceCache } from "../reference-cache.ts";
import type {
  CellData,
  AskedKey,
  CellQuery,
  CellSource,
  DescentCells,
  DescentStart,
  RowsAndHeld,
  RowsWalk,
} from "./types.ts";

/**
 * Cells read from the pre-aggregated rollup table. Its primary key (boundary, measure, kind, place,
 * …) serves this lookup: every condition on a key column compares the column as it is (no cast),
 * or the index could only filter, not seek. The statement is prepared once per connection (a named
 * query): planning it cost more than running it.
 *
 * The places are a relation joined to the table, not `place_key = ANY(…)`: for a few places the
 * planner probes the key per place; for every district of the country (an analytics question) it
 * reads the measure's range of the key once and hashes the places, where the list as an array made
 * it scan the whole table.
 *
 * A list of ethnic groups or programmes that holds every code (a ratio's cells below the row) is
 * sent as null, "any": the seek then stops at the place and the few rows under it are filtered,
 * where 56 groups × 60 programmes as index keys made the planner scan the whole table.
 */
export class RollupSource implements CellSource {
  readonly name = "ROLLUP" as const;
  constructor(
    private readonly db: Pick<pg.Pool, "query">,
    private readonly ref: Pick<ReferenceCache, "ethnicityParent" | "programmeParent">,
  ) {}

  async cells(q: CellQuery): Promise<CellData[]> {
    const r = q.keys ? await this.keyed(q, q.keys) : await this.crossed(q);
    return (r.rows as unknown as CellRow[]).map(cellOf);
  }

  /**
   * The asked keys and every key the matching descends into below them (the database function
   * matched_ratio_walk, prisma/migrations/20261202060000_matched_ratio_walk), each with its cells,
   * in one statement, where asking level by level took a round trip per level (five below a province).
   */
  async descend(q: CellQuery, from: DescentStart[], held: string[]): Promise<DescentCells> {
    const col = <T>(f: (d: DescentStart) => T) => from.map(f);
    const asked = q.keys ?? [];
    const sql = new Statement([
      q.boundary,
      col((d) => d.place),
      col((d) => d.ethnicity),
      col((d) => d.programme),
      col((d) => d.start),
      col((d) => d.end),
      col((d) => d.denominatorStart),
      col((d) => d.denominatorEnd),
      col((d) => d.numerator[0]),
      col((d) => d.numerator[1]),
      col((d) => d.denominator[0]),
      col((d) => d.denominator[1]),
      JSON.stringify(Object.fromEntries(held.map((pair) => [pair, true]))),
      asked.map((k) => k.place),
      asked.map((k) => k.ethnicity),
      asked.map((k) => k.programme),
      q.measures,
      q.kinds,
    ]);
    inRange(sql, q);
    const r = await this.db.query({
      name: `rollup-descend${sql.shape}`,
      rowMode: "array",
      text: `SELECT k.place, k.ethnicity, k.programme, ${COLUMNS}
         FROM (SELECT * FROM matched_ratio_walk($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
               UNION SELECT * FROM unnest($14::text[], $15::text[], $16::text[])) AS k(place, ethnicity, programme)
         LEFT JOIN rollup ON boundary = $1 AND measure_code = ANY($17) AND kind = ANY($18::"FigureKind"[])
                         AND rollup.place_key = k.place AND rollup.ethnicity_code = k.ethnicity
                         AND rollup.programme_code = k.programme${sql.conditions}`,
      values: sql.values,
    });
    const keys = new Map<string, AskedKey>();
    const cells: CellData[] = [];
    for (const x of r.rows as unknown as [string, string, string, ...CellRow][]) {
      keys.set(`${x[0]}|${x[1]}|${x[2]}`, { place: x[0], ethnicity: x[1], programme: x[2] });
      const cell = x.slice(3) as unknown as CellRow;
      if (cell[AT.measure] !== null) cells.push(cellOf(cell));
    }
    return { cells, keys: [...keys.values()] };
  }

  /**
   * The rows' cells, and of the other cells of the places × groups × programmes only their part
   * (measure, kind, place, group, programme) and computation time: their own columns come back
   * null (a cell's value never is). Parsing the few hundred cells under a ratio's rows cost more
   * than the rest of its answer's reading; one scan with the columns nulled cost the database less
   * than the rows' cells beside the other parts grouped (2.1 against 3.4 ms for `per` at 1M).
   */
  async rowsAndHeld(
    q: CellQuery,
    rows: { ethnicities: string[]; programmes: string[] },
    walk?: RowsWalk,
  ): Promise<RowsAndHeld> {
    // without `descend` (a test's level-by-level reading: an optional read taken away) the matching
    // reads its descent itself
    if (walk && (this as CellSource).descend) return this.rowsHeldWalked(q, rows, walk);
    const sql = new Statement([q.boundary, q.measures, q.kinds, q.places]);
    inRange(sql, q);
    const range = sql.take();
    codeCondition(sql, "ethnicity_code", "e", codesAsked(rows.ethnicities, this.ref.ethnicityParent));
    codeCondition(sql, "programme_code", "p", codesAsked(rows.programmes, this.ref.programmeParent));
    const atRows = sql.take();
    codeCondition(sql, "ethnicity_code", "e", codesAsked(q.ethnicities, this.ref.ethnicityParent));
    codeCondition(sql, "programme_code", "p", codesAsked(q.programmes, this.ref.programmeParent));
    const r = await this.db.query({
      name: `rollup-rows-held${sql.shape}`,
      rowMode: "array",
      text: `SELECT ${ROW_OR_HELD_COLUMNS}
         FROM unnest($4::text[]) AS asked(place) JOIN rollup ON rollup.place_key = asked.place
              CROSS JOIN LATERAL (SELECT TRUE${atRows} AS at_row) AS x
        WHERE boundary = $1 AND measure_code = ANY($2) AND kind = ANY($3::"FigureKind"[])${range}${sql.conditions}`,
      values: sql.values,
    });
    const out: RowsAndHeld = { cells: [], held: [] };
    for (const x of r.rows as unknown as CellRow[])
      if (x[AT.value] !== null) out.cells.push(cellOf(x));
      else
        out.held.push({
          placeKey: x[AT.place] as string,
          ethnicity: x[AT.ethnicity] as string,
          programme: x[AT.programme] as string,
          measure: x[AT.measure] as string,
          kind: x[AT.kind] as CellData["kind"],
          computedAt: new Date(x[AT.computedAtMs] as number),
        });
    return out;
  }

  /**
   * rowsAndHeld with the matching's descent below the rows (RowsWalk) in the same statement, the
   * database function rollup_rows_walked (prisma/migrations/20261206100000_rollup_rows_walked): the
   * rows' cells; the held parts one line per place, measure and kind (their groups and programmes
   * joined, the oldest computation time), where a line per part and period cost more to send and
   * parse than the rest of the answer; and the keys matched_ratio_walk reaches from the rows, each
   * with its cells, as `descend` reads them. One statement where a ratio's answer took two, and its
   * matching ran twice (once to find where to descend).
   */
  private async rowsHeldWalked(
    q: CellQuery,
    rows: { ethnicities: string[]; programmes: string[] },
    walk: RowsWalk,
  ): Promise<RowsAndHeld> {
    const later = laterEnd(q);
    // codes_asked's two arguments: these codes, or null and every code but those in the second
    const codes = (list: string[], known: Map<string, unknown>) => {
      const asked = codesAsked(list, known);
      return ["only" in asked ? asked.only : null, "except" in asked ? asked.except : []];
    };
    // the function's parameters, in order
    const values = [
      q.boundary,
      q.measures,
      q.kinds,
      q.places,
      q.range?.start ?? null,
      later?.end ?? q.range?.end ?? null,
      q.range?.end ?? null,
      later?.measures ?? null,
      ...codes(rows.ethnicities, this.ref.ethnicityParent),
      ...codes(rows.programmes, this.ref.programmeParent),
      ...codes(q.ethnicities, this.ref.ethnicityParent),
      ...codes(q.programmes, this.ref.programmeParent),
      ...walk.numerator,
      ...walk.denominator,
      walk.samePeriod,
    ];
    const r = await this.db.query({
      name: "rollup-rows-walked",
      rowMode: "array",
      text: `SELECT rollup_rows_walked(${values.map((_, i) => `$${i + 1}`).join(", ")})`,
      values,
    });
    const out: RowsAndHeld = { cells: [], held: [], walked: { cells: [], keys: [] } };
    const keys = new Map<string, AskedKey>();
    const lines = JSON.parse((r.rows[0] as unknown as [string | null])[0] ?? "[]") as WalkedLine[];
    for (const line of lines) {
      if (line[0] === 1) {
        const [, placeKey, measure, kind, parts, computedAtMs] = line;
        const computedAt = new Date(computedAtMs);
        for (const pair of parts.split(",")) {
          const bar = pair.indexOf("|");
          out.held.push({
            placeKey,
            ethnicity: pair.slice(0, bar),
            programme: pair.slice(bar + 1),
            measure,
            kind,
            computedAt,
          });
        }
        continue;
      }
      const x = line.slice(1) as CellRow;
      if (line[0] === 0) out.cells.push(cellOf(x));
      else {
        const [place, ethnicity, programme] = [x[AT.place], x[AT.ethnicity], x[AT.programme]] as string[];
        keys.set(`${place}|${ethnicity}|${programme}`, { place, ethnicity, programme });
        if (x[AT.measure] !== null) out.walked!.cells.push(cellOf(x));
      }
    }
    out.walked!.keys = [...keys.values()];
    return out;
  }

  /** Every cell of the places × groups × programmes. */
  private crossed(q: CellQuery) {
    const sql = new Statement([q.boundary, q.measures, q.kinds, q.places]);
    codeCondition(sql, "ethnicity_code", "e", codesAsked(q.ethnicities, this.ref.ethnicityParent));
    codeCondition(sql, "programme_code", "p", codesAsked(q.programmes, this.ref.programmeParent));
    inRange(sql, q);
    return this.db.query({
      name: `rollup-cells${sql.shape}`,
      rowMode: "array",
      text: `SELECT ${COLUMNS}
         FROM unnest($4::text[]) AS asked(place) JOIN rollup ON rollup.place_key = asked.place
        WHERE boundary = $1 AND measure_code = ANY($2) AND kind = ANY($3::"FigureKind"[])${sql.conditions}`,
      values: sql.values,
    });
  }

  /**
   * The cells of the given keys only: the key seeks down to the programme and the period range,
   * where the places × groups × programmes read every period of every year of each place.
   */
  private keyed(q: CellQuery, keys: AskedKey[]) {
    const sql = new Statement([
      q.boundary,
      q.measures,
      q.kinds,
      keys.map((k) => k.place),
      keys.map((k) => k.ethnicity),
      keys.map((k) => k.programme),
    ]);
    inRange(sql, q);
    return this.db.query({
      name: `rollup-cells-keyed${sql.shape}`,
      rowMode: "array",
      text: `SELECT ${COLUMNS}
         FROM unnest($4::text[], $5::text[], $6::text[]) AS asked(place, ethnicity, programme)
         JOIN rollup ON rollup.place_key = asked.place AND rollup.ethnicity_code = asked.ethnicity
                    AND rollup.programme_code = asked.programme
        WHERE boundary = $1 AND measure_code = ANY($2) AND kind = ANY($3::"FigureKind"[])${sql.conditions}`,
      values: sql.values,
    });
  }
}

/**
 * A statement's optional conditions, each written only when it applies, never as `$n IS NULL OR …`:
 * a prepared statement's generic plan cannot know such a parameter is set, and kept every key
 * condition after the place out of the index (the whole place's cells fetched from the heap, then
 * filtered: 1,339 heap fetches for 20 cells), or PostgreSQL planned the statement anew on every
 * execution. One named statement per shape (`shape`), each with a plan that seeks.
 */
class Statement {
  shape = "";
  conditions = "";
  constructor(readonly values: unknown[]) {}

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  where(shape: string, condition: string): void {
    this.shape += `-${shape}`;
    this.conditions += `\n          AND ${condition}`;
  }

  /** The conditions so far, for one part of a statement of several; the next part starts with none. */
  take(): string {
    const taken = this.conditions;
    this.conditions = "";
    this.shape += "|";
    return taken;
  }
}

/**
 * The period range, as index conditions on both dates; a measure of CellQuery.laterEnd may end as
 * late as its end (a stock divisor dated the day after the period), the others by the range's end.
 */
function inRange(sql: Statement, q: CellQuery): void {
  if (!q.range) return;
  const later = laterEnd(q);
  const start = sql.param(q.range.start);
  const end = sql.param(later ? later.end : q.range.end);
  sql.where("r", `period_start >= ${start}::date AND period_end <= ${end}::date`);
  if (later)
    sql.where(
      "l",
      `(period_end <= ${sql.param(q.range.end)}::date OR measure_code = ANY(${sql.param(later.measures)}::text[]))`,
    );
}

/** CellQuery.laterEnd when it ends after the range. */
function laterEnd(q: CellQuery): CellQuery["laterEnd"] | null {
  return q.range && q.laterEnd && q.laterEnd.end > q.range.end ? q.laterEnd : null;
}

/**
 * A cell's columns, read as arrays in this order (CellRow; rowMode "array": no object per row), every
 * column as text or a number so that pg runs none of its slower parsers: the figure ids joined by
 * commas (split here, where pg's array parser walked them character by character) and the
 * computation time in epoch milliseconds (a Date made from a number, not parsed from text): answers
 * read hundreds of cells. `part`: a column a held part keeps (rowsAndHeld), its key and time.
 */
const CELL_COLUMNS = [
  { name: "place", sql: "place_key", part: true },
  { name: "ethnicity", sql: "ethnicity_code", part: true },
  { name: "programme", sql: "programme_code", part: true },
  { name: "measure", sql: "measure_code", part: true },
  { name: "kind", sql: "kind::text", part: true },
  { name: "periodStart", sql: "period_start::text" },
  { name: "periodEnd", sql: "period_end::text" },
  { name: "value", sql: "value::text" },
  { name: "lower", sql: "lower::text" },
  { name: "upper", sql: "upper::text" },
  { name: "qualifier", sql: "qualifier::text" },
  { name: "derivation", sql: "derivation::text" },
  { name: "partsDimension", sql: "parts_dimension" },
  { name: "covered", sql: "covered_children" },
  { name: "total", sql: "total_children" },
  { name: "figureIds", sql: "array_to_string(figure_ids, ',')" },
  { name: "flaggedExcluded", sql: "flagged_excluded" },
  { name: "computedAtMs", sql: "(extract(epoch FROM computed_at) * 1000)::float8", part: true },
] as const;
const COLUMNS = CELL_COLUMNS.map((c) => c.sql).join(", ");
/** Where each of CELL_COLUMNS is in a CellRow. */
const AT = Object.fromEntries(CELL_COLUMNS.map((c, i) => [c.name, i])) as {
  [K in (typeof CELL_COLUMNS)[number]["name"]]: number;
};

/** COLUMNS with a cell's own columns null where it is not at a row (`rowsAndHeld`: a held part's line). */
const ROW_OR_HELD_COLUMNS = CELL_COLUMNS.map((c) => ("part" in c ? c.sql : `CASE WHEN at_row THEN ${c.sql} END`)).join(
  ", ",
);

/**
 * A line of rollup_rows_walked's answer: a row's cell (0), a place's held parts for a measure and kind,
 * their "group|programme" pairs joined by commas and their oldest computation time (1), a key the
 * walk reached and its cell's columns, null where it has none (2).
 */
type WalkedLine = [0 | 2, ...CellRow] | [1, string, string, CellData["kind"], string, number];

/** A cell as read, in CELL_COLUMNS' order. */
type CellRow = [
  place: string,
  ethnicity: string,
  programme: string,
  measure: string,
  kind: CellData["kind"],
  periodStart: string,
  periodEnd: string,
  value: string,
  lower: string | null,
  upper: string | null,
  qualifier: CellData["qualifier"],
  derivation: CellData["derivation"],
  partsDimension: string | null,
  covered: number,
  total: number,
  figureIds: string | null,
  flaggedExcluded: number,
  computedAtMs: number,
];

function cellOf(x: CellRow): CellData {
  // Decimals are immutable: an exact cell's bounds are its value, parsed once (cells are read by the thousand).
  const value = new Decimal(x[7]);
  const lower = x[8] === null ? null : x[8] === x[7] ? value : new Decimal(x[8]);
  return {
    placeKey: x[0],
    ethnicity: x[1],
    programme: x[2],
    measure: x[3],
    kind: x[4],
    periodStart: x[5],
    periodEnd: x[6],
    value,
    lower,
    upper: x[9] === null ? null : x[9] === x[7] ? value : new Decimal(x[9]),
    qualifier: x[10],
    derivation: x[11],
    partsDimension: x[12],
    covered: x[13],
    total: x[14],
    figureIds: x[15] === null ? null : x[15] === "" ? [] : x[15].split(","),
    flaggedExcluded: x[16],
    computedAt: new Date(x[17]),
  };
}

/** Codes asked for: any, these, or every known code but these (a ratio's whole tree under ALL). */
type CodesAsked = { any: true } | { only: string[] } | { except: string[] };

/** Few enough left out to read a place's cells and drop theirs, rather than seek code by code. */
const FEW_LEFT_OUT = 8;

/**
 * How a list of codes is asked: every known code is "any"; every one but a few (the 56 groups under
 * ALL, of the 59 known) is "all but these", a filter on the index entries of the place where 56
 * codes as index keys made 56 descents per place and measure; else the codes themselves.
 */
function codesAsked(codes: string[], known: Map<string, unknown>): CodesAsked {
  if (known.size === 0 || codes.length + FEW_LEFT_OUT < known.size) return { only: codes };
  const asked = new Set(codes);
  const except = [...known.keys()].filter((k) => !asked.has(k));
  if (asked.size > known.size - except.length) return { only: codes }; // a code the reference does not know
  return except.length === 0 ? { any: true } : { except };
}

function codeCondition(sql: Statement, column: string, shape: string, asked: CodesAsked): void {
  if ("only" in asked) sql.where(shape, `${column} = ANY(${sql.param(asked.only)}::text[])`);
  if ("except" in asked) sql.where(`${shape}x`, `${column} <> ALL(${sql.param(asked.except)}::text[])`);
}
