/**
 * The figures of one synthetic report, from its own random stream (seed × report): the same seed
 * and N give the same figures whatever else is generated around them. A report states each cell
 * (place × ethnicity × programme × measure × period × kind) at most once, in statements shaped like
 * real ones: a single figure; several measures of one programme together ("xây 25 nhà với kinh
 * phí 1,5 tỷ đồng"); a table of districts (of communes after the 2025 reform), with the province's
 * total when the province reports both; an actual against its plan ("727/700 lao động"); and,
 * rarely, a mistake the ingest flags. Below the province a report names the districts and communes
 * valid throughout its period.
 */
import type { DocumentPlan } from "./documents.ts";
import { flaggedStatements } from "./flagged.ts";
import { communesFor, districtsFor, type Geography, type NewProvince, type OldProvince } from "./geography.ts";
import { Stream, Weighted } from "./random.ts";
import {
  actualAgainstPlan,
  cellId,
  statement,
  type Ethnicity,
  type Statement,
  type SynthFigure,
} from "./statements.ts";
import { TOPICS, TOPICS_BY_PROGRAMME, type Topic } from "./topics.ts";
import type { Unit, ValueModel } from "./values.ts";

export interface SynthContext {
  seed: number;
  geo: Geography;
  model: ValueModel;
  /** Index = position: ALL, DTTS, then the 54 groups (01 Kinh first). */
  ethnicities: Ethnicity[];
  /** Share of figures that carry a flagged mistake. */
  flaggedShare: number;
}

const PLAN_SHARE = 0.15;
const ADDITIVE = new Set(["count", "vnd", "tonne", "households", "poor", "near_poor"]);
const POVERTY_FAMILY = ["households", "poor_households", "near_poor_households", "poverty_rate"];
/**
 * Consecutive draws that add nothing before the report switches to uniform choices for good (its
 * likely cells are taken: only at millions of figures), then before it gives up.
 */
const UNIFORM_AFTER = 20;
const GIVE_UP_AFTER = 20_000;
/** Of the figures a pre-2025 report states below the province, the share about a commune. */
const COMMUNE_SHARE = 0.25;
/** How often a report of a 2025 province speaks of the province itself rather than one of its communes. */
const NEW_PROVINCE_SHARE = 0.6;
/** Rows of a table of communes at most. */
const MAX_TABLE = 30;

export class DocumentGenerator {
  private readonly topicChoices = new Map<string, Weighted<Topic>>();
  private readonly eth: Record<"ALL" | "DTTS" | "KINH", Ethnicity>;
  private readonly byCode: Map<string, Ethnicity>;

  constructor(private readonly ctx: SynthContext) {
    this.byCode = new Map(ctx.ethnicities.map((e) => [e.code, e]));
    this.eth = { ALL: this.byCode.get("ALL")!, DTTS: this.byCode.get("DTTS")!, KINH: this.byCode.get("01")! };
  }

  generate(doc: DocumentPlan): SynthFigure[] {
    return new ReportRun(this, doc, new Stream(this.ctx.seed, 0x5eed, doc.index)).run();
  }

  /** Topics a report of this type and year states, by weight. */
  topics(doc: DocumentPlan): Weighted<Topic> {
    const id = `${doc.type}-${doc.period.year}`;
    let w = this.topicChoices.get(id);
    if (!w) {
      w = new Weighted(TOPICS.filter((t) => eligible(t, doc)).map((t) => [t, t.weight] as const));
      this.topicChoices.set(id, w);
    }
    return w;
  }

  /** An ethnicity for a figure of the topic in a province with this minority share and these groups. */
  ethnicity(t: Topic, owner: OldProvince | NewProvince, s: Stream, uniform: boolean): Ethnicity {
    const m = owner.minority;
    if (t.ethnicity === "headline") {
      return s.chance(uniform ? 0.5 : 0.3 * Math.min(1, 0.2 + m / 0.05)) ? this.eth.DTTS : this.eth.ALL;
    }
    if (uniform) return this.ctx.ethnicities[s.int(this.ctx.ethnicities.length)];
    const group = 0.35 * Math.min(1, m / 0.1);
    const dtts = 0.24 * Math.min(1, 0.3 + m / 0.05);
    const u = s.next();
    if (u < group) return this.byCode.get(owner.groups.draw(s)) ?? this.eth.DTTS;
    if (u < group + dtts) return this.eth.DTTS;
    if (u < group + dtts + 0.03) return this.eth.KINH;
    return this.eth.ALL;
  }

  get context(): SynthContext {
    return this.ctx;
  }
}

function eligible(t: Topic, doc: DocumentPlan): boolean {
  return t.fromYear <= doc.period.year && doc.period.year <= t.toYear && (doc.type === "ANNUAL" || t.subYear);
}

/** The generation of one report: its cells taken so far, its figures. */
class ReportRun {
  private readonly used = new Set<number>();
  private readonly figures: SynthFigure[] = [];
  private readonly owner: OldProvince | NewProvince;
  private readonly provinceUnit: Unit;
  /** The units below the province the report states: districts before the reform, communes after. */
  private readonly parts: Unit[];
  private readonly includeProvince: boolean;

  constructor(
    private readonly gen: DocumentGenerator,
    private readonly doc: DocumentPlan,
    private readonly s: Stream,
  ) {
    this.owner = (doc.province ?? doc.merged)!;
    this.provinceUnit = doc.province ? { kind: "old", p: doc.province } : { kind: "new", p: doc.merged! };
    const style = doc.province?.style ?? "BOTH";
    this.parts = doc.province
      ? style === "PROVINCE_ONLY"
        ? []
        : districtsFor(doc.province, doc.period).map((d): Unit => ({ kind: "district", d }))
      : doc.merged!.communes.map((c): Unit => ({ kind: "newCommune", c }));
    this.includeProvince = style !== "DISTRICT_ONLY";
  }

  run(): SynthFigure[] {
    const { quota } = this.doc;
    const ctx = this.gen.context;
    const flagged = Math.min(quota, Math.floor(quota * ctx.flaggedShare + this.s.next()));
    for (let i = 0, tries = 0; i < flagged && tries < 200; tries++) {
      const group = flaggedStatements({
        model: ctx.model,
        stream: this.s,
        period: this.doc.period,
        pickUnit: () => this.pickUnit(),
        pickEthnicity: (t) => this.gen.ethnicity(t, this.owner, this.s, false),
        isFree: (cell) => !this.used.has(cell),
        keyOf: (k) => keyOf(this.figures.length + k),
      });
      if (!group || group.length > quota - this.figures.length) continue;
      this.emit(group);
      this.reserveCellOf(group);
      i++;
    }
    let idle = 0;
    let uniform = false;
    while (this.figures.length < quota) {
      const added = this.emit(this.nextGroup(uniform));
      idle = added ? 0 : idle + 1;
      if (idle >= UNIFORM_AFTER) uniform = true;
      if (idle >= GIVE_UP_AFTER) {
        throw new Error(
          `report ${this.doc.sourceKey} has no free cells left after ${this.figures.length} of ${quota} figures: too many figures for the synthetic cell space`,
        );
      }
    }
    return this.figures;
  }

  /** Adds the statements whose cells are free, up to the quota; returns how many. */
  private emit(group: Statement[]): number {
    let n = 0;
    for (const st of group) {
      if (this.figures.length >= this.doc.quota) break;
      if (this.used.has(st.cell)) continue;
      this.used.add(st.cell);
      this.figures.push({ key: keyOf(this.figures.length), ...st.figure });
      n++;
    }
    return n;
  }

  /**
   * The ingest judges a mistake against the other figures of its cell (the largest count of
   * beneficiaries): no later figure may join the cell, so that the stored verdict stays the one the
   * whole report would get.
   */
  private reserveCellOf(group: Statement[]): void {
    for (const st of group) {
      for (const t of TOPICS_BY_PROGRAMME.get(st.topic.programme) ?? [])
        this.used.add(cellId(st.unit, t, st.ethnicity, st.period, st.plan));
    }
  }

  private pickUnit(): Unit {
    if (!this.parts.length) return this.provinceUnit;
    const provinceChance = this.doc.merged ? NEW_PROVINCE_SHARE : 1.5 / (1.5 + this.parts.length);
    if (this.includeProvince && this.s.chance(provinceChance)) return this.provinceUnit;
    const part = this.s.pick(this.parts);
    if (part.kind !== "district" || !this.s.chance(COMMUNE_SHARE)) return part;
    const communes = communesFor(part.d, this.doc.period);
    return communes.length ? { kind: "commune", c: this.s.pick(communes) } : part;
  }

  private nextGroup(uniform: boolean): Statement[] {
    const { s, doc } = this;
    const model = this.gen.context.model;
    const topics = this.gen.topics(doc);
    const t = uniform ? s.pick(topics.items) : topics.draw(s);
    const e = this.gen.ethnicity(t, this.owner, s, uniform);
    const plan = doc.type === "ANNUAL" && t.plan && s.chance(PLAN_SHARE);
    const shape = s.next();
    const period = doc.period;
    const one = (topic: Topic, unit: Unit, table = false) =>
      statement(model, topic, unit, e, period, plan, s.next(), table);

    if (shape < 0.12 && this.parts.length > 1 && ADDITIVE.has(t.kind)) {
      const parts = s.chance(0.5) && this.parts.length <= MAX_TABLE ? this.parts : this.someParts();
      const units: Unit[] = [...(this.includeProvince ? [this.provinceUnit] : []), ...parts];
      return present(units.map((u) => one(t, u, true)));
    }
    const unit = this.pickUnit();
    if (shape < 0.3) {
      const family =
        POVERTY_FAMILY.includes(t.measure.code) && !plan
          ? POVERTY_FAMILY.map((code) => TOPICS.find((x) => x.programme === "ALL" && x.measure.code === code)!)
          : [t, ...this.companions(t)];
      return present(
        family
          .filter(
            (x) =>
              eligible(x, doc) && (x.plan || !plan) && (x.ethnicity === "any" || e.code === "ALL" || e.code === "DTTS"),
          )
          .map((x) => one(x, unit)),
      );
    }
    if (shape < 0.34 && doc.type === "ANNUAL" && t.plan && t.kind === "count") {
      return actualAgainstPlan(model, t, unit, e, period) ?? [];
    }
    return present([one(t, unit)]);
  }

  /** One or two other measures of the topic's programme. */
  private companions(t: Topic): Topic[] {
    const others = (TOPICS_BY_PROGRAMME.get(t.programme) ?? []).filter((x) => x !== t);
    if (!others.length) return [];
    const first = this.s.int(others.length);
    return this.s.chance(0.5) || others.length === 1
      ? [others[first]]
      : [others[first], others[(first + 1) % others.length]];
  }

  /** Two or more districts or communes, not all: a table of those that reported. */
  private someParts(): Unit[] {
    const all = this.parts;
    const n = 2 + this.s.int(Math.max(1, Math.min(all.length, MAX_TABLE) - 2));
    const start = this.s.int(all.length);
    return Array.from({ length: Math.min(n, all.length) }, (_, i) => all[(start + i * 7) % all.length]).filter(
      (d, i, a) => a.indexOf(d) === i,
    );
  }
}

function keyOf(i: number): string {
  return `f${i + 1}`;
}

function present(list: (Statement | null)[]): Statement[] {
  return list.filter((x): x is Statement => x !== null);
}
