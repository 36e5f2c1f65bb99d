import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { isConnectionLost } from "../db/pool.ts";
import { PeriodParseError } from "../rules/period.ts";
import { QueryError } from "../query/errors.ts";

export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "UNAUTHENTICATED" | "FORBIDDEN" | "TOO_COMPLEX" | "DATABASE_UNAVAILABLE";

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { TOO_COMPLEX: 400 };

/** What a caller is told when the database connection went away under its request. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "the connection to the database was lost while answering (anything this request had not committed was rolled back): try again";

export function graphqlError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, { extensions: { ...extra, code, ...(status ? { http: { status } } : {}) } });
}

export const badUserInput = (message: string, extra?: Record<string, unknown>) => graphqlError("BAD_USER_INPUT", message, extra);
export const notFound = (message: string, extra?: Record<string, unknown>) => graphqlError("NOT_FOUND", message, extra);
export const unauthenticated = (message: string) => graphqlError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => graphqlError("FORBIDDEN", message);
export const tooComplex = (message: string, extra?: Record<string, unknown>) => graphqlError("TOO_COMPLEX", message, extra);

/**
 * Errors of the query layer (src/query, src/rules) carry no GraphQL knowledge; this gives them
 * their extensions.code. Anything else passes through unchanged (an internal error).
 */
export function toGraphQLError(e: unknown): unknown {
  if (e instanceof GraphQLError) return e;
  if (e instanceof QueryError) return graphqlError(e.code, e.message, e.details);
  if (e instanceof PeriodParseError) return badUserInput(`bad period "${e.text}": ${e.reason}`);
  return e;
}

/**
 * Apollo's formatError: the last word on what a caller sees of an error. A lost database connection
 * is the caller's to retry, not an internal fault: it gets its own code and no driver text.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isConnectionLost(original)) {
    return { message: DATABASE_UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: "DATABASE_UNAVAILABLE" } };
  }
  return formatted;
}
