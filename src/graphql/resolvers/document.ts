import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import {
  DEFAULT_DOCUMENT_PAGE,
  documentBySourceKey,
  encodeDocumentCursor,
  findDocuments,
  MAX_DOCUMENT_PAGE,
} from "../../query/documents.ts";
import type { DocumentRow, FigureRow } from "../../query/rows.ts";
import { pageCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { referenceOf } from "../reference.ts";
import type { NotRecordedRow } from "../loaders.ts";
import { Document, DocumentConnection, DocumentFilter, NotRecordedFigure } from "../types/document.ts";
import { Figure } from "../types/figure.ts";

@Resolver(() => Document)
export class DocumentResolver {
  @Query(() => DocumentConnection, {
    complexity: pageCost(DEFAULT_DOCUMENT_PAGE, MAX_DOCUMENT_PAGE),
    description: `Reports in import order; a place filter includes the documents about the units under it. first: default ${DEFAULT_DOCUMENT_PAGE}, at most ${MAX_DOCUMENT_PAGE}.`,
  })
  async documents(
    @Ctx() ctx: GraphQLContext,
    @Arg("filter", () => DocumentFilter, { nullable: true }) filter?: DocumentFilter | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." })
    after?: string | null,
  ): Promise<DocumentConnection> {
    const page = await findDocuments(ctx.pool, await referenceOf(ctx.deps), filter ?? {}, { first, after });
    const edges = page.rows.map((node) => ({ cursor: encodeDocumentCursor(node.id), node: node as Document }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      countTotal: page.countTotal,
    };
  }

  @Query(() => Document, {
    nullable: true,
    description: "One report by its sourceKey, with everything recorded from it.",
  })
  async document(
    @Ctx() ctx: GraphQLContext,
    @Arg("sourceKey", () => String) sourceKey: string,
  ): Promise<DocumentRow | null> {
    return documentBySourceKey(ctx.pool, sourceKey);
  }

  @FieldResolver(() => Int, { description: "How many figures were recorded from it (flagged ones included)." })
  figureCount(@Root() d: DocumentRow, @Ctx() ctx: GraphQLContext): Promise<number> {
    return ctx.loaders.documentFigureCount.load(d.id);
  }

  @FieldResolver(() => [Figure], {
    description: "Every figure recorded from it, flagged ones included, in import order.",
  })
  figures(@Root() d: DocumentRow, @Ctx() ctx: GraphQLContext): Promise<FigureRow[]> {
    return ctx.loaders.documentFigures.load(d.id);
  }

  @FieldResolver(() => [NotRecordedFigure], {
    description:
      "What the report states that could not be recorded (a place or measure the catalogue lacks, a period before its unit existed), each with the reason, in import order.",
  })
  notRecorded(@Root() d: DocumentRow, @Ctx() ctx: GraphQLContext): Promise<NotRecordedRow[]> {
    return ctx.loaders.documentNotRecorded.load(d.id);
  }
}

@Resolver(() => DocumentConnection)
export class DocumentConnectionResolver {
  @FieldResolver(() => Int, { description: "Documents matching the filter, across all pages." })
  totalCount(@Root() c: DocumentConnection): Promise<number> {
    return c.countTotal();
  }
}
