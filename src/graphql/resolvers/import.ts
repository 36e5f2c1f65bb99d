import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { ImportDocument } from "../../ingest/import-format.ts";
import { importDocument } from "../../ingest/import/import-document.ts";
import type { Slice } from "../../shared/slices.ts";
import { EDITOR } from "../auth.ts";
import type { GraphQLContext } from "../context.ts";
import { JSONScalar } from "../scalars/index.ts";
import { ImportSummary } from "../types/import-summary.ts";

@Resolver()
export class ImportResolver {
  @Authorized(EDITOR)
  @Mutation(() => ImportSummary, {
    description: "Imports a report in the JSON import format ({ document, figures }). Invalid input gives status ERROR with every error (nothing is written); a corrected re-import updates figures by key.",
  })
  async importReport(
    @Ctx() ctx: GraphQLContext,
    @Arg("document", () => JSONScalar) document: unknown,
    @Arg("dryRun", () => Boolean, { nullable: true, description: "Validate and run the import, then roll it back." }) dryRun?: boolean | null,
  ): Promise<ImportSummary> {
    let rollupRefreshQueued = false;
    const enqueue = ctx.enqueueRollupRefresh;
    const summary = await importDocument(ctx.pool, document as ImportDocument, {
      actor: `api-key:${ctx.apiKey!.name}`,
      dryRun: dryRun ?? false,
      onCommitted: enqueue && (async (slices: Slice[]) => {
        // The import is committed and its slices are marked dirty: a failed enqueue must not turn
        // that into an error; the next refresh picks the slices up.
        try {
          await enqueue(slices);
          rollupRefreshQueued = true;
        } catch (e) {
          ctx.deps.logger?.warn({ err: e, slices: slices.length }, "import committed but the rollup refresh could not be queued");
        }
      }),
    });
    return { ...summary, errors: summary.errors.map((e) => ({ ...e, key: e.key ?? null })), rollupRefreshQueued };
  }
}
