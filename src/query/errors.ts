/** Errors a caller can fix; the GraphQL layer turns `code` into extensions.code. */
export class QueryError extends Error {
  constructor(
    readonly code: "BAD_USER_INPUT" | "NOT_FOUND" | "TOO_COMPLEX",
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new QueryError("BAD_USER_INPUT", message, details);
export const notFound = (message: string, details?: Record<string, unknown>) =>
  new QueryError("NOT_FOUND", message, details);
/** A query that would expand into more work than one answer may cost (HTTP 400, as the cost limit). */
export const tooComplex = (message: string, details?: Record<string, unknown>) =>
  new QueryError("TOO_COMPLEX", message, details);
