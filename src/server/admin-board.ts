import type { Queue } from "bullmq";
import type { RequestHandler, Router } from "express";

type BoardServerAdapter = Parameters<typeof import("@bull-board/api").createBullBoard>[0]["serverAdapter"];

/**
 * Bull Board's UI and API for the given queues, mounted by the caller at `basePath`. Its packages
 * (a second of imports on a busy machine) are loaded on the first request to it, not at start.
 */
export function adminBoardRouter(basePath: string, queues: Queue[]): RequestHandler {
  let board: Promise<Router> | undefined;
  return (req, res, next) => {
    board ??= boardRouter(basePath, queues);
    board.then((router) => router(req, res, next), next);
  };
}

async function boardRouter(basePath: string, queues: Queue[]): Promise<Router> {
  const [api, adapter, express] = await Promise.all([
    import("@bull-board/api"),
    import("@bull-board/api/bullMQAdapter"),
    import("@bull-board/express"),
  ]);
  const { createBullBoard } = commonJsExports(api);
  const { BullMQAdapter } = commonJsExports(adapter);
  const { ExpressAdapter } = commonJsExports(express);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  // @bull-board/express 9.10.1 brings its own @bull-board/api 9.10.1 next to our 9.10.2: the
  // adapter types differ only by that copy, so the cast is type-only.
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
  });
  return serverAdapter.getRouter() as Router;
}

/**
 * The exports of a CommonJS module loaded with import(): Node names them in the namespace; the server
 * bundle (build-server.mjs) gives them as its default only when the module defines them by getters
 * (as TypeScript's re-exports do), which esbuild cannot read.
 */
function commonJsExports<T extends object>(namespace: T): T {
  const { default: exports } = namespace as { default?: unknown };
  return Object.keys(namespace).length === 1 && exports && typeof exports === "object" ? (exports as T) : namespace;
}
