import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type MiddlewareFn } from "type-graphql";
import { authChecker } from "./auth.ts";
import { toGraphQLError } from "./errors.ts";
import { AnalyticsResolver, AnalyticsRowResolver, AnalyticsValueResolver } from "./resolvers/analytics.ts";
import { ApiKeyResolver } from "./resolvers/api-key.ts";
import { AvailabilityResolver } from "./resolvers/availability.ts";
import { DocumentConnectionResolver, DocumentResolver } from "./resolvers/document.ts";
import { CompareResolver, ComparisonRowResolver } from "./resolvers/compare.ts";
import { RollupResolver } from "./resolvers/rollup.ts";
import { EthnicGroupResolver } from "./resolvers/ethnic-group.ts";
import { FigureConnectionResolver, FigureResolver } from "./resolvers/figure.ts";
import { ImportResolver } from "./resolvers/import.ts";
import { MeasureResolver } from "./resolvers/measure.ts";
import { PlaceResolver } from "./resolvers/place.ts";
import { PlaceGroupResolver } from "./resolvers/place-group.ts";
import { ProgrammeResolver } from "./resolvers/programme.ts";

/** Every resolver class of the API; add new ones here. */
export const RESOLVERS = [
  PlaceResolver,
  PlaceGroupResolver,
  ProgrammeResolver,
  MeasureResolver,
  EthnicGroupResolver,
  FigureResolver,
  FigureConnectionResolver,
  ApiKeyResolver,
  ImportResolver,
  CompareResolver,
  ComparisonRowResolver,
  RollupResolver,
  AnalyticsResolver,
  AnalyticsRowResolver,
  AnalyticsValueResolver,
  AvailabilityResolver,
  DocumentResolver,
  DocumentConnectionResolver,
] as const;

/** Errors of src/query and src/rules get their extensions.code here, for every resolver. */
const mapErrors: MiddlewareFn = async (_, next) => {
  try {
    return await next();
  } catch (e) {
    throw toGraphQLError(e);
  }
};

let cached: Promise<GraphQLSchema> | undefined;

/** The API schema, built once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...RESOLVERS],
    authChecker,
    // No class-validator here: arguments are checked by the query layer.
    validate: false,
    globalMiddlewares: [mapErrors],
  }).catch((e) => {
    cached = undefined;
    throw e;
  });
  return cached;
}
