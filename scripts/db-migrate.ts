// npm run db:migrate — applies pending migrations to the configured metadata database (PGlite under
// DATA_DIR, or DATABASE_URL) and exits. `npm start` does the same on every start.
import path from "node:path";
import { loadConfig } from "../server/config.ts";
import { openMetadataDb } from "../server/services/db/open.ts";

const config = loadConfig();
const db = await openMetadataDb({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });
const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
  `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
);
console.log(`${db.dialect}: ${rows.length} migration(s) applied: ${rows.map((r) => r.migration_name).join(", ")}`);
await db.close();
