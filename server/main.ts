// Entry point: configuration → app (+ background work) → listen; SIGINT/SIGTERM drain and stop.
import os from "node:os";
import { loadConfig, ConfigError } from "./config.ts";
import { buildApp } from "./app.ts";
import { createLogger } from "./logger.ts";
import { bootstrap } from "./services/bootstrap.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await buildApp(config, { logger });
  const first = config.bootstrap ? await bootstrap(app.services) : null;
  app.services.start();
  const resumed = await app.services.processor.resumeInterrupted();
  if (resumed > 0) logger.info({ documents: resumed }, "resumed interrupted processing");
  const url = await app.start();
  if (first) {
    // Printed once, on the first start with an empty database: the only time this token is shown.
    process.stdout.write(
      [
        "",
        '  First start: created realm "default" with an EMBEDDED database, and an admin token:',
        "",
        `    ${first.adminToken}`,
        "",
        `  Demo app:  ${url}/?token=${first.adminToken}`,
        `  GraphiQL:  ${url}/graphql  with the header  {"Authorization": "Bearer ${first.adminToken}"}`,
        "  This token is not shown again; create more with the createApiToken mutation.",
        "",
      ].join("\n") + "\n",
    );
  }

  logger.info({ url: `${url}/graphql`, database: app.services.db.dialect, dataDir: config.dataDir }, "listening");

  // Shutdown drains: stop claiming, let in-flight items finish for MIGRATION_DRAIN_MS, release the rest (lease
  // cleared: any process takes them at once), close subscriptions with a reason, then exit. A second signal
  // exits at once.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now without draining");
      process.exit(128 + (os.constants.signals[signal] ?? 0));
    }
    stopping = true;
    const { drainMs } = config.runner;
    logger.info(
      { signal, inFlight: app.services.runner.inflightCount, drainMs },
      "shutting down: finishing in-flight items (a second signal exits at once)",
    );
    const force = setTimeout(() => {
      logger.error({ signal }, "shutdown took too long; exiting");
      process.exit(1);
    }, drainMs + 20_000);
    force.unref();
    (async () => {
      const { finished, released } = await app.services.runner.stop(drainMs);
      await app.stop();
      logger.info({ signal, finished, released }, "shut down");
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
