import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type { Router } from "express";

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

/** Bull Board's UI and API for the given queues, mounted by the caller at `basePath`. */
export function adminBoardRouter(basePath: string, queues: Queue[]): Router {
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
