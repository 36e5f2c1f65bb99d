/** Polls `fn` until it returns something truthy (returned), or fails after `ms` naming `what`. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false | null>,
  ms = 20_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
