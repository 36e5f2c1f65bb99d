/**
 * Which count of a stock (poor households, households…) divides a flow over a period, for "per poor
 * household": the same period when one was reported; otherwise the latest count dated inside the
 * period, or on the day after it ends. Poverty reviews are published as of 31 December or as of
 * 1 January of the next year ("đầu năm 2024": the households left poor at the end of 2023), so a
 * count dated the day after the period still describes it. Never a count from before the period:
 * it would describe households the support had not reached yet.
 */
export type Period = readonly [start: string, end: string];

export function stockPeriodFor(flow: Period, reported: readonly Period[]): Period | undefined {
  const exact = reported.find(([s, e]) => s === flow[0] && e === flow[1]);
  if (exact) return exact;
  const limit = dayAfter(flow[1]);
  let best: Period | undefined;
  for (const p of reported) {
    if (p[0] < flow[0] || p[1] > limit) continue;
    if (!best || p[1] > best[1] || (p[1] === best[1] && p[0] > best[0])) best = p;
  }
  return best;
}

/** The ISO date after `date` (YYYY-MM-DD), in UTC so no time zone moves it. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
