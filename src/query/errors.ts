/** Errors a caller can fix; the GraphQL layer turns `code` into extensions.code. */
export class QueryError extends Error {
  constructor(readonly code: "BAD_USER_INPUT" | "NOT_FOUND", message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) => new QueryError("BAD_USER_INPUT", message, details);
export const notFound = (message: string, details?: Record<string, unknown>) => new QueryError("NOT_FOUND", message, details);
