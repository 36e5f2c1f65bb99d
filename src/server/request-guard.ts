import type { RequestHandler } from "express";
import { sendGraphQLError } from "./graphql-handler.ts";

/** JSON nesting allowed in a request body (an import document is about 5 deep). */
export const MAX_BODY_DEPTH = 64;
/** Bracket nesting allowed in a GraphQL document (the depth limit is 10 fields; lists and inputs add some). */
export const MAX_DOCUMENT_NESTING = 100;

/**
 * Checks what GraphQL itself would choke on before it is parsed: strings that are not well-formed
 * UTF-16 (a lone surrogate reaches PostgreSQL as "invalid input syntax for type json"), bodies and
 * documents nested thousands deep (graphql-js and the resolvers recurse: "Maximum call stack size
 * exceeded"). Each gets BAD_USER_INPUT (HTTP 400) naming the limit.
 */
export function requestGuard(): RequestHandler {
  return (req, res, next) => {
    const problem = bodyProblem(req.body);
    if (problem) return sendGraphQLError(res, 400, "BAD_USER_INPUT", problem);
    next();
  };
}

/** In a u-mode pattern a surrogate pair is one code point: \p{Cs} matches only a lone half. */
const LONE_SURROGATE = /\p{Cs}/u;

export function bodyProblem(body: unknown): string | null {
  // Iterative walk: the guard must not overflow the stack on the very input it guards against.
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: body, depth: 0, path: "body" }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (depth > MAX_BODY_DEPTH) return `the request is nested more than ${MAX_BODY_DEPTH} levels deep (at ${path})`;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return `${path} contains a lone surrogate (text that is not valid Unicode)`;
      if (path === "body.query") {
        const nesting = documentNesting(value);
        if (nesting > MAX_DOCUMENT_NESTING)
          return `the GraphQL document is nested ${nesting} deep; the limit is ${MAX_DOCUMENT_NESTING}`;
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, depth: depth + 1, path: `${path}[${i}]` }));
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (LONE_SURROGATE.test(k)) return `${path} has a key with a lone surrogate (text that is not valid Unicode)`;
        stack.push({ value: v, depth: depth + 1, path: `${path}.${k}` });
      }
    }
  }
  return null;
}

/** The deepest nesting of { [ ( in a GraphQL document, outside strings and comments. */
export function documentNesting(doc: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < doc.length; i++) {
    const c = doc[i];
    if (c === "#") {
      while (i < doc.length && doc[i] !== "\n") i++;
    } else if (c === '"') {
      const block = doc.startsWith('"""', i);
      const end = block ? '"""' : '"';
      i += end.length;
      while (i < doc.length && !doc.startsWith(end, i)) i += doc[i] === "\\" ? 2 : 1;
      i += end.length - 1;
    } else if (c === "{" || c === "[" || c === "(") {
      if (++depth > max) max = depth;
    } else if (c === "}" || c === "]" || c === ")") {
      depth--;
    }
  }
  return max;
}
