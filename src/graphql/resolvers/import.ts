import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { ImportDocument } from "../../ingest/import-format.ts";
import { parseCsvDocument } from "../../ingest/csv/csv-document.ts";
import { importDocument } from "../../ingest/import/import-document.ts";
import { importReferenceOf } from "../../ingest/import/reference-cache.ts";
import { errorSummary } from "../../ingest/import/summary.ts";
import type { Slice } from "../../shared/slices.ts";
import { EDITOR } from "../auth.ts";
import { badUserInput } from "../errors.ts";
import type { GraphQLContext } from "../context.ts";
import { JSONScalar } from "../scalars/index.ts";
import { ImportSummary } from "../types/import-summary.ts";

@Resolver()
export class ImportResolver {
  @Authorized(EDITOR)
  @Mutation(() => ImportSummary, {
    description:
      "Imports a report: `document` in the JSON import format ({ document, figures }), or `csv`, the text of a CSV import file. Invalid input gives status ERROR with every error (rows are CSV lines for csv; nothing is written); a corrected re-import updates figures by key.",
  })
  async importReport(
    @Ctx() ctx: GraphQLContext,
    @Arg("document", () => JSONScalar, { nullable: true }) document?: unknown,
    @Arg("csv", () => String, {
      nullable: true,
      description: "A CSV import file's text (header line and one line per figure).",
    })
    csv?: string | null,
    @Arg("dryRun", () => Boolean, { nullable: true, description: "Validate and run the import, then roll it back." })
    dryRun?: boolean | null,
  ): Promise<ImportSummary> {
    if ((document == null) === (csv == null))
      throw badUserInput("give exactly one of `document` (JSON) and `csv` (CSV text)");
    let doc = document as ImportDocument;
    let rows: { rowNumbers?: number[]; documentRow?: number } = {};
    if (csv != null) {
      const parsed = parseCsvDocument(csv);
      if (!parsed.ok)
        return {
          ...errorSummary(parsed.errors, null, dryRun ?? false),
          errors: parsed.errors.map((e) => ({ ...e, key: e.key ?? null })),
          rollupRefreshQueued: false,
        };
      doc = parsed.document.doc;
      rows = { rowNumbers: parsed.document.rowNumbers, documentRow: parsed.document.documentRow };
    }
    let rollupRefreshQueued = false;
    const enqueue = ctx.enqueueRollupRefresh;
    const summary = await importDocument(ctx.pool, doc, {
      ...rows,
      actor: `api-key:${ctx.apiKey!.name}`,
      dryRun: dryRun ?? false,
      reference: await importReferenceOf(ctx.pool).get(ctx.pool),
      onCommitted:
        enqueue &&
        (async (slices: Slice[]) => {
          // The import is committed and its slices are marked dirty: a failed enqueue must not turn
          // that into an error; the next refresh picks the slices up.
          try {
            await enqueue(slices);
            rollupRefreshQueued = true;
          } catch (e) {
            ctx.deps.logger?.warn(
              { err: e, slices: slices.length },
              "import committed but the rollup refresh could not be queued",
            );
          }
        }),
    });
    return { ...summary, errors: summary.errors.map((e) => ({ ...e, key: e.key ?? null })), rollupRefreshQueued };
  }
}
