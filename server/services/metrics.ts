// Prometheus metrics for one service instance: a registry of its own (tests run several apps in one
// process), counters fed by the runner hooks and by instrumented connectors/pub/sub, and gauges read
// from the metadata database on scrape. Label values come from closed sets, so series stay bounded.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Prisma } from "./db/open.ts";
import type { Connector } from "./connectors/types.ts";
import type { PubSub } from "./pubsub.ts";
import { DROP_REASONS, type PublishQueueOptions } from "./publish-queue.ts";
import type { RunnerHooks } from "./migration/runner.ts";
import { ATTEMPT_OUTCOMES, type DispatcherHooks } from "./webhooks/dispatcher.ts";
import { MIGRATION_STATUSES, MIGRATION_TYPES } from "./vocabulary.ts";
import { withTimeout } from "./health.ts";

const CONNECTOR_OPERATIONS = [
  "ensureReady",
  "ingest",
  "remove",
  "export",
  "count",
  "health",
  "ingestMany",
  "countMany",
  "removeMany",
  "exportMany",
] as const;
/** Scrape-time queries give up after this long, so a slow database cannot hang /metrics. */
const COLLECT_TIMEOUT_MS = 2_000;
/** Distinct GraphQL operation names kept as label values; later ones are counted as "other". */
const MAX_OPERATION_NAMES = 200;

export interface MetricsSources {
  prisma: Prisma;
  runner: { running: boolean; inflightCount: number };
}

export class Metrics {
  readonly registry = new Registry();

  readonly graphqlOperations = new Counter({
    name: "rms_graphql_operations_total",
    help: "GraphQL operations executed, by type and name.",
    labelNames: ["operation_type", "operation_name"] as const,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: "rms_graphql_operation_duration_seconds",
    help: "Execution time of GraphQL queries and mutations.",
    labelNames: ["operation_type", "operation_name"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: "rms_graphql_errors_total",
    help: "GraphQL errors returned (not typed domain results), by operation and error code.",
    labelNames: ["operation_type", "operation_name", "code"] as const,
    registers: [this.registry],
  });

  private readonly itemsProcessed = new Counter({
    name: "rms_migration_items_processed_total",
    help: "Migration items this process finished as COMPLETED or SKIPPED, by migration type.",
    labelNames: ["type"] as const,
    registers: [this.registry],
  });
  private readonly itemsFailed = new Counter({
    name: "rms_migration_items_failed_total",
    help: "Migration items this process finished as FAILED, by migration type.",
    labelNames: ["type"] as const,
    registers: [this.registry],
  });
  private readonly itemsCancelled = new Counter({
    name: "rms_migration_items_cancelled_total",
    help: "In-flight migration items this process finished as CANCELLED, by migration type.",
    labelNames: ["type"] as const,
    registers: [this.registry],
  });
  private readonly itemDuration = new Histogram({
    name: "rms_migration_item_duration_seconds",
    help: "Time of one attempt at a migration item, by migration type and outcome.",
    labelNames: ["type", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: "rms_migration_item_retries_total",
    help: "Item attempts that failed transiently and were re-queued with backoff, by migration type.",
    labelNames: ["type"] as const,
    registers: [this.registry],
  });
  private readonly takeovers = new Counter({
    name: "rms_migration_lease_takeovers_total",
    help: "Items this process took over from an expired lease (a crashed or stalled process).",
    registers: [this.registry],
  });
  private readonly connectorDuration = new Histogram({
    name: "rms_connector_call_duration_seconds",
    help: "Calls to database connectors, by database kind and operation.",
    labelNames: ["kind", "operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly connectorErrors = new Counter({
    name: "rms_connector_errors_total",
    help: "Connector calls that threw, by database kind and operation.",
    labelNames: ["kind", "operation"] as const,
    registers: [this.registry],
  });
  private readonly publishDuration = new Histogram({
    name: "rms_pubsub_publish_duration_seconds",
    help: "Latency of pub/sub publishes, by backend.",
    labelNames: ["backend"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly publishErrors = new Counter({
    name: "rms_pubsub_publish_errors_total",
    help: "Pub/sub publishes that failed, by backend.",
    labelNames: ["backend"] as const,
    registers: [this.registry],
  });
  private readonly publishDropped = new Counter({
    name: "rms_pubsub_dropped_total",
    help: "Migration event messages not published (queue full while pub/sub was slow or away, publish failed, closing), by backend and reason. Subscribers catch up from the stored events.",
    labelNames: ["backend", "reason"] as const,
    registers: [this.registry],
  });
  private readonly webhookAttempts = new Counter({
    name: "rms_webhook_delivery_attempts_total",
    help: "Webhook delivery attempts this process made, by outcome (success, http_error, timeout, network_error, internal_error).",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  private readonly collectErrors = new Counter({
    name: "rms_metrics_collect_errors_total",
    help: "Scrape-time database reads that failed or timed out (their gauges are left out of that scrape).",
    registers: [this.registry],
  });
  private readonly operationNames = new Set<string>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    // Known label values start at zero, so rates and alerts see a series before the first event.
    for (const type of MIGRATION_TYPES) {
      for (const counter of [this.itemsProcessed, this.itemsFailed, this.itemsCancelled, this.retries])
        counter.inc({ type }, 0);
    }
  }

  /** Registers the gauges read on scrape: migrations by status, queue depth, the runner's in-flight items. */
  collectFrom(sources: MetricsSources): void {
    const read = async <T>(gauge: Gauge<string>, query: () => Promise<T>, apply: (value: T) => void) => {
      gauge.reset();
      try {
        apply(await withTimeout(query(), COLLECT_TIMEOUT_MS));
      } catch {
        this.collectErrors.inc();
      }
    };
    new Gauge({
      name: "rms_migrations",
      help: "Migrations in the metadata database, by status.",
      labelNames: ["status"] as const,
      registers: [this.registry],
      collect() {
        return read(
          this,
          () => sources.prisma.migration.groupBy({ by: ["status"], _count: { _all: true } }),
          (groups) => {
            for (const status of MIGRATION_STATUSES) {
              this.set({ status }, groups.find((g) => g.status === status)?._count._all ?? 0);
            }
          },
        );
      },
    });
    new Gauge({
      name: "rms_migration_queue_depth",
      help: "Pending items of open migrations (all processes), by migration type.",
      labelNames: ["type"] as const,
      registers: [this.registry],
      collect() {
        return read(
          this,
          () =>
            sources.prisma.$queryRawUnsafe<Array<{ type: string; pending: bigint | number }>>(
              `SELECT m.type::text AS type, count(*) AS pending FROM "MigrationItem" i
               JOIN "Migration" m ON m.id = i."migrationId"
               WHERE m.status IN ('PENDING', 'SCHEDULED', 'IN_PROGRESS', 'CANCELLING') AND i.status = 'PENDING'
               GROUP BY m.type`,
            ),
          (rows) => {
            for (const type of MIGRATION_TYPES) {
              this.set({ type }, Number(rows.find((r) => r.type === type)?.pending ?? 0));
            }
          },
        );
      },
    });
    new Gauge({
      name: "rms_runner_items_in_flight",
      help: "Migration items this process is working on.",
      registers: [this.registry],
      collect() {
        this.set(sources.runner.inflightCount);
      },
    });
    new Gauge({
      name: "rms_runner_up",
      help: "1 when this process's migration runner is running.",
      registers: [this.registry],
      collect() {
        this.set(sources.runner.running ? 1 : 0);
      },
    });
  }

  /** Runner hooks that count item outcomes, retries and takeovers. */
  runnerHooks(): RunnerHooks {
    return {
      onItemClaimed: (_item, takenOver) => {
        if (takenOver) this.takeovers.inc();
      },
      onItemRetrying: (_item, { type, durationMs }) => {
        this.retries.inc({ type });
        this.itemDuration.observe({ type, outcome: "retrying" }, durationMs / 1000);
      },
      onItemFinished: (_item, status, { type, durationMs }) => {
        if (status === "COMPLETED" || status === "SKIPPED") this.itemsProcessed.inc({ type });
        else if (status === "FAILED") this.itemsFailed.inc({ type });
        else if (status === "CANCELLED") this.itemsCancelled.inc({ type });
        this.itemDuration.observe({ type, outcome: status.toLowerCase() }, durationMs / 1000);
      },
    };
  }

  /** Dispatcher hooks that count delivery attempts by outcome. */
  webhookHooks(): DispatcherHooks {
    for (const outcome of ATTEMPT_OUTCOMES) this.webhookAttempts.inc({ outcome }, 0);
    return { onAttempt: (outcome) => this.webhookAttempts.inc({ outcome }) };
  }

  /** `connector` with every call timed and its failures counted under the database kind. */
  instrumentConnector(connector: Connector): Connector {
    const kind = connector.kind;
    for (const operation of CONNECTOR_OPERATIONS) this.connectorErrors.inc({ kind, operation }, 0);
    const timed =
      <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const end = this.connectorDuration.startTimer({ kind, operation });
        try {
          return await call(...args);
        } catch (error) {
          this.connectorErrors.inc({ kind, operation });
          throw error;
        } finally {
          end();
        }
      };
    return {
      kind,
      ensureReady: timed("ensureReady", () => connector.ensureReady()),
      ingest: timed("ingest", (records) => connector.ingest(records)),
      remove: timed("remove", (ref) => connector.remove(ref)),
      export: timed("export", (ref) => connector.export(ref)),
      count: timed("count", (filter) => connector.count(filter)),
      ingestMany: timed("ingestMany", (records) => connector.ingestMany(records)),
      countMany: timed("countMany", (filter) => connector.countMany(filter)),
      removeMany: timed("removeMany", (refs) => connector.removeMany(refs)),
      exportMany: timed("exportMany", (refs) => connector.exportMany(refs)),
      search: timed("search", (query) => connector.search(query)),
      ...(connector.searchMany && { searchMany: timed("searchMany", (query) => connector.searchMany!(query)) }),
      health: timed("health", () => connector.health()),
      close: () => connector.close(),
    };
  }

  /** `pubsub` with publish latency and failures recorded. */
  instrumentPubSub(pubsub: PubSub, backend: "memory" | "redis"): PubSub {
    this.publishErrors.inc({ backend }, 0);
    return {
      publish: async (topic, payload) => {
        const end = this.publishDuration.startTimer({ backend });
        try {
          await pubsub.publish(topic, payload);
        } catch (error) {
          this.publishErrors.inc({ backend });
          throw error;
        } finally {
          end();
        }
      },
      subscribe: (topic, options) => pubsub.subscribe(topic, options),
      ping: () => pubsub.ping(),
      close: () => pubsub.close(),
    };
  }

  /** Hooks for the publish queue: counts dropped messages by reason. */
  publishQueueHooks(backend: "memory" | "redis"): Pick<PublishQueueOptions, "onDropped"> {
    for (const reason of DROP_REASONS) this.publishDropped.inc({ backend, reason }, 0);
    return { onDropped: (count, reason) => this.publishDropped.inc({ backend, reason }, count) };
  }

  /** Counts one GraphQL operation; `seconds` is omitted for subscriptions (they last as long as the client). */
  recordOperation(type: string, name: string | undefined, seconds?: number): void {
    const labels = { operation_type: type, operation_name: this.operationLabel(name) };
    this.graphqlOperations.inc(labels);
    if (seconds !== undefined) this.graphqlDuration.observe(labels, seconds);
  }

  /** Counts the GraphQL errors an operation returned, by code. */
  recordErrors(type: string, name: string | undefined, codes: string[]): void {
    const labels = { operation_type: type, operation_name: this.operationLabel(name) };
    for (const code of codes) this.graphqlErrors.inc({ ...labels, code });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private operationLabel(name: string | undefined): string {
    if (!name) return "anonymous";
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES || name.length > 64) return "other";
    this.operationNames.add(name);
    return name;
  }
}
