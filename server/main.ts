// Entry point: configuration → app (+ background work) → listen → first-start token; SIGINT/SIGTERM drain
// and stop. Any start-up failure prints one line naming its cause and exits with code 2.
import os from "node:os";
import { loadConfig, type Config } from "./config.ts";
import { buildApp, type App } from "./app.ts";
import { createLogger, type Logger } from "./logger.ts";
import { describeStartupError, STARTUP_EXIT_CODE } from "./startup-error.ts";
import { bootstrap } from "./services/bootstrap.ts";
import { startTracing, type Tracing } from "./services/tracing.ts";

async function main(): Promise<void> {
  let config: Config | undefined;
  let app: App | undefined;
  let logger: Logger | undefined;
  let url: string;
  let tracing: Tracing;
  try {
    config = loadConfig();
    logger = createLogger(config.logLevel);
    tracing = startTracing(config.tracing);
    if (config.tracing.exporter) logger.info({ exporter: config.tracing.exporter }, "tracing on");
    app = await buildApp(config, { logger });
    app.services.start();
    const resumed = await app.services.processor.resumeInterrupted();
    if (resumed > 0) logger.info({ documents: resumed }, "resumed interrupted processing");
    url = await app.start();
    // Created only now that the server listens, and printed in the same step: a start that fails before
    // this point leaves no admin token nobody saw (the next start bootstraps instead).
    const first = config.bootstrap ? await bootstrap(app.services) : null;
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
          "  This token is not shown again; create more with the createApiToken mutation,",
          "  or mint a new admin token with `npm run token -- --admin`.",
          "",
        ].join("\n") + "\n",
      );
    }
  } catch (error) {
    return failStartup(error, config, app, logger);
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
      // The last spans (the drain's items among them) are sent before the process exits.
      await tracing.shutdown().catch((error: unknown) => logger.warn({ err: error }, "sending the last spans failed"));
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

/** One line naming the cause and what to do (the stack only with LOG_LEVEL=debug), resources released, exit 2. */
async function failStartup(
  error: unknown,
  config: Config | undefined,
  app: App | undefined,
  logger: Logger | undefined,
): Promise<never> {
  for (const line of describeStartupError(error, config)) console.error(line);
  if (config?.logLevel === "debug") logger?.debug({ err: error }, "start-up failed");
  // Bounded: a dependency that hangs must not keep a process that cannot start alive.
  await Promise.race([
    app?.stop().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
  ]);
  process.exit(STARTUP_EXIT_CODE);
}

main().catch((error: unknown) => {
  for (const line of describeStartupError(error)) console.error(line);
  process.exit(STARTUP_EXIT_CODE);
});
