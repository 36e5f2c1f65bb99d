/**
 * Computes rollup cells in SQL, set-based, for whole slices: the bulk twin of the reference rules in
 * src/rules/reported-vs-parts.ts (same priority: reported > place parts > programme parts >
 * ethnicity parts) with the qualifier algebra of src/rules/qualifier-algebra.ts.
 *
 * Cells are computed bottom-up into `table` (a table shaped like `rollup` with its primary key):
 * direct cells first, then for each place depth from the leaves up, for each programme depth from the
 * leaves up: place parts, programme parts, then ethnicity parts from the leaves up. Every INSERT
 * skips the cells already present at its level (an anti-join, see `absentParent`), which is what makes an
 * earlier (higher-priority) derivation win. Children are always complete before their parents are
 * computed.
 */
import type pg from "pg";
import { insideYearSql, monthsTouchedSql, yearOfSql } from "../rules/calendar-year.ts";
import { qualifierSql as Q } from "../rules/qualifier-algebra.ts";
import { aggregatedFigureSql } from "../rules/value-type.ts";

export interface ComputeOptions {
  /** A table (measure_code, kind, period_start, period_end) restricting the computation; all slices when absent. */
  sliceTable?: string;
  /**
   * Only these places changed: compute just them and their ancestors (the "cone"), each ancestor's
   * other children read back from `rollup` as stored. All places when absent.
   */
  places?: string[];
  /**
   * With `places`: a table of slices (shaped like `sliceTable`) whose stored cells of the cone are
   * read as they are, not recomputed: the other periods of a year whose calendar-year cells are.
   */
  inputSlices?: string;
  /**
   * With `places`: only the figures of these ethnicities (programmes) changed: the cone holds just
   * their cells and their ancestors' in that tree, the other children read back as stored. All when absent.
   */
  ethnicities?: string[];
  programmes?: string[];
  /** Called after each step, for progress logs. */
  onStep?: (step: string, done: number, total: number) => void | Promise<void>;
  /** Pause between steps (ms): yields the database to readers during long rebuilds. */
  stepPauseMs?: number;
}

/** Figure ids are kept for provenance up to this many per cell; bigger cells point to `figures`. */
export const MAX_FIGURE_IDS = 200;
const BOUNDARIES = ["AS_REPORTED", "CURRENT"] as const;
/** Under CURRENT only the 2025 units and above are stored: below them the cells equal AS_REPORTED's. */
const CURRENT_MAX_STORED_DEPTH = 2;

/**
 * The cells under construction, with each cell's depth in the three trees so that every step reads
 * only the rows it sums (an index on the depths), not the whole table.
 */
const WORK = "_rk_work_cells";

/**
 * The columns of a cell, defined once: every step's column list and SELECT list are derived from
 * these (DHIS2 builds its analytics tables from column objects the same way), so a step names only
 * the expressions it computes and a column is never retyped by position.
 */
const KEY_COLUMNS = [
  "boundary",
  "measure_code",
  "kind",
  "place_key",
  "ethnicity_code",
  "programme_code",
  "period_start",
  "period_end",
] as const;
/** The stored columns of a cell that a recomputation can change (all but the key and computed_at). */
export const VALUE_COLUMNS = [
  "value",
  "lower",
  "upper",
  "qualifier",
  "derivation",
  "parts_dimension",
  "covered_children",
  "total_children",
  "figure_count",
  "figure_ids",
  "flagged_excluded",
] as const;
const CELL_COLUMNS = [...KEY_COLUMNS, ...VALUE_COLUMNS, "computed_at"] as const;
/** The work table's own columns: depths in the three trees, and how the cell's measure combines. */
const WORK_COLUMNS = [...CELL_COLUMNS, "pdepth", "gdepth", "edepth", "additive", "flow", "programmes_overlap"] as const;
type Column = (typeof WORK_COLUMNS)[number];
/** A cell as SQL expressions, one per column. */
type CellSql = Record<Column, string>;

const names = (columns: readonly Column[]) => columns.join(", ");

/** `expression AS column, …` in the order of `columns`. */
function selectOf(cell: Partial<CellSql>, columns: readonly Column[]): string {
  return columns
    .map((c) => {
      const sql = cell[c];
      if (sql === undefined) throw new Error(`no expression for column ${c}`);
      return sql === c ? c : `${sql} AS ${c}`;
    })
    .join(", ");
}

/** A cell copied from the row `alias`, with some columns replaced. */
function copyOf(alias: string, replaced: Partial<CellSql> = {}): CellSql {
  return Object.fromEntries(WORK_COLUMNS.map((c) => [c, replaced[c] ?? `${alias}.${c}`])) as CellSql;
}

/** INSERT of one cell per row of `from…` into a table with the given columns. */
function insertCells(table: string, columns: readonly Column[], cell: Partial<CellSql>, from: string): string {
  return `INSERT INTO ${table} (${names(columns)}) SELECT ${selectOf(cell, columns)} ${from}`;
}

/**
 * value, lower, upper and qualifier of a group of rows `alias` (src/rules/qualifier-algebra.ts):
 * their sum, or where `union` holds (overlapping parts) their union.
 */
function combined(alias: string, union = "false"): Pick<CellSql, "value" | "lower" | "upper" | "qualifier"> {
  const lower = Q.lower(`${alias}.lower`, union);
  const upper = Q.upper(`${alias}.upper`);
  return {
    value: Q.value(`${alias}.value`, union),
    lower,
    upper,
    qualifier: Q.qualifier(`${alias}.qualifier`, lower, upper),
  };
}

/**
 * The figure ids of a group of cells `alias`, when all are known and there are at most
 * MAX_FIGURE_IDS. In the work table the ids are text (comma-separated, `''` for none) and
 * concatenated as text: linear (array_cat_agg copies the growing array at every row, quadratic in a
 * nation cell's hundreds of thousands of ids), with no array printed and parsed again at every level
 * (that was a third of a parts step); only the children that can still fit are concatenated. They
 * become bigint[] once, when a cell is stored (`storedIds`).
 */
const idAggregate = (
  alias: string,
) => `CASE WHEN bool_and(${alias}.figure_ids IS NOT NULL) AND sum(${alias}.figure_count) <= ${MAX_FIGURE_IDS}
  THEN coalesce(string_agg(${alias}.figure_ids, ',')
    FILTER (WHERE ${alias}.figure_count <= ${MAX_FIGURE_IDS} AND ${alias}.figure_ids <> ''), '') END`;

/**
 * A work row `w`'s ids (text, see `idAggregate`) as stored: ascending. A summed cell's ids come in
 * the order its children were hashed in, which differs from one rebuild to the next (at 100k, four
 * rebuilds of one database stored four different orders), and answers show them in stored order
 * (compare's figureIds and CSV, a cell's sources): sorted once here, every rebuild stores the same
 * arrays. A reported cell's are sorted already (directSql).
 */
const storedIds = (w: string) => {
  const ids = `('{' || ${w}.figure_ids || '}')::bigint[]`;
  return `CASE WHEN ${w}.derivation <> 'REPORTED' AND strpos(${w}.figure_ids, ',') > 0
    THEN ARRAY(SELECT unnest(${ids}) ORDER BY 1) ELSE ${ids} END`;
};
/** Stored ids as the work table holds them. */
const workIds = (ids: string) => `array_to_string(${ids}, ',')`;

/** What computeCells tells its caller: for a cone, the codes whose cells of its places it recomputed. */
export interface Computed {
  /** The cone's narrowed trees of codes (none: every ethnicity and programme). */
  coneCodes: CodeCone[];
  /** The cells a full computation stored (a cone's steps run together and are not counted). */
  stored: number | undefined;
}

export async function computeCells(db: pg.ClientBase, table: string, opts: ComputeOptions = {}): Promise<Computed> {
  // Memory for the grouping and the temp work table (settable only before a session first uses a
  // temp table: the DO block swallows the refusal on a reused session).
  // 512 MB: at 1M figures a level's groups (hundreds of MB with their figure ids) spilled to disk
  // with 128 MB. A limit, not an allocation: small computations use what they need.
  await db.query(`
    DO $$ BEGIN PERFORM set_config('temp_buffers', '3GB', false); EXCEPTION WHEN OTHERS THEN NULL; END $$;
    SELECT set_config('work_mem', '512MB', true), set_config('jit', 'off', true)`);
  const sliceJoin = opts.sliceTable ? sliceJoinOf(opts.sliceTable) : "";
  const cone = opts.places !== undefined;
  const depths = await prepareTrees(db, opts.places ?? [], cone ? opts.sliceTable! : undefined);
  const conePlaces = cone ? await prepareCone(db, opts.places!, opts.sliceTable) : [];
  const codes = cone ? await codeCones(db, opts) : [];
  const inCone = (alias: string) => codesIn(alias, codes);
  // Hash-only plans: the steps group whole levels of the work table, whose statistics lag behind
  // its growth, and a full computation reads every figure; a cone refresh first looks its few
  // places up by index (direct cells, stored neighbours), then hashes too.
  const hashOnly = {
    name: "hash the levels",
    sql: `SELECT set_config('enable_nestloop', 'off', true), set_config('enable_sort', 'off', true)`,
  };
  // A cone's figures are estimated at one per slice where a district's report brings hundreds (and
  // every other report of its places and periods as many again): joined to the measures and the
  // depths as loops over every measure, programme and ethnicity code, each rescanning the figures
  // materialized (81,000 comparisons per join for 1,356 figures; at 1M, for 4,476 figures the loops
  // took 90 of the step's 126 ms under EXPLAIN ANALYZE). Rescanning costed, each is an index lookup.
  const noMaterialize = { name: "no materialized loops", sql: `SELECT set_config('enable_material', 'off', true)` };
  const materializeAsUsual = { name: "materialize as usual", sql: `SELECT set_config('enable_material', 'on', true)` };
  const before = [
    cone ? noMaterialize : hashOnly,
    { name: "direct", sql: directSql(WORK, sliceJoin, cone, conePlaces, inCone("c")) },
    ...(cone ? [materializeAsUsual] : []),
    ...(cone
      ? [
          {
            name: "unchanged children of the cone",
            sql: seedSql(WORK, storedCellsSql("_rk_seed", opts.sliceTable!, codes)),
          },
        ]
      : []),
    ...(codes.length
      ? [
          {
            name: "the cone places' unchanged codes",
            sql: seedSql(
              WORK,
              storedCellsSql(
                reportingConePlaces(opts.sliceTable!),
                opts.sliceTable!,
                [],
                neighbourCodesSql("r", codes),
              ),
            ),
          },
        ]
      : []),
    ...(cone && opts.inputSlices
      ? [
          {
            name: "the cone's stored cells of the periods its years sum",
            sql: seedSql(WORK, storedCellsSql(CONE, opts.inputSlices, codes)),
          },
        ]
      : []),
    // A cone's few thousand cells are hashed without statistics (ANALYZE would cost more than it saves).
    ...(cone ? [] : [{ name: "analyze", sql: `ANALYZE ${WORK}` }]),
    { name: "child counts", sql: childCountsSql() },
    { name: "programmes a measure applies to", sql: programmeChildCountsSql() },
    ...(cone ? [hashOnly] : []),
  ];
  const planAsUsual = {
    name: "plan as usual",
    sql: `SELECT set_config('enable_nestloop', 'on', true), set_config('enable_sort', 'on', true)`,
  };
  const store = {
    name: "store",
    sql: insertCells(
      table,
      CELL_COLUMNS,
      copyOf("w", { figure_ids: storedIds("w") }),
      `FROM ${WORK} w
        WHERE NOT (w.boundary = 'CURRENT' AND w.pdepth > ${CURRENT_MAX_STORED_DEPTH})
        ${cone ? `AND EXISTS (SELECT 1 FROM ${CONE} k WHERE k.boundary = w.boundary AND k.key = w.place_key) AND ${inCone("w")}` : ""}
        ${
          cone && opts.inputSlices
            ? `AND NOT EXISTS (SELECT 1 FROM ${opts.inputSlices} i WHERE i.measure_code = w.measure_code AND i.kind = w.kind
                 AND i.period_start = w.period_start AND i.period_end = w.period_end)`
            : ""
        }`,
    ),
  };
  const after = [
    planAsUsual,
    { name: "flagged", sql: flaggedSql(WORK, sliceJoin) },
    // A cone's store is estimated from the bare work table (a row, once its codes are filtered):
    // nested over every cone place for each of thousands of cells, unless hashed.
    ...(cone ? [hashOnly] : []),
    store,
    ...(cone ? [planAsUsual] : []),
    { name: "drop work table", sql: `DROP TABLE ${WORK}` },
  ];
  let total = before.length + planSteps(WORK, depths, () => true).length + after.length;
  let done = 0;
  let stored: number | undefined;
  const run = async (steps: { name: string; sql: string }[]) => {
    if (cone && steps.length) {
      // A cone's statements each take a few milliseconds: sent together, one round trip instead of dozens.
      await db.query(steps.map((s) => s.sql).join(";\n"));
      done += steps.length;
      await opts.onStep?.(steps[steps.length - 1].name, done, total);
      return;
    }
    for (const step of steps) {
      const result = await db.query(step.sql);
      if (step === store) stored = result.rowCount ?? 0;
      await opts.onStep?.(step.name, ++done, total);
      if (opts.stepPauseMs) await new Promise((r) => setTimeout(r, opts.stepPauseMs));
    }
  };
  await run(before);
  // A cone's few cells sit at a few levels: the statements of levels no cell can reach are skipped.
  const levels = cone
    ? await runConeLevels(db, depths, await reachableLevels(db))
    : planSteps(WORK, depths, () => true);
  total = done + levels.length + after.length;
  await run([...levels, ...after]);
  return { coneCodes: codes, stored };
}

/** A level of the three trees: its boundary and depths (place, programme, ethnicity). */
type Reachable = (boundary: string, pdepth: number, gdepth: number, edepth: number) => boolean;

/**
 * Which levels can hold cells, from the levels of the cells computed so far (direct and seed): cells
 * only move up, so a level is reachable from a level at least as deep in all three trees. Under
 * CURRENT, the pre-2025 provinces take AS_REPORTED's cells at every programme and ethnicity depth.
 */
async function reachableLevels(db: pg.ClientBase): Promise<Reachable> {
  const present = (
    await db.query<PresentLevel>(
      `SELECT DISTINCT boundary::text AS b, pdepth AS p, gdepth AS g, edepth AS e FROM ${WORK}`,
    )
  ).rows;
  const fromReported = present
    .filter((l) => l.b === "AS_REPORTED")
    .map((l) => ({ ...l, b: "CURRENT", p: CURRENT_MAX_STORED_DEPTH + 1 }));
  return levelsAtOrAbove([...present, ...fromReported]);
}

/** A level of some cells: boundary, place, programme and ethnicity depth. */
type PresentLevel = { b: string; p: number; g: number; e: number };

/** The levels at or above one of `levels` in all three trees. */
const levelsAtOrAbove =
  (levels: PresentLevel[]): Reachable =>
  (b, p, g, e) =>
    levels.some((l) => l.b === b && l.p >= p && l.g >= g && l.e >= e);

interface Depths {
  place: Record<string, number>;
  programme: number;
  ethnicity: number;
}

/**
 * The places to recompute in a cone refresh, per boundary: the changed places and their ancestors,
 * under CURRENT only those whose cells are stored (the 2025 units and above): every statement that
 * reads a cone place's stored cells looked up the others' in vain (half the probes of a district's
 * refresh).
 */
export const CONE = "_rk_cone";

/**
 * The cone, and the places whose stored cells stand in for their unchanged subtrees (`_rk_seed`):
 * every child of a cone place outside the cone. Under CURRENT, a 2025 province's children are the
 * pre-2025 provinces, whose cells are AS_REPORTED's: those are read under AS_REPORTED, from where the
 * CURRENT predecessors step takes them, like a full computation does.
 */
async function prepareCone(db: pg.ClientBase, places: string[], sliceTable: string | undefined): Promise<string[]> {
  if (!sliceTable) throw new Error("a cone refresh needs a slice table");
  const prepared = await db.query(`
    DROP TABLE IF EXISTS ${CONE}, _rk_seed;
    CREATE TEMP TABLE ${CONE} AS SELECT DISTINCT pc.boundary, pc.ancestor AS key FROM _rk_pclosure pc
      JOIN _rk_pdepth pd ON pd.boundary = pc.boundary AND pd.key = pc.ancestor
     WHERE pc.key = ANY(${textArray(places)}) AND NOT (pc.boundary = 'CURRENT' AND pd.depth > ${CURRENT_MAX_STORED_DEPTH});
    -- before its children are found: estimated from the bare table, the nation's 1,600 cone places
    -- were planned as a few rows: finding their 13,000 children took 94-116 ms, with statistics 24 ms
    ANALYZE ${CONE};
    -- the children in the trees (_rk_pdepth) are kept places, whose edges _rk_edge holds: hashed
    -- against place_edge's 33,000 rows, a district's 234 took 6-10 ms, 2 ms against _rk_edge's 500
    CREATE TEMP TABLE _rk_seed AS
      SELECT e.boundary, e.child_key AS key FROM ${CONE} k JOIN _rk_edge e ON e.boundary = k.boundary AND e.parent_key = k.key
        JOIN _rk_pdepth pd ON pd.boundary = e.boundary AND pd.key = e.child_key
       WHERE NOT (e.boundary = 'CURRENT' AND pd.depth > ${CURRENT_MAX_STORED_DEPTH})
      UNION
      SELECT 'AS_REPORTED', e.child_key FROM ${CONE} k JOIN place_edge e ON e.boundary = 'CURRENT' AND e.parent_key = k.key
        JOIN _rk_pdepth pd ON pd.boundary = 'CURRENT' AND pd.key = k.key AND pd.depth = ${CURRENT_MAX_STORED_DEPTH}
       WHERE k.boundary = 'CURRENT';
    DELETE FROM _rk_seed s USING ${CONE} k WHERE k.boundary = s.boundary AND k.key = s.key;
    CREATE INDEX ON _rk_gdepth (code);
    CREATE INDEX ON _rk_edepth (code);
    ANALYZE _rk_seed;
    SELECT DISTINCT key FROM ${CONE} ORDER BY key`);
  return lastResult<{ key: string }>(prepared).map((r) => r.key);
}

/**
 * FROM … WHERE of the stored cells `r` of the places in `places` (boundary, key) in the slices of
 * `sliceTable`: one primary-key range per boundary, measure, kind and place (all its periods, then
 * kept if their period is one of the slices'), not one per slice, which reads the same range again
 * for every period of a measure. Kept where `filter` holds. With `codes` (the narrowed trees), only
 * the cells of the cone's codes.
 */
export function storedCellsSql(places: string, sliceTable: string, codes: CodeCone[], filter = "true"): string {
  if (codes.length && codes.reduce((n, c) => n * c.cone.length, 1) <= MAX_PROBED_CODES)
    return probedCellsSql(places, sliceTable, codes);
  return `FROM (SELECT DISTINCT measure_code, kind FROM ${sliceTable}) mk
      CROSS JOIN ${places} k
      JOIN rollup r ON r.boundary = k.boundary AND r.measure_code = mk.measure_code AND r.kind = mk.kind AND r.place_key = k.key
     WHERE EXISTS (SELECT 1 FROM ${sliceTable} s WHERE s.measure_code = r.measure_code AND s.kind = r.kind
                      AND s.period_start = r.period_start AND s.period_end = r.period_end)
       AND ${filter} AND ${codesIn("r", codes)}`;
}

/**
 * Up to this many ethnicity × programme pairs, a narrowed cone's cells are looked up one key at a
 * time (a few index probes per place and slice); above it, a place's range is read and filtered,
 * which fetches every cell of the range (most of a province's or a region's are of other codes).
 */
const MAX_PROBED_CODES = 8;

/**
 * The stored cells of storedCellsSql for a few codes: every key spelled out first (MATERIALIZED: the
 * planner otherwise reads each place's range and joins the codes after), each looked up by the
 * whole primary key.
 */
function probedCellsSql(places: string, sliceTable: string, codes: CodeCone[]): string {
  const narrowed = CODE_TREES.filter((t) => codes.some((c) => c.column === t.column));
  const codeOf = (column: string) => codes.find((c) => c.column === column)!.cone;
  return `FROM (WITH key AS MATERIALIZED (
        SELECT k.boundary, k.key, s.measure_code, s.kind, s.period_start, s.period_end, ${narrowed.map((t) => `${t.column}.code AS ${t.column}`).join(", ")}
          FROM ${places} k CROSS JOIN ${sliceTable} s ${narrowed.map((t) => `CROSS JOIN unnest(${textArray(codeOf(t.column))}) ${t.column}(code)`).join(" ")})
      SELECT * FROM key) x
      JOIN rollup r ON r.boundary = x.boundary AND r.measure_code = x.measure_code AND r.kind = x.kind AND r.place_key = x.key
        ${narrowed.map((t) => `AND r.${t.column} = x.${t.column}`).join(" ")}
        AND r.period_start = x.period_start AND r.period_end = x.period_end`;
}

/** The trees of codes a cone refresh can narrow: the column of a cell, and the table and closure of the tree. */
const CODE_TREES = [
  { option: "ethnicities", column: "ethnicity_code", tree: "ethnicity", closure: "_rk_eclosure" },
  { option: "programmes", column: "programme_code", tree: "programme", closure: "_rk_gclosure" },
] as const;

/**
 * A narrowed tree of a cone refresh: the changed codes' ancestors (`cone`), and the other children
 * of those (`neighbours`, whose cells stand in for their unchanged subtrees, as the seed places do).
 */
export interface CodeCone {
  column: (typeof CODE_TREES)[number]["column"];
  cone: string[];
  neighbours: string[];
}

/** The cone in each tree of codes the refresh narrows (only the changed figures' ethnicities or programmes given). */
async function codeCones(
  db: pg.ClientBase,
  changed: Pick<ComputeOptions, "ethnicities" | "programmes">,
): Promise<CodeCone[]> {
  const narrowed = CODE_TREES.filter((t) => changed[t.option] !== undefined);
  if (!narrowed.length) return [];
  const r = await db.query<{ cones: { cone: string[]; neighbours: string[] }[] }>(
    `SELECT ARRAY[${narrowed
      .map(
        (
          t,
        ) => `(WITH cone AS (SELECT DISTINCT ancestor AS code FROM ${t.closure} WHERE code = ANY($${CODE_TREES.indexOf(t) + 1}::text[]))
      SELECT json_build_object('cone', (SELECT array_agg(code ORDER BY code) FROM cone),
        'neighbours', coalesce((SELECT array_agg(code ORDER BY code) FROM ${t.tree}
                        WHERE parent_code IN (SELECT code FROM cone) AND code NOT IN (SELECT code FROM cone)), '{}')))`,
      )
      .join(", ")}] AS cones`,
    CODE_TREES.map((t) => changed[t.option] ?? []),
  );
  return narrowed.map((t, i) => ({ column: t.column, ...r.rows[0].cones[i] }));
}

/** Whether the cell `alias` is of the cone's codes in every narrowed tree (of the neighbours in `neighboursIn`). */
function codesIn(alias: string, cones: CodeCone[], neighboursIn?: CodeCone): string {
  if (!cones.length) return "true";
  return cones
    .map((c) => `${alias}.${c.column} = ANY(${textArray(c === neighboursIn ? c.neighbours : c.cone)})`)
    .join(" AND ");
}

/**
 * Whether the cell `alias` (of a cone place) is the child of a cone cell in one of the narrowed
 * trees, outside the cone: not recomputed, it is read as stored.
 */
const neighbourCodesSql = (alias: string, cones: CodeCone[]) =>
  `(${cones.map((n) => codesIn(alias, cones, n)).join(" OR ")})`;

/**
 * The cone places with figures of the refreshed measures and kinds (of any period: a year's cells
 * are summed from its periods'), whose cells of other codes (neighbourCodesSql) a cone cell can be
 * summed from. A place without any has its cells from its children's alone: place parts come first,
 * and a child with a cell below some code has one at the code itself too.
 */
const reportingConePlaces = (sliceTable: string) => `(SELECT k.* FROM ${CONE} k WHERE EXISTS (
      SELECT 1 FROM (SELECT DISTINCT measure_code, kind FROM ${sliceTable}) mk
        JOIN figure f ON f.measure_code = mk.measure_code AND f.kind = mk.kind AND f.place_key = k.key))`;

/** The stored cells `stored` (storedCellsSql), as they are: they win over anything derived for those cells. */
function seedSql(table: string, stored: string): string {
  const cell = copyOf("r", {
    figure_ids: workIds("r.figure_ids"),
    pdepth: "pd.depth",
    gdepth: "gd.depth",
    edepth: "ed.depth",
    ...measureTraits("m"),
  });
  // The cells first (MATERIALIZED: planned for their real number, then hash-joined to the small tables).
  return `WITH r AS MATERIALIZED (SELECT r.* ${stored})
    ${insertCells(
      table,
      WORK_COLUMNS,
      cell,
      `FROM r
      JOIN measure m ON m.code = r.measure_code
      JOIN _rk_pdepth pd ON pd.boundary = r.boundary AND pd.key = r.place_key
      JOIN _rk_gdepth gd ON gd.code = r.programme_code
      JOIN _rk_edepth ed ON ed.code = r.ethnicity_code`,
    )}`;
}

/** How the cells of a measure (the `measure` row `m`) combine: src/rules/additivity.ts. */
function measureTraits(m: string): Pick<CellSql, "additive" | "flow" | "programmes_overlap"> {
  return {
    additive: `${m}.aggregation = 'SUM'`,
    flow: `${m}.flow`,
    programmes_overlap: `NOT ${m}.adds_over_programmes`,
  };
}

/** The rows of the last statement of a multi-statement query (one round trip for several statements). */
function lastResult<T>(results: pg.QueryResult | pg.QueryResult[]): T[] {
  const all = Array.isArray(results) ? results : [results];
  return all[all.length - 1].rows as T[];
}

/** The keys spelled out as a text[] literal (place keys: letters, digits and dashes; quotes doubled all the same). */
const textArray = (keys: string[]) => `ARRAY[${keys.map((k) => `'${k.replace(/'/g, "''")}'`).join(", ")}]::text[]`;

/**
 * The place trees of a cone refresh, over the only places it reads or writes (the universe): the
 * changed places' ancestors (the cone), every child of those (the stored neighbours), and the places
 * of the flagged figures in the refreshed slices (counted in the cone's flagged_excluded), with their
 * ancestors in both trees: a few hundred places instead of every commune of the country. Of those,
 * `_rk_kept` holds the places that can have cells in the refreshed slices (keptSql; a place group the
 * cone can reach is in the universe), found by index lookups from the changed places, and `_rk_edge` their
 * edges, over which the trees are built: no statement hashes every edge or place of the country.
 */
function conePlaceTreeSql(changedPlaces: string[], sliceTable: string): string {
  const sliceJoin = sliceJoinOf(sliceTable);
  const boundaries = `unnest(enum_range(NULL::"Boundary"))`;
  return `
    DROP TABLE IF EXISTS _rk_kept, _rk_pdepth, _rk_pclosure, _rk_edge;
    -- estimated from bare CTEs, the recursions were planned as hash joins over every edge
    SET LOCAL enable_hashjoin = off;
    SET LOCAL enable_mergejoin = off;
    CREATE TEMP TABLE _rk_kept AS
      WITH RECURSIVE cone(boundary, key) AS (
        SELECT b, c.key FROM unnest(${textArray(changedPlaces)}) c(key) CROSS JOIN ${boundaries} b
        UNION SELECT e.boundary, e.parent_key FROM cone JOIN place_edge e ON e.boundary = cone.boundary AND e.child_key = cone.key
      ), near(key) AS (
        SELECT key FROM cone
        UNION SELECT e.child_key FROM cone JOIN place_edge e ON e.boundary = cone.boundary AND e.parent_key = cone.key
        UNION SELECT f.place_key FROM figure f ${sliceJoin} WHERE ${FLAGGED_SQL("f")}
      ), up(boundary, key) AS (
        SELECT b, n.key FROM near n CROSS JOIN ${boundaries} b
        UNION SELECT e.boundary, e.parent_key FROM up JOIN place_edge e ON e.boundary = up.boundary AND e.child_key = up.key
      )
      SELECT p.key, p.level FROM (SELECT DISTINCT key FROM up) u JOIN place p ON p.key = u.key
       WHERE ${keptSql(changedPlaces, sliceTable)};
    SET LOCAL enable_hashjoin = on;
    SET LOCAL enable_mergejoin = on;
    ANALYZE _rk_kept;
    CREATE TEMP TABLE _rk_edge AS ${KEPT_EDGES_SQL};
    ANALYZE _rk_edge;
    ${placeTreeSql("SELECT * FROM _rk_edge", "_rk_edge")}`;
}

/**
 * The edges of the kept places (`_rk_kept`) to their parents, in both trees: each looked up by its
 * key (OFFSET 0 keeps the lookup from being turned into a hash join over every edge of the country).
 */
const KEPT_EDGES_SQL = `SELECT e.boundary, e.child_key, e.parent_key FROM _rk_kept k CROSS JOIN unnest(enum_range(NULL::"Boundary")) b
        CROSS JOIN LATERAL (SELECT * FROM place_edge e WHERE e.boundary = b AND e.child_key = k.key OFFSET 0) e`;

/**
 * Whether the place `p` is kept by a cone refresh (`_rk_kept`, the places its place trees may hold).
 * Only communes with figures of the refreshed measures and kinds (`sliceTable`'s, of any period), or
 * just changed (so that a commune whose last figure went is recomputed), can have cells in its
 * slices: the other communes are left out (a commune is a leaf, and a slice sums its own measure's
 * figures alone; a national report's districts hold 9,000 communes with figures, 5,300 of its two
 * measures at 1M), and every place above a commune is kept. Place groups are roots of their own.
 */
const keptSql = (changedPlaces: string[], sliceTable: string) =>
  // The EXISTS is run for communes only (an index probe of figure by measure, kind and place).
  `p.level <> 'COMMUNE' OR p.key = ANY(${textArray(changedPlaces)}) OR EXISTS (
     SELECT 1 FROM (SELECT DISTINCT measure_code, kind FROM ${sliceTable}) mk
       JOIN figure f ON f.measure_code = mk.measure_code AND f.kind = mk.kind AND f.place_key = p.key)`;

/** The join of a figure `f` to the slices of `sliceTable` (a cone refresh's). */
const sliceJoinOf = (sliceTable: string) =>
  `JOIN ${sliceTable} s ON s.measure_code = f.measure_code AND s.kind = f.kind AND s.period_start = f.period_start AND s.period_end = f.period_end`;

/**
 * `_rk_kept`'s rows in a full computation (the places keptSql keeps, in two parts): the places above
 * a commune (a partial index: about 1,000), and the communes with figures or just changed, each
 * looked up by its key. Neither scans the country's communes (a statement that held the embedded
 * database's one session for 70-180 ms on the seed).
 */
const fullKeptSql = (changedPlaces: string[]) => `
  SELECT p.key, p.level FROM place p WHERE p.level <> 'COMMUNE'
  UNION ALL
  SELECT p.key, p.level FROM (SELECT f.place_key FROM figure f UNION SELECT unnest(${textArray(changedPlaces)})) c(key)
   CROSS JOIN LATERAL (SELECT p.key, p.level FROM place p WHERE p.key = c.key AND p.level = 'COMMUNE' OFFSET 0) p`;

/**
 * `_rk_pdepth` and `_rk_pclosure` of the kept places, from `keptEdges` (a query of their edges)
 * down from the nation, then up over `edges`.
 */
const placeTreeSql = (keptEdges: string, edges: string) => `
    DROP TABLE IF EXISTS _rk_pdepth, _rk_pclosure;
    CREATE TEMP TABLE _rk_pdepth AS
      -- Driven from the kept places (850 on the seed) rather than from every edge (33,000).
      WITH RECURSIVE kept_edge AS MATERIALIZED (${keptEdges}), t(boundary, key, depth) AS (
        SELECT b, 'VN'::text, 0 FROM unnest(enum_range(NULL::"Boundary")) b
        -- Place groups are roots of their own (no edges): their figures get cells, summed into nothing.
        UNION ALL SELECT b, k.key, 0 FROM _rk_kept k CROSS JOIN unnest(enum_range(NULL::"Boundary")) b WHERE k.level = 'GROUP'
        UNION ALL SELECT e.boundary, e.child_key, t.depth + 1 FROM kept_edge e JOIN t ON e.boundary = t.boundary AND e.parent_key = t.key)
      SELECT * FROM t;
    CREATE TEMP TABLE _rk_pclosure AS
      WITH RECURSIVE t(boundary, key, ancestor) AS (
        SELECT boundary, key, key FROM _rk_pdepth
        UNION ALL SELECT t.boundary, t.key, e.parent_key FROM t JOIN ${edges} e ON e.boundary = t.boundary AND e.child_key = t.ancestor)
      SELECT * FROM t;`;

/**
 * A full computation's closure of places, indexed by key alone (each flagged figure's ancestors are
 * looked up by its place: led by the boundary, each lookup scanned half the index) and analyzed. A
 * cone's closure is neither: its three statements over it (the cone, the count parents, the flagged
 * figures' ancestors) read it once each, and at the nation's 134,000 rows the index and the
 * statistics took about 250 ms of a 1.6-2.3 s refresh, to save about 50 ms in those three statements.
 */
const FULL_CLOSURE_SQL = `CREATE INDEX ON _rk_pclosure (key); ANALYZE _rk_pclosure;`;

/**
 * Depth tables of the three trees and the closure of places (per boundary), as temp tables. With
 * `coneSlices` (a cone refresh's table of slices), the place tree holds only the places the cone can reach
 * (conePlaceTreeSql).
 */
async function prepareTrees(db: pg.ClientBase, changedPlaces: string[], coneSlices?: string): Promise<Depths> {
  if (coneSlices !== undefined) await db.query(conePlaceTreeSql(changedPlaces, coneSlices));
  else {
    await db.query(`DROP TABLE IF EXISTS _rk_kept`);
    await db.query(`CREATE TEMP TABLE _rk_kept AS ${fullKeptSql(changedPlaces)}`);
    await db.query(`ANALYZE _rk_kept`);
    await db.query(placeTreeSql(KEPT_EDGES_SQL, "place_edge"));
  }
  const built = await db.query(`
    DROP TABLE IF EXISTS _rk_gdepth, _rk_edepth, _rk_gclosure, _rk_eclosure;
    CREATE TEMP TABLE _rk_gdepth AS
      WITH RECURSIVE t(code, depth) AS (
        SELECT code, 0 FROM programme WHERE parent_code IS NULL
        UNION ALL SELECT p.code, t.depth + 1 FROM programme p JOIN t ON p.parent_code = t.code)
      SELECT * FROM t;
    CREATE TEMP TABLE _rk_edepth AS
      WITH RECURSIVE t(code, depth) AS (
        SELECT code, 0 FROM ethnicity WHERE parent_code IS NULL
        UNION ALL SELECT e.code, t.depth + 1 FROM ethnicity e JOIN t ON e.parent_code = t.code)
      SELECT * FROM t;
    DROP TABLE IF EXISTS _rk_ethnicity_child_count;
    CREATE TEMP TABLE _rk_ethnicity_child_count AS
      SELECT parent_code, count(*)::bigint AS total FROM ethnicity WHERE parent_code IS NOT NULL GROUP BY 1;
    CREATE TEMP TABLE _rk_gclosure AS
      WITH RECURSIVE t(code, ancestor) AS (
        SELECT code, code FROM programme
        UNION ALL SELECT t.code, p.parent_code FROM t JOIN programme p ON p.code = t.ancestor WHERE p.parent_code IS NOT NULL)
      SELECT * FROM t;
    CREATE TEMP TABLE _rk_eclosure AS
      WITH RECURSIVE t(code, ancestor) AS (
        SELECT code, code FROM ethnicity
        UNION ALL SELECT t.code, e.parent_code FROM t JOIN ethnicity e ON e.code = t.ancestor WHERE e.parent_code IS NOT NULL)
      SELECT * FROM t;
    DROP TABLE IF EXISTS ${WORK};
    -- No primary key: a unique index costs four times the insert itself at this size (the anti-joins
    -- keep cells unique, and rollup_next gets its key once, after the load).
    CREATE TEMP TABLE ${WORK} (LIKE rollup INCLUDING DEFAULTS, pdepth int NOT NULL, gdepth int NOT NULL, edepth int NOT NULL,
      additive bool NOT NULL, flow bool NOT NULL, programmes_overlap bool NOT NULL);
    ALTER TABLE ${WORK} ALTER figure_ids TYPE text; -- see idAggregate
    CREATE INDEX ON ${WORK} (boundary, pdepth, gdepth, edepth);
    CREATE INDEX ON _rk_pdepth (boundary, key);
    ${coneSlices === undefined ? FULL_CLOSURE_SQL : ""}
    ANALYZE _rk_pdepth, _rk_gdepth, _rk_edepth, _rk_gclosure, _rk_eclosure;
    SELECT (SELECT json_object_agg(boundary, depth) FROM (SELECT boundary, max(depth) AS depth FROM _rk_pdepth GROUP BY 1) d) AS place,
           (SELECT max(depth) FROM _rk_gdepth) AS programme, (SELECT max(depth) FROM _rk_edepth) AS ethnicity`);
  return lastResult<Depths>(built)[0];
}

/** `edges`: the place edges the steps read (a cone refresh: only its places', `_rk_edge`). */
type Step = { name: string; sql: string };

/** The place depths of the trees in the order they are computed, each tree from its deepest stored depth up. */
function placeDepths(depths: Depths): { boundary: string; depth: number }[] {
  return BOUNDARIES.flatMap((boundary) => {
    // Below the 2025 provinces the CURRENT tree is the AS_REPORTED one: take those cells as computed.
    const deepest = boundary === "CURRENT" ? CURRENT_MAX_STORED_DEPTH : depths.place[boundary];
    return Array.from({ length: deepest + 1 }, (_, i) => ({ boundary, depth: deepest - i }));
  });
}

/** The steps into one place depth from the depth below: place parts (CURRENT's deepest stored depth: its predecessors). */
function placeStepsAt(table: string, depths: Depths, at: PlaceDepth, reachable: Reachable, edges: string): Step[] {
  const { boundary, depth: d } = at;
  return [
    ...(boundary === "CURRENT" && d === CURRENT_MAX_STORED_DEPTH
      ? [{ name: "CURRENT predecessors from AS_REPORTED", sql: currentPredecessorsSql(table, edges) }]
      : []),
    ...(d < depths.place[boundary] && reachable(boundary, d + 1, 0, 0)
      ? [{ name: `${boundary} place parts depth ${d}`, sql: placePartsSql(table, boundary, d, edges) }]
      : []),
  ];
}

/** The parts within the places of one depth, bottom-up: programme parts, ethnicity parts, calendar years. */
function partsStepsAt(table: string, depths: Depths, at: PlaceDepth, reachable: Reachable): Step[] {
  const { boundary, depth: d } = at;
  const steps: Step[] = [];
  for (let g = depths.programme; g >= 0; g--) {
    if (g < depths.programme && reachable(boundary, d, g + 1, 0))
      steps.push({ name: `${boundary} programme parts ${d}/${g}`, sql: programmePartsSql(table, boundary, d, g) });
    for (let e = depths.ethnicity; e >= 0; e--) {
      if (e < depths.ethnicity && reachable(boundary, d, g, e + 1))
        steps.push({
          name: `${boundary} ethnicity parts ${d}/${g}/${e}`,
          sql: ethnicityPartsSql(table, boundary, d, g, e),
        });
      if (reachable(boundary, d, g, e))
        steps.push({
          name: `${boundary} calendar years ${d}/${g}/${e}`,
          sql: calendarYearSql(table, boundary, d, g, e),
        });
    }
  }
  return steps;
}

type PlaceDepth = ReturnType<typeof placeDepths>[number];

function planSteps(table: string, depths: Depths, reachable: Reachable, edges = "place_edge"): Step[] {
  return placeDepths(depths).flatMap((at) => [
    ...placeStepsAt(table, depths, at, reachable, edges),
    ...partsStepsAt(table, depths, at, reachable),
  ]);
}

/**
 * A cone's level steps, one place depth at a time: once the place parts into a depth have run,
 * the parts within its places run only at the levels at or above one of its cells whose parent
 * (in the programme or ethnicity tree, or its calendar year) is missing then. Nothing is deleted, and
 * those steps create cells only at such levels, from such cells: every step skipped would have
 * written nothing. Most levels of a cone have every parent by then (their children's sums): of a
 * district's 80 level statements, 72 wrote nothing. Returns the last depth's steps, not yet run.
 */
async function runConeLevels(db: pg.ClientBase, depths: Depths, reachable: Reachable): Promise<Step[]> {
  let pending: Step[] = [];
  for (const at of placeDepths(depths)) {
    pending.push(...placeStepsAt(WORK, depths, at, reachable, "_rk_edge"));
    if (!partsStepsAt(WORK, depths, at, reachable).length) continue;
    const orphans = lastResult<PresentLevel>(
      await db.query([...pending.map((s) => s.sql), orphanLevelsSql(WORK, at)].join(";\n")),
    );
    pending = partsStepsAt(WORK, depths, at, levelsAtOrAbove(orphans));
  }
  return pending;
}

/**
 * The levels of the place depth `at` holding a cell whose parent a parts step would make: in the
 * ethnicity or programme tree, or its calendar year (each test the step's own, `absentParent`).
 */
function orphanLevelsSql(table: string, at: PlaceDepth): string {
  const level = `c.boundary = '${at.boundary}' AND c.pdepth = ${at.depth} AND c.additive`;
  const absent = (parent: Partial<CellSql>) => absentParent(table, at.boundary, copyOf("c", parent));
  return `SELECT DISTINCT c.boundary::text AS b, c.pdepth AS p, c.gdepth AS g, c.edepth AS e FROM ${table} c ${ETHNICITY_PARENT.join}
     WHERE ${level} AND c.edepth > 0 AND ${absent({ ...ETHNICITY_PARENT.key, edepth: "c.edepth - 1" })}
    UNION SELECT c.boundary::text, c.pdepth, c.gdepth, c.edepth FROM ${table} c ${PROGRAMME_PARENT.join}
     WHERE ${level} AND c.gdepth > 0 AND ${absent({ ...PROGRAMME_PARENT.key, gdepth: "c.gdepth - 1" })}
    UNION SELECT c.boundary::text, c.pdepth, c.gdepth, c.edepth FROM ${table} c
     WHERE ${level} AND ${inYearSql("c")} AND ${absent(yearKey("c"))}`;
}

/**
 * The cells of the units directly under the 2025 provinces (the pre-2025 provinces), copied from
 * AS_REPORTED, where they were computed over the same subtree; the direct CURRENT cells below them
 * are dropped first. Only the cells the CURRENT tree sums are copied, and they are not stored.
 */
function currentPredecessorsSql(table: string, edges: string): string {
  return `
    DELETE FROM ${table} WHERE boundary = 'CURRENT' AND pdepth > ${CURRENT_MAX_STORED_DEPTH};
    ${insertCells(
      table,
      WORK_COLUMNS,
      copyOf("a", { boundary: "'CURRENT'", pdepth: "pd.depth + 1" }),
      `
      FROM ${table} a
      JOIN ${edges} e ON e.boundary = 'CURRENT' AND e.child_key = a.place_key
      JOIN _rk_pdepth pd ON pd.boundary = 'CURRENT' AND pd.key = e.parent_key AND pd.depth = ${CURRENT_MAX_STORED_DEPTH}
     WHERE a.boundary = 'AS_REPORTED'`,
    )}`;
}

/**
 * The reported cells, computed once from the figures (not once per boundary), then placed in each
 * tree: every place under AS_REPORTED, and under CURRENT only the places whose CURRENT cells are
 * stored (the 2025 units and above; below them CURRENT takes AS_REPORTED's cells). A cone keeps
 * the cells of its codes (`inConeCodes` over the cell `c`), once they are computed: filtering the
 * figures by code as well made the planner expect a row where thousands come.
 */
function directSql(table: string, sliceJoin: string, cone: boolean, conePlaces: string[], inConeCodes: string): string {
  // The cone's places spelled out: the figures are found by the (measure, kind, place) index.
  const placeList = textArray(conePlaces);
  const keys = KEY_COLUMNS.slice(1);
  const cell: Partial<CellSql> = {
    ...Object.fromEntries(keys.map((k) => [k, `c.${k}`])),
    ...combined("c"),
    figure_count: "count(*)",
    figure_ids: `CASE WHEN count(*) <= ${MAX_FIGURE_IDS} THEN string_agg(c.id::text, ',' ORDER BY c.id) END`,
    gdepth: "min(c.gdepth)",
    edepth: "min(c.edepth)",
    additive: "bool_and(c.aggregation = 'SUM')",
    flow: "bool_and(c.flow)",
    programmes_overlap: "bool_and(c.programmes_overlap)",
  };
  const computed = Object.keys(cell) as Column[];
  const placed: CellSql = {
    ...copyOf("c"),
    boundary: "pd.boundary",
    derivation: "'REPORTED'",
    parts_dimension: "NULL",
    covered_children: "0",
    total_children: "0",
    flagged_excluded: "0",
    computed_at: "now()",
    pdepth: "pd.depth",
  };
  const cellKey = keys.map((k) => `f.${k}`).join(", ");
  const sameCell = keys.map((k) => `l.${k} = f.${k}`).join(" AND ");
  // Hashed, not sorted: the latest document of each cell (a GROUP BY), its figures (a join), and of
  // a measure that does not sum its latest figure (the highest id). A window over the cells sorted
  // the figures twice, on disk at 1M. A cone's few thousand figures are sorted in memory instead:
  // estimated at a row, the join was planned as a loop over the groups for every figure (seconds).
  const latestFigures = cone
    ? `chosen AS (
      SELECT * FROM (SELECT f.*, max(f.doc_order) OVER (PARTITION BY ${cellKey}) AS latest_order FROM figures f) f
       WHERE f.doc_order = f.latest_order`
    : `latest AS (
      SELECT ${cellKey}, max(f.doc_order) AS doc_order, row_number() OVER () AS cell FROM figures f GROUP BY ${cellKey}
    ), chosen AS (
      SELECT f.*, l.cell FROM figures f JOIN latest l ON ${sameCell} AND l.doc_order = f.doc_order`;
  // A full computation groups its chosen figures by a number for each cell (from `latest`): the
  // sort of a million figures compares integers, not the key's texts in the database's collation.
  const cellGroup = cone ? keys.map((k) => `c.${k}`) : ["c.cell", ...keys.map((k) => `c.${k}`)];
  const figureColumns = `f.id, f.measure_code, f.kind, f.place_key, f.ethnicity_code, f.programme_code, f.period_start, f.period_end,
             f.value, f.qualifier, m.aggregation, m.flow, NOT m.adds_over_programmes AS programmes_overlap,
             ${Q.lowerOf("f.value", "f.qualifier")} AS lower, ${Q.upperOf("f.value", "f.qualifier")} AS upper,
             gd.depth AS gdepth, ed.depth AS edepth`;
  const figureRows = `JOIN measure m ON m.code = f.measure_code
      -- the depths joined to the figures (estimated right), not to the cells (estimated at a row: each cell hashed)
      JOIN _rk_gdepth gd ON gd.code = f.programme_code
      JOIN _rk_edepth ed ON ed.code = f.ethnicity_code
      ${sliceJoin}
      WHERE NOT (${FLAGGED_SQL("f")})
        AND ${aggregatedFigureSql("f")}
        ${cone ? `AND f.place_key = ANY(${placeList})` : ""}`;
  const docOrder = `row_number() OVER (ORDER BY published_at NULLS FIRST, id)::int AS doc_order`;
  // Each figure's document's place in publication order. A cone numbers only its figures' documents
  // (the order is only ever compared within a cell) in the statement itself: numbered beforehand,
  // they were looked up through their figures twice (a district's 4,500: 6-17 ms).
  const figures = cone
    ? `found AS MATERIALIZED (
      SELECT ${figureColumns}, f.document_id FROM figure f ${figureRows}
    ), doc_order AS (
      SELECT id, ${docOrder} FROM document WHERE id IN (SELECT document_id FROM found)
    ), figures AS (
      SELECT f.*, o.doc_order FROM found f JOIN doc_order o ON o.id = f.document_id`
    : `figures AS (
      SELECT ${figureColumns}, o.doc_order FROM figure f JOIN _rk_doc_order o ON o.id = f.document_id ${figureRows}`;
  return `
    ${cone ? "" : `DROP TABLE IF EXISTS _rk_doc_order; CREATE TEMP TABLE _rk_doc_order AS SELECT id, ${docOrder} FROM document; ANALYZE _rk_doc_order;`}
    WITH ${figures}
    ), ${latestFigures}
    ), direct AS (
      SELECT ${selectOf(cell, computed)}
        FROM chosen c
       WHERE c.aggregation = 'SUM' OR c.id IN (SELECT max(f.id) FROM chosen f WHERE f.aggregation <> 'SUM' GROUP BY ${cone ? cellKey : "f.cell"})
       GROUP BY ${cellGroup.join(", ")}
    )
    ${insertCells(
      table,
      WORK_COLUMNS,
      placed,
      `
    FROM direct c
    JOIN _rk_pdepth pd ON pd.key = c.place_key AND (pd.boundary = 'AS_REPORTED' OR pd.depth <= ${CURRENT_MAX_STORED_DEPTH})
    ${cone ? `JOIN ${CONE} k ON k.boundary = pd.boundary AND k.key = c.place_key WHERE ${inConeCodes}` : ""}`,
    )}`;
}

/** Whether the figure row `f` is flagged IMPLAUSIBLE: such figures are left out of every cell. */
const FLAGGED_SQL = (f: string) => `'IMPLAUSIBLE' = ANY(coalesce(${f}.flags, '{}'))`;

/** A cell's level in the three trees: every cell key belongs to exactly one level. */
interface Level {
  boundary: string;
  pdepth: number;
  gdepth?: number;
  edepth?: number;
}

/**
 * Keeps the rows (children) whose parent cell `cell` (expressions over the rows) is not yet in
 * `table`: tested on each child before grouping, so that only the parents still missing are
 * aggregated (most candidates of a lower-priority derivation already exist). Compared only with the
 * rows of the target level (literal boundary and place depth, so the planner hashes that slice of
 * the work table, not all of it).
 */
function absentParent(table: string, boundary: string, cell: CellSql): string {
  const same = KEY_COLUMNS.filter((k) => k !== "boundary")
    .map((k) => `x.${k} = ${cell[k]}`)
    .join(" AND ");
  return `NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.boundary = '${boundary}' AND x.pdepth = ${cell.pdepth}
      AND x.gdepth = ${cell.gdepth} AND x.edepth = ${cell.edepth} AND ${same})`;
}

/**
 * The cells one level up in one tree, from the rows `c` of `from` grouped by `key` (the child's key
 * with the parent in the tree's column): summed, or for overlapping parts their union.
 */
function partsInsert(
  table: string,
  level: Level,
  dimension: string,
  key: Partial<CellSql>,
  parts: Partial<CellSql>,
  from: string,
): string {
  const cell: CellSql = {
    ...copyOf("c"),
    ...key,
    ...combined("c"),
    derivation: "'SUM_OF_PARTS'::\"Derivation\"",
    parts_dimension: `'${dimension}'`,
    covered_children: "count(*)",
    figure_count: "sum(c.figure_count)",
    figure_ids: idAggregate("c"),
    flagged_excluded: "0",
    computed_at: "now()",
    additive: "true",
    flow: "bool_and(c.flow)",
    programmes_overlap: "bool_and(c.programmes_overlap)",
    ...parts,
  } as CellSql;
  const groupBy = [...KEY_COLUMNS.map((k) => cell[k]), cell.pdepth, cell.gdepth, cell.edepth].filter(
    (e) => !/^\d+$/.test(e),
  );
  return `INSERT INTO ${table} (${names(WORK_COLUMNS)})
    SELECT ${selectOf(cell, WORK_COLUMNS)} FROM ${from} AND ${absentParent(table, level.boundary, cell)}
     GROUP BY ${groupBy.join(", ")}`;
}

/** A child row `c`'s parent in the ethnicity (programme) tree: the join that finds it, and its key. */
const ETHNICITY_PARENT = {
  join: "JOIN ethnicity et ON et.code = c.ethnicity_code",
  key: { ethnicity_code: "et.parent_code" },
};
const PROGRAMME_PARENT = {
  join: "JOIN programme p ON p.code = c.programme_code",
  key: { programme_code: "p.parent_code" },
};

function placePartsSql(table: string, boundary: string, depth: number, edges: string): string {
  // Joined, not looked up per group: one hash join over the children instead of an index probe per parent.
  const total = "min(t.total)";
  return partsInsert(
    table,
    { boundary, pdepth: depth },
    "PLACE",
    { place_key: "e.parent_key" },
    { total_children: total, pdepth: String(depth) },
    `${table} c
     JOIN ${edges} e ON e.boundary = c.boundary AND e.child_key = c.place_key
     LEFT JOIN _rk_child_count t ON t.boundary = c.boundary AND t.parent_key = e.parent_key
       AND t.period_start = c.period_start AND t.period_end = c.period_end
     WHERE c.boundary = '${boundary}' AND c.pdepth = ${depth + 1} AND c.additive`,
  );
}

/**
 * Programme parts: summed, or for a measure that does not add over programmes (beneficiaries) their
 * union, a bounded value (src/rules/additivity.ts). Coverage counts only the child programmes under
 * which the measure can be reported (`measure.applies_to`).
 */
function programmePartsSql(table: string, boundary: string, placeDepth: number, programmeDepth: number): string {
  const union = "bool_and(c.programmes_overlap)";
  const total = "min(t.total)";
  return partsInsert(
    table,
    { boundary, pdepth: placeDepth, gdepth: programmeDepth },
    "PROGRAMME",
    PROGRAMME_PARENT.key,
    {
      ...combined("c", union),
      derivation: `(CASE WHEN ${union} AND count(*) > 1 THEN 'BOUNDED_BY_PARTS' ELSE 'SUM_OF_PARTS' END)::"Derivation"`,
      total_children: total,
      pdepth: String(placeDepth),
      gdepth: String(programmeDepth),
    },
    `${table} c
     ${PROGRAMME_PARENT.join}
     LEFT JOIN _rk_programme_child_count t ON t.measure_code = c.measure_code AND t.parent_code = p.parent_code
     WHERE c.boundary = '${boundary}' AND c.pdepth = ${placeDepth} AND c.gdepth = ${programmeDepth + 1} AND c.additive`,
  );
}

/**
 * The sum of the groups `alias`, open-ended where `open` holds (some groups did not report: at
 * least the sum, src/rules/additivity.ts `withUnreportedGroups`).
 */
function withUnreportedGroupsSql(
  alias: string,
  open: string,
): Pick<CellSql, "value" | "lower" | "upper" | "qualifier"> {
  const sum = combined(alias);
  const lower = Q.openLower(`${alias}.lower`);
  return {
    value: sum.value,
    lower: `CASE WHEN ${open} THEN ${lower} ELSE ${sum.lower} END`,
    upper: `CASE WHEN ${open} THEN NULL ELSE ${sum.upper} END`,
    qualifier: `CASE WHEN ${open} THEN ${Q.openQualifier(`${alias}.qualifier`, lower)} ELSE ${sum.qualifier} END`,
  };
}

function ethnicityPartsSql(
  table: string,
  boundary: string,
  placeDepth: number,
  programmeDepth: number,
  ethnicityDepth: number,
): string {
  // Joined once per child row: as a subquery it ran four times per parent cell, most of the step's time.
  const total = "min(t.total)";
  return partsInsert(
    table,
    { boundary, pdepth: placeDepth, gdepth: programmeDepth, edepth: ethnicityDepth },
    "ETHNICITY",
    ETHNICITY_PARENT.key,
    {
      ...withUnreportedGroupsSql("c", `count(*) < ${total}`),
      total_children: total,
      pdepth: String(placeDepth),
      gdepth: String(programmeDepth),
      edepth: String(ethnicityDepth),
    },
    `${table} c
     ${ETHNICITY_PARENT.join}
     LEFT JOIN _rk_ethnicity_child_count t ON t.parent_code = et.parent_code
     WHERE c.boundary = '${boundary}' AND c.pdepth = ${placeDepth} AND c.gdepth = ${programmeDepth} AND c.edepth = ${ethnicityDepth + 1} AND c.additive`,
  );
}

/** Whether the cell `w` is of a flow, over a period inside one calendar year, shorter than the year. */
const inYearSql = (w: string) => `${w}.flow AND ${insideYearSql(`${w}.period_start`, `${w}.period_end`)}`;

/** The key of the calendar year holding the period of the cell `w`. */
function yearKey(w: string): Pick<CellSql, "period_start" | "period_end"> {
  const year = yearOfSql(`${w}.period_start`);
  return { period_start: `make_date(${year}, 1, 1)`, period_end: `make_date(${year}, 12, 31)` };
}

/**
 * A calendar year from the non-overlapping periods inside it, for flows (src/rules/calendar-year.ts);
 * last in priority, so a year reported or summed over a tree is never replaced.
 */
function calendarYearSql(
  table: string,
  boundary: string,
  placeDepth: number,
  programmeDepth: number,
  ethnicityDepth: number,
): string {
  const cell: CellSql = {
    ...copyOf("c"),
    period_start: "make_date(c.year, 1, 1)",
    period_end: "make_date(c.year, 12, 31)",
    ...combined("c"),
    derivation: "'SUM_OF_PARTS'::\"Derivation\"",
    parts_dimension: "'PERIOD'",
    covered_children: `sum(${monthsTouchedSql("c.period_start", "c.period_end")})`,
    total_children: "12",
    figure_count: "sum(c.figure_count)",
    figure_ids: idAggregate("c"),
    flagged_excluded: "0",
    computed_at: "now()",
    pdepth: String(placeDepth),
    gdepth: String(programmeDepth),
    edepth: String(ethnicityDepth),
    additive: "true",
    flow: "true",
    programmes_overlap: "bool_and(c.programmes_overlap)",
  };
  const groupBy = [
    "c.boundary",
    "c.measure_code",
    "c.kind",
    "c.place_key",
    "c.ethnicity_code",
    "c.programme_code",
    "c.year",
  ];
  const yearCell = copyOf("w", {
    ...yearKey("w"),
    pdepth: String(placeDepth),
    gdepth: String(programmeDepth),
    edepth: String(ethnicityDepth),
  });
  return `
    INSERT INTO ${table} (${names(WORK_COLUMNS)})
    WITH c AS (
      SELECT w.*, ${yearOfSql("w.period_start")} AS year,
             lag(w.period_end) OVER (PARTITION BY w.measure_code, w.kind, w.place_key, w.ethnicity_code, w.programme_code, ${yearOfSql("w.period_start")}
                                     ORDER BY w.period_start, w.period_end) AS previous_end
        FROM ${table} w
       WHERE w.boundary = '${boundary}' AND w.pdepth = ${placeDepth} AND w.gdepth = ${programmeDepth} AND w.edepth = ${ethnicityDepth}
         AND w.additive AND ${inYearSql("w")} AND ${absentParent(table, boundary, yearCell)})
    SELECT ${selectOf(cell, WORK_COLUMNS)}
      FROM c
     GROUP BY ${groupBy.join(", ")}
    HAVING bool_and(c.previous_end IS NULL OR c.previous_end < c.period_start)`;
}

/**
 * How many children each place has for each period of the computation (and each calendar year): in
 * both trees the units valid during the period (under CURRENT a 2025 province has its old provinces
 * for 2022 and its communes for 2026). Only for the parents above some cell of the computation:
 * with every commune in the tree, the other ~20,000 parents would multiply by every period.
 */
function childCountsSql(): string {
  return `
    DROP TABLE IF EXISTS _rk_child_count, _rk_count_parents, _rk_count_periods;
    -- proper ancestors in either tree (an old province's cells are copied into CURRENT, under its
    -- 2025 province): a place has parts only above a place with cells
    CREATE TEMP TABLE _rk_count_parents AS
      SELECT DISTINCT pc.boundary, pc.ancestor AS key FROM _rk_pclosure pc
        JOIN (SELECT DISTINCT place_key FROM ${WORK}) w ON w.place_key = pc.key
       WHERE pc.ancestor <> pc.key;
    CREATE TEMP TABLE _rk_count_periods AS
      SELECT period_start, period_end FROM ${WORK}
      UNION SELECT make_date(${yearOfSql("period_start")}, 1, 1), make_date(${yearOfSql("period_start")}, 12, 31) FROM ${WORK};
    -- small tables with statistics: estimated from the bare work table, the join was planned for
    -- a hundred million rows and its hash spilled into 64 batches
    ANALYZE _rk_count_parents, _rk_count_periods;
    CREATE TEMP TABLE _rk_child_count AS
      SELECT e.boundary, e.parent_key, p.period_start, p.period_end,
             count(*) FILTER (WHERE c.valid_from <= p.period_end AND (c.valid_to IS NULL OR c.valid_to >= p.period_start))::int AS total
        FROM place_edge e JOIN place c ON c.key = e.child_key
        JOIN _rk_count_parents a ON a.boundary = e.boundary AND a.key = e.parent_key
       CROSS JOIN _rk_count_periods p
       GROUP BY 1, 2, 3, 4;
    CREATE INDEX ON _rk_child_count (boundary, parent_key, period_start, period_end);
    ANALYZE _rk_child_count`;
}

/** Flagged (IMPLAUSIBLE) figures anywhere under a cell, so a reader knows something was left out. */
function flaggedSql(table: string, sliceJoin: string): string {
  return `
    UPDATE ${table} t SET flagged_excluded = n.flagged FROM (
      SELECT pc.boundary, f.measure_code, f.kind, pc.ancestor AS place_key, ec.ancestor AS ethnicity_code, gc.ancestor AS programme_code,
             f.period_start, f.period_end, count(*)::int AS flagged
      FROM figure f
      ${sliceJoin}
      JOIN _rk_pclosure pc ON pc.key = f.place_key
      JOIN _rk_eclosure ec ON ec.code = f.ethnicity_code
      JOIN _rk_gclosure gc ON gc.code = f.programme_code
      WHERE ${FLAGGED_SQL("f")} AND ${aggregatedFigureSql("f")}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) n
    WHERE t.boundary = n.boundary AND t.measure_code = n.measure_code AND t.kind = n.kind AND t.place_key = n.place_key
      AND t.ethnicity_code = n.ethnicity_code AND t.programme_code = n.programme_code
      AND t.period_start = n.period_start AND t.period_end = n.period_end`;
}

/**
 * How many child programmes of each programme could report each measure: those whose subtree
 * meets a programme of `measure.applies_to` (its ancestors, itself or its descendants); every child
 * when the measure applies to any programme. Coverage over programmes counts only these.
 */
export function programmeChildCountsSql(): string {
  return `
    DROP TABLE IF EXISTS _rk_programme_child_count;
    CREATE TEMP TABLE _rk_programme_child_count AS
      WITH computed AS MATERIALIZED (
        -- only the measures being computed: a refresh's few, not every measure × programme
        SELECT m.code, m.applies_to FROM measure m WHERE m.code IN (SELECT DISTINCT measure_code FROM ${WORK})
      ), meets AS (
        -- the programmes each measure's applies_to meets: its programmes' ancestors, themselves and descendants
        -- (one join over the closure, where a test per measure × programme scanned it each time)
        SELECT DISTINCT m.code AS measure_code, r.programme_code
          FROM computed m CROSS JOIN unnest(m.applies_to) a(code)
          JOIN (SELECT code AS programme_code, ancestor AS applies FROM _rk_gclosure
                UNION SELECT ancestor, code FROM _rk_gclosure) r ON r.applies = a.code
      )
      SELECT m.code AS measure_code, p.parent_code,
             count(*) FILTER (WHERE m.applies_to IS NULL OR mt.programme_code IS NOT NULL)::int AS total
        FROM computed m CROSS JOIN programme p
        LEFT JOIN meets mt ON mt.measure_code = m.code AND mt.programme_code = p.code
       WHERE p.parent_code IS NOT NULL
       GROUP BY 1, 2;
    ANALYZE _rk_programme_child_count`;
}
