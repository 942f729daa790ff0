// npm run token -- --admin [--name NAME] — mints a new admin API token against the configured metadata
// database (PGlite under DATA_DIR, or DATABASE_URL) and prints it once: the way back when the first-start
// token was lost. Realm-scoped tokens are created over the API (createApiToken). On PGlite the server must be
// stopped first (the data directory serves one process); on PostgreSQL it may keep running.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../server/config.ts";
import { openMetadataDb } from "../server/services/db/open.ts";
import { TokenService } from "../server/services/tokens.ts";
import { describeStartupError, STARTUP_EXIT_CODE } from "../server/startup-error.ts";
import { StartupError } from "../server/services/errors.ts";

const USAGE = "Usage: npm run token -- --admin [--name NAME]";

async function main(): Promise<void> {
  let config;
  try {
    const { values } = parseArgs({
      options: { admin: { type: "boolean" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      console.log(`${USAGE}\nMints an admin API token against DATABASE_URL (or the PGlite data under DATA_DIR).`);
      return;
    }
    if (!values.admin)
      throw new StartupError(
        `Only admin tokens are minted here: pass --admin. Create realm tokens with createApiToken.`,
      );
    const name = (values.name ?? `admin (npm run token, ${new Date().toISOString()})`).trim();
    if (!name || name.length > 100) throw new StartupError("--name must be 1–100 characters.");
    config = loadConfig();
    const db = await openMetadataDb({
      databaseUrl: config.databaseUrl,
      pgliteDir: path.join(config.dataDir, "pglite"),
    });
    try {
      const { token } = await new TokenService(db.prisma).issue(name, true);
      process.stdout.write(`${token}\n`);
      process.stderr.write(
        `Admin token "${name}" created in ${db.dialect === "pglite" ? config.dataDir : "DATABASE_URL"}; it is not shown again.\n`,
      );
    } finally {
      await db.close();
    }
  } catch (error) {
    const lines =
      error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
        ? [`${error.message}. ${USAGE}`]
        : describeStartupError(error, config);
    for (const line of lines) console.error(line);
    process.exit(STARTUP_EXIT_CODE);
  }
}

await main();
