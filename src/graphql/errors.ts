import { randomUUID } from "node:crypto";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { isConnectionLost } from "../db/pool.ts";
import { PeriodParseError } from "../rules/period.ts";
import { QueryError } from "../query/errors.ts";

export type ErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "TOO_COMPLEX"
  | "TOO_LARGE"
  | "DATABASE_UNAVAILABLE";

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { TOO_COMPLEX: 400, TOO_LARGE: 400 };

/** What a caller is told when the database connection went away under its request. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "the connection to the database was lost while answering (anything this request had not committed was rolled back): try again";

export function graphqlError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, { extensions: { ...extra, code, ...(status ? { http: { status } } : {}) } });
}

export const badUserInput = (message: string, extra?: Record<string, unknown>) =>
  graphqlError("BAD_USER_INPUT", message, extra);
export const notFound = (message: string, extra?: Record<string, unknown>) => graphqlError("NOT_FOUND", message, extra);
export const unauthenticated = (message: string) => graphqlError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => graphqlError("FORBIDDEN", message);
export const tooComplex = (message: string, extra?: Record<string, unknown>) =>
  graphqlError("TOO_COMPLEX", message, extra);
export const tooLarge = (message: string, extra?: Record<string, unknown>) => graphqlError("TOO_LARGE", message, extra);

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

/** Codes whose message was written for the caller (ours and Apollo's own request errors). */
const CALLER_CODES = new Set([
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "UNAUTHORIZED",
  "TOO_COMPLEX",
  "TOO_LARGE",
  "DATABASE_UNAVAILABLE",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** PostgreSQL errors that only the caller's input causes, with what to tell the caller instead of the driver's text. */
const INPUT_SQLSTATES: Record<string, { code: ErrorCode; message: string }> = {
  "2201B": { code: "BAD_USER_INPUT", message: "a search text is too long or too complex to match: shorten it" },
  "22P02": {
    code: "BAD_USER_INPUT",
    message: "a value in the request has a form the database cannot read (e.g. text that is not valid Unicode)",
  },
  "22P05": {
    code: "BAD_USER_INPUT",
    message: "a text in the request has characters the database cannot store (e.g. a lone surrogate)",
  },
  "22021": { code: "BAD_USER_INPUT", message: "a text in the request is not valid UTF-8" },
  "54001": { code: "TOO_COMPLEX", message: "the question is too complex for the database to run: narrow it" },
  "57014": {
    code: "TOO_COMPLEX",
    message: "the question took longer than the statement time limit (SQL_TIMEOUT_MS): narrow it",
  },
};

export interface ErrorLog {
  error(details: object, message: string): void;
}

/**
 * Apollo's formatError: the last word on what a caller sees of an error. Errors written for the
 * caller pass (with their code); a lost database connection gets DATABASE_UNAVAILABLE; errors the
 * input provoked deep down get BAD_USER_INPUT or TOO_COMPLEX with a message of ours; anything else
 * is logged with an id and answered as INTERNAL_SERVER_ERROR with that id, never its message.
 */
export function createFormatError(log: ErrorLog) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const where = { locations: formatted.locations, path: formatted.path };
    const code = formatted.extensions?.code;
    if (typeof code === "string" && CALLER_CODES.has(code)) return formatted;
    const original = unwrapResolverError(error);
    if (isConnectionLost(original))
      return { message: DATABASE_UNAVAILABLE_MESSAGE, ...where, extensions: { code: "DATABASE_UNAVAILABLE" } };
    const sqlState = (original as { code?: unknown } | null)?.code;
    const known = typeof sqlState === "string" ? INPUT_SQLSTATES[sqlState] : undefined;
    if (known) return { message: known.message, ...where, extensions: { code: known.code } };
    if (original instanceof RangeError && /call stack/i.test(original.message)) {
      return {
        message: "the request is nested too deeply to process",
        ...where,
        extensions: { code: "BAD_USER_INPUT" },
      };
    }
    const errorId = randomUUID();
    log.error({ err: original, errorId, path: formatted.path }, "unexpected error answering a GraphQL request");
    return {
      message: `internal error ${errorId} (the server logged the details)`,
      ...where,
      extensions: {
        code: "INTERNAL_SERVER_ERROR",
        errorId,
        ...(formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {}),
      },
    };
  };
}
