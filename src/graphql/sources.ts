import type { GraphQLContext } from "./context.ts";
import type { Source } from "./types/source.ts";

/**
 * The reports behind a computed value, each with the quote of one of its figures: two batched
 * queries (figures, then documents) for every value of a response, whatever their number.
 */
export async function sourcesOfFigures(ctx: GraphQLContext, figureIds: string[]): Promise<Source[]> {
  const figures = (await ctx.loaders.figureQuote.loadMany(figureIds)).filter(
    (f): f is Exclude<typeof f, Error | null> => !!f && !(f instanceof Error),
  );
  const docs = await ctx.loaders.document.loadMany(figures.map((f) => f.documentId));
  return figures.map((f, i) => {
    const d = docs[i];
    if (!d || d instanceof Error) throw new Error(`figure ${f.id} refers to a missing document`);
    return { ...d, quote: f.quote, figureId: f.id } as Source;
  });
}
