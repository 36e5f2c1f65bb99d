import type { GraphQLContext } from "../context.ts";
import { loadedReference, referenceOf } from "../reference.ts";
import type { Place } from "../types/place.ts";

/**
 * The place of an answer's row, from the reference tables in memory (the comparison itself was
 * resolved against them): no SQL per request, and no promise per row once they have loaded. A place
 * the copy in memory does not hold yet (added since it was read) is read from the database.
 */
export function placeOfRow(ctx: GraphQLContext, key: string, answer: string): Place | Promise<Place> {
  const known = loadedReference(ctx.deps)?.places.get(key);
  return known ? (known as Place) : placeFromDatabase(ctx, key, answer);
}

async function placeFromDatabase(ctx: GraphQLContext, key: string, answer: string): Promise<Place> {
  const known = (await referenceOf(ctx.deps)).places.get(key);
  if (known) return known as Place;
  const p = await ctx.loaders.place.load(key);
  if (!p) throw new Error(`${answer} row for a missing place ${key}`);
  return p as Place;
}
