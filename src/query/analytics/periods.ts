/**
 * An analytics query's periods: a list, a range (with or without a granularity) or a relative
 * period, as the overall range to read and, for a regular series, its buckets.
 */
import { bucketsOf, MAX_BUCKETS, relativeBuckets, type Granularity } from "../../rules/period-buckets.ts";
import { parsePeriod, PeriodParseError } from "../../rules/period.ts";
import { badInput } from "../errors.ts";
import type { PeriodSpec } from "./types.ts";

export interface Span {
  start: string;
  end: string;
}

export interface ResolvedPeriods {
  /** What to read: every period inside it (null: all). */
  range: Span | null;
  /** A regular series: one row per bucket. Null: one row per reported period, as `compare` gives. */
  buckets: Span[] | null;
  granularity: Granularity | null;
  fillEmpty: boolean;
}

export function resolvePeriods(spec: PeriodSpec | null | undefined, queryAsOf: Date | null): ResolvedPeriods {
  const fillEmpty = !!spec?.fillEmpty;
  if (!spec) return { range: null, buckets: null, granularity: null, fillEmpty };
  const forms = [
    spec.list?.length ? "list" : null,
    spec.from || spec.to ? "from/to" : null,
    spec.relative ? "relative" : null,
  ].filter(Boolean);
  if (forms.length > 1)
    throw badInput(`\`periods\` takes one of list, from/to or relative (got ${forms.join(" and ")})`);
  let buckets: Span[] | null = null;
  let granularity: Granularity | null = spec.granularity ?? null;
  if (spec.list?.length) {
    if (spec.list.length > MAX_BUCKETS) throw badInput(`at most ${MAX_BUCKETS} periods in \`periods.list\``);
    if (granularity) throw badInput("`granularity` goes with from/to, not with a list of periods");
    buckets = spec.list.map((p) => period(p, "periods.list"));
  } else if (spec.relative) {
    const day = spec.asOf ?? (queryAsOf ? queryAsOf.toISOString().slice(0, 10) : null);
    if (!day) {
      throw badInput(
        `a relative period (${spec.relative}) needs the day it counts from: \`periods.asOf\` (e.g. today's date) or the query's \`asOf\``,
        { relative: spec.relative },
      );
    }
    const anchor = period(day, "periods.asOf");
    const rel = relativeBuckets(spec.relative, anchor.start);
    buckets = rel.buckets;
    if (granularity && granularity !== rel.granularity)
      throw badInput(
        `${spec.relative} is in ${rel.granularity.toLowerCase()}s; leave \`granularity\` out or set it to ${rel.granularity}`,
      );
    granularity = rel.granularity;
  } else if (spec.from || spec.to) {
    if (!spec.from || !spec.to) throw badInput("a period range needs both `from` and `to`");
    const range = { start: period(spec.from, "periods.from").start, end: period(spec.to, "periods.to").end };
    if (range.start > range.end) throw badInput(`periods.from (${spec.from}) is after periods.to (${spec.to})`);
    if (granularity) {
      try {
        buckets = bucketsOf(range, granularity);
      } catch (e) {
        throw badInput(`the range ${spec.from}..${spec.to} has too many periods: ${(e as Error).message}`);
      }
    } else {
      if (fillEmpty) throw badInput("`fillEmpty` needs a regular series: give a `granularity` (or a list of periods)");
      return { range, buckets: null, granularity: null, fillEmpty };
    }
  } else if (granularity) {
    throw badInput("`granularity` needs a range (`from` and `to`) or a relative period");
  } else if (fillEmpty) {
    throw badInput(
      "`fillEmpty` needs a regular series: a list of periods, a range with a granularity, or a relative period",
    );
  }
  if (!buckets) return { range: null, buckets: null, granularity: null, fillEmpty };
  const range = {
    start: buckets.reduce((m, b) => (b.start < m ? b.start : m), buckets[0].start),
    end: buckets.reduce((m, b) => (b.end > m ? b.end : m), buckets[0].end),
  };
  return { range, buckets, granularity, fillEmpty };
}

function period(text: string, field: string): Span {
  try {
    const p = parsePeriod(text);
    return { start: p.start, end: p.end };
  } catch (e) {
    if (e instanceof PeriodParseError)
      throw badInput(`bad period "${text}" in \`${field}\`: ${e.reason}`, { [field]: text });
    throw e;
  }
}
