import { Field, InputType, ObjectType } from "type-graphql";
import type { DocumentRow } from "../../query/rows.ts";
import { DateScalar } from "../scalars/index.ts";
import { DocumentFields } from "./document-fields.ts";
import { PageInfo } from "./figure-connection.ts";

@ObjectType({
  description:
    "A figure the report states that could not be recorded: kept with the reason, so the source still counts as read.",
})
export class NotRecordedFigure {
  @Field(() => String, { description: "The figure as the report wrote it." })
  text!: string;

  @Field(() => String, { description: "The report's words that state it." })
  quote!: string;

  @Field(() => String, { description: "Why it could not be recorded." })
  reason!: string;
}

@ObjectType({ description: "A report: the provenance of its figures." })
export class Document extends DocumentFields implements Omit<DocumentRow, "importedBy"> {
  @Field(() => String)
  importedBy!: string;
}

@InputType({ description: "Every given criterion must hold." })
export class DocumentFilter {
  @Field(() => String, {
    nullable: true,
    description: "A place (key, code or name): documents with figures for it or any unit under it.",
  })
  place?: string | null;

  @Field(() => DateScalar, { nullable: true })
  publishedFrom?: string | null;

  @Field(() => DateScalar, { nullable: true })
  publishedTo?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Words of the title, publisher, author or source key, with or without diacritics.",
  })
  search?: string | null;
}

@ObjectType()
export class DocumentEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Document)
  node!: Document;
}

@ObjectType({ description: "A page of documents in import order (Relay connection)." })
export class DocumentConnection {
  @Field(() => [DocumentEdge])
  edges!: DocumentEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  countTotal!: () => Promise<number>;
}
