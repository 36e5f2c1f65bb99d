// `npm start`, in one process (a node process costs 0.1-0.3 s to start; the builds ran in a prestart
// of their own): the Prisma client if it is missing, the dashboard if it is stale, the server bundle
// if it is stale, then the server.
import { pathToFileURL } from "node:url";
import { generateClient } from "../prisma/generate.mjs";
import { buildDashboardIfStale } from "./dashboard/build-if-missing.mjs";
import { buildServer, SERVER_BUNDLE } from "./server/build-server.mjs";

const status = generateClient({ ifMissing: true });
if (status !== 0) process.exit(status);
// Vite works on this thread, esbuild in a process of its own: side by side
await Promise.all([buildDashboardIfStale(), buildServer({ ifStale: true })]);
await import(pathToFileURL(SERVER_BUNDLE).href);
