import { Field, ObjectType } from "type-graphql";
import { Figure } from "./figure.ts";

@ObjectType()
export class FigureEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Figure)
  node!: Figure;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: "A page of figures in id order (Relay connection)." })
export class FigureConnection {
  @Field(() => [FigureEdge])
  edges!: FigureEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Resolved by a field resolver, only when asked (one more query). */
  countTotal!: () => Promise<number>;
}
