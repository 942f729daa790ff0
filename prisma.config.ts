// Prisma CLI configuration. The CLI is used to generate the client and to diff new migrations;
// the service applies migrations itself (server/services/db/migrate.ts), on PGlite and PostgreSQL alike.
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

process.env.DATABASE_URL ??= "postgresql://localhost/prisma-cli";

export default defineConfig({
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  adapter: async () => new PrismaPGlite(new PGlite()),
});
