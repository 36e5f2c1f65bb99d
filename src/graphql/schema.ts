import "reflect-metadata";
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
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
import { ExtractResolver } from "./resolvers/extract.ts";
import { ImportResolver } from "./resolvers/import.ts";
import { MeasureResolver } from "./resolvers/measure.ts";
import { PlaceResolver } from "./resolvers/place.ts";
import { PlaceGroupResolver } from "./resolvers/place-group.ts";
import { ProgrammeResolver } from "./resolvers/programme.ts";
import { ValidationResolver } from "./resolvers/validation.ts";

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
  ExtractResolver,
  CompareResolver,
  ComparisonRowResolver,
  RollupResolver,
  ValidationResolver,
  AnalyticsResolver,
  AnalyticsRowResolver,
  AnalyticsValueResolver,
  AvailabilityResolver,
  DocumentResolver,
  DocumentConnectionResolver,
] as const;

/**
 * Errors of src/query and src/rules get their extensions.code here, for every resolver: each
 * field's resolver is wrapped once the schema is built. (Not a type-graphql global middleware: that
 * makes every field of every row asynchronous, its value awaited one by one; here a field that
 * answers at once still does, and only a promise gets a `catch`.)
 */
function mapErrors<S, C>(resolve: GraphQLFieldResolver<S, C>): GraphQLFieldResolver<S, C> {
  return (source, args, context, info) => {
    let result: unknown;
    try {
      result = resolve(source, args, context, info);
    } catch (e) {
      throw toGraphQLError(e);
    }
    if (result instanceof Promise)
      return result.catch((e: unknown) => {
        throw toGraphQLError(e);
      });
    return result;
  };
}

function withErrorMapping(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) if (field.resolve) field.resolve = mapErrors(field.resolve);
  }
  return schema;
}

let cached: Promise<GraphQLSchema> | undefined;

/** The API schema, built once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...RESOLVERS],
    authChecker,
    // No class-validator here: arguments are checked by the query layer.
    validate: false,
  })
    .then(withErrorMapping)
    .catch((e) => {
      cached = undefined;
      throw e;
    });
  return cached;
}
