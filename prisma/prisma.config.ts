import { defineConfig } from "prisma/config";

// Lives in prisma/ because the top level of the repository is fixed; pass --config to the CLI.
export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/poverty" },
});
