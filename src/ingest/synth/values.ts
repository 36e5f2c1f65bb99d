/**
 * The value of any synthetic cell, as a pure function of the cell and the seed, so that figures
 * stated in different places of the reports agree the way real ones do: a province's total is the
 * sum of its districts' values (exactly, or off by a few percent: reports differ), a merged
 * province's the sum of its members', a poverty rate the ratio of the poor and total households
 * stated beside it, plans near the actuals.
 *
 * Below the district, a commune's value is its share of its district's (with noise of its own), a
 * 2025 commune's the sum of the old communes it was made of (a split one by an equal part): so
 * that a 2025 commune compares with its territory before the reform.
 *
 * Values are integers in the measure's step (see stepOf): persons, millions of đồng, tenths of a
 * tonne, hundredths of a percent.
 */
import {
  districtsOn,
  type Commune,
  type District,
  type NewCommune,
  type NewProvince,
  type OldProvince,
  type SynthPlace,
} from "./geography.ts";
import type { SynthPeriod } from "./periods.ts";
import { yearPeriod } from "./periods.ts";
import { gauss, unit } from "./random.ts";
import type { Topic } from "./topics.ts";

export type Step = "COUNT" | "MILLION_VND" | "TENTH" | "HUNDREDTH";

export function stepOf(t: Topic): Step {
  if (t.kind === "vnd") return "MILLION_VND";
  if (t.kind === "tonne") return "TENTH";
  if (t.measure.unit === "PERCENT" || t.measure.unit === "PERCENT_POINT") return "HUNDREDTH";
  return "COUNT";
}

const STEP_SIZE: Record<Step, number> = { COUNT: 1, MILLION_VND: 1e6, TENTH: 0.1, HUNDREDTH: 0.01 };

/** An ethnicity as the model sees it: all, minorities, Kinh, or one minority group. */
export interface EthnicityCell {
  index: number;
  code: string;
}

export type Unit =
  | { kind: "commune"; c: Commune }
  | { kind: "newCommune"; c: NewCommune }
  | { kind: "district"; d: District }
  | { kind: "old"; p: OldProvince }
  | { kind: "new"; p: NewProvince };

export class ValueModel {
  constructor(
    private readonly seed: number,
    private readonly households: Topic,
    private readonly poor: Topic,
    private readonly nearPoor: Topic,
    private readonly employedTopic: Topic,
  ) {}

  /**
   * The cell's value in steps; null when the topic cannot be stated there (a reduction of the
   * poverty rate in a year it rose).
   */
  value(t: Topic, u: Unit, e: EthnicityCell, period: SynthPeriod, plan: boolean): number | null {
    switch (t.kind) {
      case "rate":
        return this.rate(this.poor, u, e, period);
      case "near_rate":
        return this.rate(this.nearPoor, u, e, period);
      case "reduction_pp":
        return plan ? this.plannedReduction(u, e, period) : this.reduction(u, e, period);
      case "reduction_share":
        return this.reductionShare(u, e, period);
      case "coverage":
        return Math.round(100 * (86 + 13.5 * unit(this.seed, t.index, placeOf(u).hid, e.index, period.index)));
      case "attainment":
        return Math.round(10_000 * this.attainment(u, period));
      default:
        return this.additive(t, u, e, period, plan);
    }
  }

  /**
   * An additive value: a district's from the model, a commune's from its district's, a province's
   * from the districts it had at the period's end.
   */
  additive(t: Topic, u: Unit, e: EthnicityCell, period: SynthPeriod, plan: boolean): number {
    if (u.kind === "district") return this.districtSteps(t, u.d, e, period, plan);
    if (u.kind === "commune") return Math.max(1, Math.round(this.communeSteps(t, u.c, e, period, plan)));
    if (u.kind === "newCommune") {
      const parts = u.c.parts.reduce((s, x) => s + x.weight * this.communeSteps(t, x.commune, e, period, plan), 0);
      return Math.max(1, Math.round(parts));
    }
    const parts =
      u.kind === "old"
        ? districtsOn(u.p, period.end).reduce((s, d) => s + this.districtSteps(t, d, e, period, plan), 0)
        : u.p.members.reduce((s, m) => s + this.additive(t, { kind: "old", p: m }, e, period, plan), 0);
    return Math.max(1, Math.round(parts * (1 + this.totalOffset(t, u.p.place, e, period, plan))));
  }

  /**
   * How far a province's stated total is from the sum of its parts: half of the totals are the exact
   * sum, the others off by up to about 4 % (agencies of the province counted, late corrections).
   */
  private totalOffset(t: Topic, place: SynthPlace, e: EthnicityCell, period: SynthPeriod, plan: boolean): number {
    const u = unit(this.seed, 31, t.index, place.hid, e.index, period.index, plan ? 1 : 0);
    if (u < 0.5 || t.kind === "households") return 0;
    return Math.max(-0.04, Math.min(0.04, 0.02 * gauss(this.seed, 37, t.index, place.hid, e.index, period.index)));
  }

  /** A commune's value before rounding: its share of its district's, off by about 10 %. */
  private communeSteps(t: Topic, c: Commune, e: EthnicityCell, period: SynthPeriod, plan: boolean): number {
    const noise = Math.exp(0.1 * gauss(this.seed, 61, t.index, c.place.hid, e.index, period.index, plan ? 1 : 0));
    return this.districtSteps(t, c.district, e, period, plan) * c.share * noise;
  }

  private districtSteps(t: Topic, d: District, e: EthnicityCell, period: SynthPeriod, plan: boolean): number {
    const p = d.province;
    const cell = [this.seed, t.index, d.place.hid, e.index, period.index, plan ? 1 : 0];
    let v: number;
    if (t.kind === "poor" || t.kind === "near_poor") {
      const rate =
        this.districtRate(d, e, period.year) * (t.kind === "near_poor" ? 0.55 : 1) +
        (t.kind === "near_poor" ? 0.004 : 0);
      v = this.householdsLatent(d, e, period.year) * Math.min(0.6, rate) * Math.exp(0.04 * gauss(...cell));
    } else if (t.kind === "households") {
      v = this.householdsLatent(d, e, period.year) * Math.exp(0.015 * gauss(...cell));
    } else {
      const trend =
        Math.pow(t.growth, period.year - 2020) *
        Math.exp(0.07 * gauss(this.seed, 41, t.index, p.place.hid, period.year));
      const planned = plan ? this.planFactor(t, p, period.year) : 1;
      const season =
        period.type === "YEAR"
          ? 1
          : period.fraction * Math.exp(0.1 * gauss(this.seed, 43, t.index, d.place.hid, period.index));
      v = t.base * d.size * beneficiaryShare(p, e) * trend * planned * season * Math.exp(0.12 * gauss(...cell));
    }
    const steps = Math.round(v / STEP_SIZE[stepOf(t)]);
    return Math.max(1, steps);
  }

  /** Plans are set per province and year: about 3 % under what is then achieved, with spread. */
  planFactor(t: Topic, p: OldProvince, year: number): number {
    return 0.97 * Math.exp(0.06 * gauss(this.seed, 47, t.index, p.place.hid, year));
  }

  private householdsLatent(d: District, e: EthnicityCell, year: number): number {
    return (
      this.households.base * d.size * populationShare(d.province, e) * Math.pow(this.households.growth, year - 2020)
    );
  }

  /** Poverty rate of a district for an ethnicity in a year: the province's level, its trend, the district's factor. */
  private districtRate(d: District, e: EthnicityCell, year: number): number {
    const p = d.province;
    const trend = year <= 2021 ? Math.pow(0.86, year - 2016) : Math.pow(0.86, 5) * 1.6 * Math.pow(0.84, year - 2022);
    const all = p.povertyBase * trend * d.povertyFactor * Math.exp(0.05 * gauss(this.seed, 53, d.place.hid, year));
    // Minorities are about 3.5 times as likely to be poor as Kinh households.
    const kinh = all / (1 - p.minority + 3.5 * p.minority);
    const rate = e.code === "ALL" ? all : e.code === "01" ? kinh : 3.5 * kinh;
    return Math.min(0.6, rate);
  }

  /** Poor (or near-poor) over all households of the same cell, in hundredths of a percent. */
  private rate(numerator: Topic, u: Unit, e: EthnicityCell, period: SynthPeriod): number {
    const year = yearPeriod(period.year);
    const n = this.additive(numerator, u, e, year, false);
    const d = this.additive(this.households, u, e, year, false);
    return Math.round((10_000 * n) / d);
  }

  private reduction(u: Unit, e: EthnicityCell, period: SynthPeriod): number | null {
    const drop = this.rate(this.poor, u, e, yearPeriod(period.year - 1)) - this.rate(this.poor, u, e, period);
    return drop >= 5 ? drop : null;
  }

  /** Targets are set in tenths of a point: about an eighth of last year's rate, 0.5 to 4 points. */
  private plannedReduction(u: Unit, e: EthnicityCell, period: SynthPeriod): number {
    const last = this.rate(this.poor, u, e, yearPeriod(period.year - 1)) / 100;
    return 10 * Math.round(10 * Math.min(4, Math.max(0.5, last / 8)));
  }

  private reductionShare(u: Unit, e: EthnicityCell, period: SynthPeriod): number | null {
    const before = this.additive(this.poor, u, e, yearPeriod(period.year - 1), false);
    const now = this.additive(this.poor, u, e, yearPeriod(period.year), false);
    return now < before ? Math.round((10_000 * (before - now)) / before) : null;
  }

  /** Jobs against plan: the inverse of the plan factor the plan figures use, with a little noise. */
  private attainment(u: Unit, period: SynthPeriod): number {
    const provinces = provincesOf(u);
    const f = provinces.reduce((s, p) => s + this.planFactor(this.employedTopic, p, period.year), 0) / provinces.length;
    return Math.min(9.99, (1 / f) * Math.exp(0.03 * gauss(this.seed, 59, placeOf(u).hid, period.year)));
  }
}

export function placeOf(u: Unit): SynthPlace {
  if (u.kind === "district") return u.d.place;
  if (u.kind === "commune" || u.kind === "newCommune") return u.c.place;
  return u.p.place;
}

/** The pre-2025 provinces a unit lies in (two or three for a province of 2025). */
function provincesOf(u: Unit): OldProvince[] {
  switch (u.kind) {
    case "commune":
      return [u.c.district.province];
    case "district":
      return [u.d.province];
    case "old":
      return [u.p];
    case "newCommune":
      return u.c.province.members;
    case "new":
      return u.p.members;
  }
}

function populationShare(p: OldProvince, e: EthnicityCell): number {
  if (e.code === "ALL") return 1;
  if (e.code === "DTTS") return p.minority;
  if (e.code === "01") return 1 - p.minority;
  return p.minority * (p.groupShare.get(e.code) ?? 0.001);
}

/** Minorities are over-represented among beneficiaries (odds ×1.8). */
function beneficiaryShare(p: OldProvince, e: EthnicityCell): number {
  if (e.code === "ALL") return 1;
  const m = (1.8 * p.minority) / (1.8 * p.minority + 1 - p.minority);
  if (e.code === "DTTS") return m;
  if (e.code === "01") return 1 - m;
  return m * (p.groupShare.get(e.code) ?? 0.001);
}
