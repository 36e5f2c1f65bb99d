/** What the reader chose, kept in the address (so a view can be shared) and turned into API inputs. */
import type { Lang } from "./format.ts";
import { KINDS, type CompareInput, type Kind } from "./types.ts";

export type View = "total" | "per" | "plan";

export interface State {
  /** Place keys, in the order chosen (it fixes each place's colour). */
  places: string[];
  measure: string;
  /** A CompareInput period ("2022", "2021-2025"); "" = every period, the latest of each place in the bar chart. */
  period: string;
  ethnicity: string;
  programme: string;
  kind: Kind;
  view: View;
  /** boundaries: CURRENT (the 34 provinces of 2025). */
  current: boolean;
  lang: Lang;
}

/** The denominator of "per poor household". */
export const PER_MEASURE = "poor_households";
export const MAX_PLACES = 8;
export const DEFAULT_MEASURE = "poverty_rate";

const VIEWS: readonly View[] = ["total", "per", "plan"];

export function defaultState(): State {
  return {
    places: [],
    measure: DEFAULT_MEASURE,
    period: "",
    ethnicity: "ALL",
    programme: "ALL",
    kind: "ACTUAL",
    view: "total",
    current: false,
    lang: "vi",
  };
}

/** Reads ?p=P-20-2008,P-80-2008&m=…; anything missing or malformed falls back to the default. */
export function stateFromQuery(query: string): State {
  const q = new URLSearchParams(query);
  const s = defaultState();
  const places = (q.get("p") ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  s.places = [...new Set(places)].slice(0, MAX_PLACES);
  s.measure = q.get("m") || s.measure;
  s.period = q.get("t") ?? "";
  s.ethnicity = q.get("e") || s.ethnicity;
  s.programme = q.get("g") || s.programme;
  const kind = q.get("k") as Kind | null;
  if (kind && KINDS.includes(kind)) s.kind = kind;
  const view = q.get("v") as View | null;
  if (view && VIEWS.includes(view)) s.view = view;
  s.current = q.get("b") === "2025";
  s.lang = q.get("lang") === "en" ? "en" : "vi";
  return s;
}

/** The inverse of stateFromQuery, leaving defaults out. */
export function stateToQuery(s: State): string {
  const d = defaultState();
  const q = new URLSearchParams();
  if (s.places.length) q.set("p", s.places.join(","));
  if (s.measure !== d.measure) q.set("m", s.measure);
  if (s.period) q.set("t", s.period);
  if (s.ethnicity !== d.ethnicity) q.set("e", s.ethnicity);
  if (s.programme !== d.programme) q.set("g", s.programme);
  if (s.kind !== d.kind) q.set("k", s.kind);
  if (s.view !== d.view) q.set("v", s.view);
  if (s.current) q.set("b", "2025");
  if (s.lang !== d.lang) q.set("lang", s.lang);
  return q.toString().replace(/%2C/g, ",");
}

/**
 * The comparison inputs for a state: `series` (every period, for the time series) and, when a
 * period is chosen, `chosen` (that period). Defaults are left to the API.
 */
export function compareInputs(s: State): { chosen?: CompareInput; series: CompareInput } {
  const series: CompareInput = { measure: s.measure, places: [...s.places] };
  if (s.ethnicity !== "ALL") series.ethnicity = s.ethnicity;
  if (s.programme !== "ALL") series.programme = s.programme;
  // against plan compares actuals with plans: the kind is the actual's
  if (s.kind !== "ACTUAL" && s.view !== "plan") series.kind = s.kind;
  if (s.view === "per") series.per = PER_MEASURE;
  if (s.view === "plan") series.againstPlan = true;
  if (s.current) series.boundaries = "CURRENT";
  return s.period ? { chosen: { ...series, period: s.period }, series } : { series };
}

/** The periods offered: every year back to 2010 and the two five-year programme periods. */
export function periodOptions(thisYear: number): string[] {
  const years: string[] = [];
  for (let y = thisYear; y >= 2010; y--) years.push(String(y));
  return ["", ...years, "2021-2025", "2016-2020"];
}
