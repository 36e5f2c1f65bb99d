// The benchmark's auto-GraphQL peer: PostGraphile 5 (amber preset) with @graphile/pg-aggregates and
// postgraphile-plugin-connection-filter over the figure table of the bench database, as a user who
// points the tool at Postgres would run it. Read-only, on 127.0.0.1.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_123 npm start -- [--port 0] [--stdin-lifeline]
//
// (npm start runs the Node.js 22 this package installs: PostGraphile 5 needs Node >= 22, and on
// Node 20 every query fails, Promise.withResolvers being one of the things missing.)
//
// Prints "listening http://127.0.0.1:<port>/graphql" when ready; stops on SIGTERM/SIGINT, and with
// --stdin-lifeline when its stdin closes (the bench that started it has gone).
import { createServer } from "node:http";
import pg from "pg";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { jsonPgSmartTags } from "postgraphile/utils";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const HOST = "127.0.0.1";
const argPort = process.argv.indexOf("--port");
const port = Number(argPort >= 0 ? process.argv[argPort + 1] : process.env.PORT ?? 0);
const connectionString = process.env.DATABASE_URL;
if (!connectionString || !Number.isInteger(port) || port < 0) {
  console.error("usage: DATABASE_URL=postgresql://… node server.mjs [--port N]");
  process.exit(2);
}

// The figure table and the tables it references; everything else in "public" (the rollups, audit,
// API keys, the crosswalk tables, which no foreign key links to figures) stays out of the schema.
const EXPOSED = ["figure", "place", "ethnicity", "programme", "measure", "document"];
const HIDDEN = await otherTables(connectionString, EXPOSED);
// No functions either (the rollup's helpers, such as the array_cat_agg aggregate).
const HIDDEN_FUNCTIONS = await publicFunctions(connectionString);

const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
  plugins: [
    jsonPgSmartTags({
      version: 1,
      config: {
        class: Object.fromEntries(HIDDEN.map((t) => [t, { tags: { behavior: "-*" } }])),
        procedure: Object.fromEntries(HIDDEN_FUNCTIONS.map((f) => [f, { tags: { behavior: "-*" } }])),
      },
    }),
  ],
  // As PostGraphile 4 did by default (ignoreIndexes): every column can be filtered and grouped by,
  // not only indexed ones; without it ethnicity_code, programme_code and period_end could not be.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [makePgService({ connectionString, schemas: ["public"], poolConfig: { max: 10 } })],
  schema: {
    // Reading only: no mutations, as the dashboard asks nothing else.
    defaultBehavior: "-insert -update -delete",
    connectionFilterRelations: true,
  },
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).catch((e) => {
  console.error(e);
  process.exit(1);
});
await pgl.getSchema(); // build the schema (introspection) before saying we are ready
await new Promise((resolve, reject) => {
  server.once("error", reject);
  server.listen(port, HOST, resolve);
});
console.log(`listening http://${HOST}:${server.address().port}/graphql (exposed: ${EXPOSED.join(", ")})`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  await Promise.resolve(pgl.release()).catch((e) => console.error(e));
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (process.argv.includes("--stdin-lifeline")) {
  // Started by the bench with a pipe as stdin: the pipe closes when the bench process dies.
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
}

async function otherTables(url, keep) {
  const names = await catalog(url, "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'm', 'p', 'f')");
  return names.filter((t) => !keep.includes(t));
}

async function publicFunctions(url) {
  return catalog(url, "SELECT proname AS name FROM pg_proc WHERE pronamespace = 'public'::regnamespace");
}

async function catalog(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows.map((x) => x.name);
  } finally {
    await client.end();
  }
}
