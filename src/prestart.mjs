// `npm start`'s prestart, in one process (as three node processes, each cost ~0.15 s to start):
// the Prisma client if it is missing, the dashboard if it is stale, the server bundle if it is stale.
import { generateClient } from "../prisma/generate.mjs";
import { buildDashboardIfStale } from "./dashboard/build-if-missing.mjs";
import { buildServer } from "./server/build-server.mjs";

const status = generateClient({ ifMissing: true });
if (status !== 0) process.exit(status);
await buildDashboardIfStale();
await buildServer({ ifStale: true });
