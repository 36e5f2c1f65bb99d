import { randomUUID } from "node:crypto";
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from "@apollo/server";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { GraphQLContext } from "../graphql/context.ts";
import type { RepeatedOperations } from "./repeated-operation.ts";
import type { GraphQLAnswer, ResponseCache } from "./response-cache.ts";

/**
 * GraphQL over HTTP: Apollo's executeHTTPGraphQLRequest behind the response cache. (In place of
 * @as-integrations/express5, so that the cache sees whole answers instead of patching res.send.)
 */
export function graphqlHandler(
  apollo: ApolloServer<GraphQLContext>,
  cache: ResponseCache,
  context: (req: Request) => Promise<GraphQLContext>,
  repeated?: RepeatedOperations,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const answer = await cache.serve(req, () => answerOf(apollo, req, context, repeated));
      await send(res, answer);
    } catch (e) {
      next(e);
    }
  };
}

/** A repeated query's answer past Apollo's pipeline when it can be (repeated-operation.ts), else Apollo's. */
async function answerOf(
  apollo: ApolloServer<GraphQLContext>,
  req: Request,
  context: (req: Request) => Promise<GraphQLContext>,
  repeated: RepeatedOperations | undefined,
): Promise<GraphQLAnswer> {
  const key = repeated?.keyOf(req.method, req.headers, req.body);
  if (!repeated || key === undefined) return execute(apollo, httpGraphQLRequestOf(req), () => context(req));
  const fast = await repeated.answer(key, req.body, () => context(req));
  if ("answer" in fast) return fast.answer;
  const httpRequest = httpGraphQLRequestOf(req);
  const answer = await execute(apollo, httpRequest, async () => fast.context ?? context(req));
  repeated.learn(key, httpRequest, answer);
  return answer;
}

function httpGraphQLRequestOf(req: Request): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const search = req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
  return { method: req.method.toUpperCase(), headers, search, body: req.body };
}

async function execute(
  apollo: ApolloServer<GraphQLContext>,
  httpGraphQLRequest: HTTPGraphQLRequest,
  context: () => Promise<GraphQLContext>,
): Promise<GraphQLAnswer> {
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
  return {
    status: response.status ?? 200,
    headers: [...response.headers],
    body: response.body.kind === "complete" ? response.body.string : response.body.asyncIterator,
  };
}

async function send(res: Response, answer: GraphQLAnswer): Promise<void> {
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  if (answer.cache) res.setHeader("x-cache", answer.cache);
  res.statusCode = answer.status;
  if (typeof answer.body === "string") {
    // A POST's answer is never revalidated: no ETag to hash (Express's res.send hashes every body).
    if (res.req.method !== "POST") res.send(answer.body);
    else res.setHeader("content-length", Buffer.byteLength(answer.body)).end(answer.body);
    return;
  }
  for await (const chunk of answer.body) res.write(chunk);
  res.end();
}

/** A GraphQL-shaped error answer for what never reached GraphQL (the body, the rate limit). */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type("application/json")
    .send(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

/**
 * Errors raised before GraphQL (the JSON body parser) or outside it, as GraphQL-shaped JSON:
 * never Express's HTML page with a stack trace. Anything unexpected is logged with an id and
 * answered with that id only.
 */
export function jsonErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: string })?.type;
    const status = Number((err as { status?: number })?.status);
    if (type === "entity.too.large") {
      return sendGraphQLError(
        res,
        413,
        "PAYLOAD_TOO_LARGE",
        `the request body is larger than the limit of ${bodyLimitBytes} bytes (BODY_LIMIT_MB): split the import into several documents`,
        { limitBytes: bodyLimitBytes },
      );
    }
    if (type === "entity.parse.failed")
      return sendGraphQLError(res, 400, "BAD_REQUEST", "the request body is not valid JSON");
    if (status >= 400 && status < 500) {
      return sendGraphQLError(res, status, "BAD_REQUEST", `the request body cannot be read (${type ?? "bad request"})`);
    }
    const errorId = randomUUID();
    logger.error({ err, errorId }, "unexpected error answering an HTTP request");
    sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", `internal error ${errorId} (the server logged the details)`, {
      errorId,
    });
  };
}
