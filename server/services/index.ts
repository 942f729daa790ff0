// Builds every service from the configuration: the one place where dependencies are wired, including
// instrumentation (metrics around connectors, pub/sub and the runner; the logger the runner writes to).
import path from "node:path";
import type { Config } from "../config.ts";
import { openMetadataDb, type MetadataDb } from "./db/open.ts";
import { BlobStore } from "./blobs.ts";
import { SecretBox } from "./secrets.ts";
import { ConnectorRegistry } from "./connectors/registry.ts";
import { endpointOf, openConnector } from "./connectors/kinds.ts";
import { createStages, pipelineOrder } from "./stages/registry.ts";
import { createHashingEmbedder, createHttpEmbedder } from "./stages/embedders.ts";
import { IngestionService } from "./ingestion.ts";
import { DocumentProcessor } from "./processing.ts";
import { RealmService } from "./realms.ts";
import { DatabaseService } from "./databases.ts";
import { databaseHealthCheck } from "./database-health.ts";
import { NodeService } from "./nodes.ts";
import { DocumentService } from "./documents.ts";
import { DocumentEvents } from "./document-events.ts";
import { TokenService } from "./tokens.ts";
import type { Embedder } from "./stages/types.ts";
import { SearchService } from "./search.ts";
import type { Connector } from "./connectors/types.ts";
import type { Database } from "../generated/prisma/client.ts";
import { createPubSub, type PubSub } from "./pubsub.ts";
import { PublishQueue } from "./publish-queue.ts";
import { MigrationEvents } from "./migration/events.ts";
import { MigrationRunner, combineHooks } from "./migration/runner.ts";
import { RateLimiter, rateLimitRedis } from "./migration/rate-limit.ts";
import { MigrationService } from "./migration/service.ts";
import { WebhookService } from "./webhooks/service.ts";
import { WebhookDispatcher } from "./webhooks/dispatcher.ts";
import { webhookOutbox } from "./webhooks/outbox.ts";
import { MigrationStatsService } from "./migration/stats.ts";
import { Metrics } from "./metrics.ts";
import { silentLogger, type Logger } from "../logger.ts";
import { OutboundPolicy, type HostResolver } from "./net/outbound-policy.ts";
import { ConnectorError } from "./errors.ts";
import { BlobGarbageCollector } from "./blob-gc.ts";

export interface Services {
  db: MetadataDb;
  blobs: BlobStore;
  /** Deletes blobs nothing references (admin maintenance). */
  blobGc: BlobGarbageCollector;
  connectors: ConnectorRegistry;
  ingestion: IngestionService;
  processor: DocumentProcessor;
  realms: RealmService;
  databases: DatabaseService;
  nodes: NodeService;
  documents: DocumentService;
  tokens: TokenService;
  pubsub: PubSub;
  /** Sends migration events to `pubsub` off the item path (bounded; drops are counted). */
  publishQueue: PublishQueue;
  events: MigrationEvents;
  /** Live changes of each realm's documents (`realm:<id>:documents`). */
  documentEvents: DocumentEvents;
  runner: MigrationRunner;
  /** Nearest chunks of a realm, per database. */
  search: SearchService;
  migrations: MigrationService;
  /** Analytics over migrations: counts, durations, throughput, errors, time per stage. */
  stats: MigrationStatsService;
  webhooks: WebhookService;
  /** Sends webhook deliveries; runs beside the runner, which never waits for it. */
  dispatcher: WebhookDispatcher;
  metrics: Metrics;
  /** Which hosts webhooks and database connectors may send to. */
  outbound: OutboundPolicy;
  /** Starts background work (the migration runner, the webhook dispatcher) when configured. */
  start(): void;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** An already-open metadata database (tests); otherwise opened from config. */
  db?: MetadataDb;
  onBackgroundError?: (error: unknown, context: string) => void;
  runnerHooks?: import("./migration/runner.ts").RunnerHooks;
  /** Wraps every connector created (fault injection in tests); metrics are recorded around the result. */
  wrapConnector?: (connector: Connector, database: Database) => Connector;
  /** Where background work (the runner) logs; silent when absent. */
  logger?: Logger;
  /** Default: a fresh registry per instance. */
  metrics?: Metrics;
  /** How outbound host names are resolved (default: the system resolver); tests point names anywhere. */
  resolveHost?: HostResolver;
}

export async function createServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  const db =
    options.db ??
    (await openMetadataDb({
      databaseUrl: config.databaseUrl,
      pgliteDir: path.join(config.dataDir, "pglite"),
      timeouts: config.databaseTimeouts,
    }));
  const { prisma } = db;
  const secrets = await SecretBox.load(config.secretKey, config.dataDir);
  const blobs = new BlobStore(path.join(config.dataDir, "blobs"));
  const metrics = options.metrics ?? new Metrics();
  const logger = options.logger ?? silentLogger();
  const outbound = new OutboundPolicy(config.allowPrivateNetworkTargets, options.resolveHost);
  const wrapForTests = options.wrapConnector ?? ((connector: Connector) => connector);
  // Metrics outermost: they record what callers saw, injected faults included.
  const wrap = (connector: Connector, database: Database) =>
    metrics.instrumentConnector(wrapForTests(connector, database));
  // Connect time: the database's host must resolve to allowed addresses whenever a connector is made ready.
  const checkTarget = async (database: Database) => {
    const endpoint = endpointOf(database);
    if (!endpoint) return;
    await outbound.resolveAllowed(new URL(endpoint.address).hostname).catch((error: unknown) => {
      throw new ConnectorError(`Database ${database.name}: ${(error as Error).message}`, false, { cause: error });
    });
  };
  const connectorContext = { prisma, defaultVectorSize: config.embedding.dimension };
  const connectors: ConnectorRegistry = new ConnectorRegistry(
    (database) => wrap(openConnector(database, databases.credentialsOf(database), connectorContext), database),
    checkTarget,
  );
  // The factory above runs on a database's first use, after this exists.
  const checkHealth = databaseHealthCheck(connectors);
  const databases: DatabaseService = new DatabaseService(
    prisma,
    secrets,
    config.embedding.dimension,
    connectors,
    checkHealth,
    outbound,
  );
  const ingestion = new IngestionService(prisma, connectors);
  const embedder = createEmbedder(config);
  const stages = createStages({ embedder, chunking: config.chunking, ingestor: ingestion });
  const processor = new DocumentProcessor(
    prisma,
    blobs,
    stages,
    pipelineOrder(config.markdownOptimizer),
    config.processingConcurrency,
    (error, documentId) => options.onBackgroundError?.(error, `processing document ${documentId}`),
    // Called only once documents are processed, after documentEvents exists.
    (event) => documentEvents.publish(event),
  );
  const backend = config.redisUrl ? "redis" : "memory";
  const pubsub = metrics.instrumentPubSub(
    await createPubSub({
      redisUrl: config.redisUrl,
      onError: (error) => options.onBackgroundError?.(error, "pub/sub"),
    }),
    backend,
  );
  const publishQueue = new PublishQueue(pubsub, {
    ...metrics.publishQueueHooks(backend),
    onError: (error) => options.onBackgroundError?.(error, "publishing migration events"),
  });
  const documentEvents = new DocumentEvents(pubsub, (topic, payload) => publishQueue.enqueue(topic, payload));
  const dispatcher = new WebhookDispatcher(
    prisma,
    secrets,
    config.webhooks,
    outbound,
    { ...metrics.webhookHooks(), onError: options.onBackgroundError },
    logger.child({ component: "webhooks" }),
  );
  const events = new MigrationEvents(
    prisma,
    publishQueue,
    // Deliveries are written with their events; the dispatcher is woken once they commit.
    webhookOutbox(() => dispatcher.notify()),
  );
  const runnerLogger = logger.child({ component: "runner" });
  // Per-database rate limits are shared by every process through Redis when it is configured.
  const limiterRedis =
    config.redisUrl && config.runner.databaseRateLimit > 0 ? rateLimitRedis(config.redisUrl) : undefined;
  const limiter = new RateLimiter(config.runner.databaseRateLimit, {
    redis: limiterRedis,
    onFallback: (error) => runnerLogger.warn({ err: error }, (error as Error).message),
  });
  const runner = new MigrationRunner(
    prisma,
    events,
    { prisma, blobs, connectors, ingestion, processor },
    config.runner,
    combineHooks(metrics.runnerHooks(), { onError: options.onBackgroundError, ...options.runnerHooks }),
    runnerLogger,
    limiter,
  );
  metrics.collectFrom({ prisma, runner });
  const migrations = new MigrationService(prisma, events, () => runner.notify(), checkHealth);
  const services: Services = {
    db,
    blobs,
    blobGc: new BlobGarbageCollector(prisma, blobs),
    connectors,
    ingestion,
    processor,
    realms: new RealmService(prisma, checkHealth, migrations),
    databases,
    nodes: new NodeService(prisma),
    documents: new DocumentService(prisma, blobs, processor, ingestion, config.maxUploadBytes, documentEvents.publish),
    tokens: new TokenService(prisma),
    pubsub,
    publishQueue,
    events,
    documentEvents,
    runner,
    migrations,
    stats: new MigrationStatsService(prisma),
    search: new SearchService(prisma, connectors, embedder),
    webhooks: new WebhookService(prisma, secrets, outbound),
    dispatcher,
    metrics,
    outbound,
    start: () => {
      if (config.runner.enabled) {
        runner.start();
        dispatcher.start();
      }
    },
    close: async () => {
      await runner.stop();
      await dispatcher.stop();
      await processor.stop();
      await publishQueue.close();
      await pubsub.close();
      limiterRedis?.disconnect();
      await connectors.closeAll();
      await db.close();
    },
  };
  return services;
}

function createEmbedder(config: Config): Embedder {
  const { url, model, apiKey, dimension } = config.embedding;
  return url ? createHttpEmbedder({ url, model, apiKey, dimension }) : createHashingEmbedder(dimension);
}
