// Sends webhook deliveries from the outbox. A small leased worker loop, separate from the migration runner
// (which never awaits it): lease due deliveries from the shared queue (queue/leases.ts: several processes split
// them; a crashed process's lease expires and the delivery is taken over), POST each one signed after Standard
// Webhooks, log every attempt, and retry non-2xx answers, network errors and timeouts with exponential backoff
// and jitter (or a receiver's Retry-After, bounded) up to maxAttempts. Delivery is at least once: a receiver
// de-duplicates by webhook-id (the delivery id). Finished deliveries are pruned after the retention.
import { performance } from "node:perf_hooks";
import type { Prisma } from "../db/open.ts";
import type { SecretBox } from "../secrets.ts";
import type { WebhookDelivery } from "../../generated/prisma/client.ts";
import { silentLogger, type Logger } from "../../logger.ts";
import { signPayload } from "./signature.ts";
import { WorkerLoop } from "../queue/worker-loop.ts";
import { processOwner } from "../queue/owner.ts";
import { backoffMs } from "../queue/timing.ts";
import * as leases from "../queue/leases.ts";
import { WEBHOOK_DELIVERIES } from "../queue/queues.ts";
import { RETRY_AFTER_STATUSES, retryAfterMs } from "./retry-after.ts";
import { pruneDeliveries } from "./retention.ts";
import { deliveryFor, storedDeliveryOf, type StoredDelivery } from "./outbox.ts";
import { GuardedPoster } from "../net/guarded-post.ts";
import type { OutboundPolicy } from "../net/outbound-policy.ts";

export interface DispatcherConfig {
  maxAttempts: number;
  retryBaseMs: number;
  /** One attempt (connect, send, read the status) gives up after this long. */
  timeoutMs: number;
  concurrency: number;
  /** Upper bound on a receiver's Retry-After. */
  retryAfterMaxMs: number;
  /** Days a finished delivery is kept; 0 keeps it forever. */
  retentionDays: number;
  pollMs: number;
}

/** How often a dispatcher prunes finished deliveries. */
const PRUNE_EVERY_MS = 10 * 60_000;

export type AttemptOutcome = "success" | "http_error" | "timeout" | "network_error" | "internal_error";
export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = [
  "success",
  "http_error",
  "timeout",
  "network_error",
  "internal_error",
];

export interface DispatcherHooks {
  onError?: (error: unknown, context: string) => void;
  /** One attempt ended (metrics). */
  onAttempt?: (outcome: AttemptOutcome, durationMs: number) => void;
}

/** A leased delivery as its claim returned it (raw: payload is jsonb parsed on one adapter, text on another). */
type Claimed = WebhookDelivery;

interface AttemptResult {
  outcome: AttemptOutcome;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** What the receiver's Retry-After asked for (429/503 only). */
  retryAfterMs?: number | undefined;
}

const USER_AGENT = "realm-migration-service-webhooks/1";

export class WebhookDispatcher {
  readonly owner = processOwner;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly loop: WorkerLoop;
  private prunedAt = 0;

  /** Sends under the outbound policy (public addresses only unless private targets are allowed). */
  private readonly poster: GuardedPoster;

  constructor(
    private readonly prisma: Prisma,
    private readonly secrets: SecretBox,
    private readonly config: DispatcherConfig,
    outbound: OutboundPolicy,
    private readonly hooks: DispatcherHooks = {},
    private readonly logger: Logger = silentLogger(),
  ) {
    this.poster = new GuardedPoster(outbound);
    this.loop = new WorkerLoop(
      () => this.tick(),
      config.pollMs,
      (error) => this.hooks.onError?.(error, "webhook dispatcher tick"),
    );
  }

  /** A claimed delivery is someone else's until then: longer than any attempt can take. */
  private get leaseMs(): number {
    return this.config.timeoutMs * 2 + 10_000;
  }

  get running(): boolean {
    return this.loop.running;
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  start(): void {
    this.loop.start();
  }

  /** Skips the current wait: deliveries were just written or became due. */
  notify(): void {
    this.loop.wakeUp();
  }

  /** Stops claiming and waits for the attempts in flight (each bounded by timeoutMs). */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled(this.inflight.values());
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.poster.close();
  }

  /** Claims deliveries for the free slots and sends them without waiting for the answers. */
  async tick(): Promise<void> {
    if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = Date.now();
      await this.prune();
    }
    const free = this.config.concurrency - this.inflight.size;
    if (free <= 0) return;
    for (const delivery of await this.claim(free)) {
      const work = this.deliver(delivery)
        .catch((error: unknown) => this.hooks.onError?.(error, `webhook delivery ${delivery.id}`))
        .finally(() => {
          this.inflight.delete(delivery.id);
          this.notify();
        });
      this.inflight.set(delivery.id, work);
    }
  }

  /** Deletes deliveries that finished longer than the retention ago; returns how many. */
  async prune(): Promise<number> {
    const deleted = await pruneDeliveries(this.prisma, this.config.retentionDays);
    if (deleted > 0)
      this.logger.info({ deleted, retentionDays: this.config.retentionDays }, "pruned old webhook deliveries");
    return deleted;
  }

  /**
   * Due PENDING deliveries, DELIVERING ones whose lease expired, and this process's own whose outcome it
   * could not record (not in flight here); the attempt counter moves on claim.
   */
  private async claim(limit: number): Promise<Claimed[]> {
    const claimed = await leases.claim(this.prisma, WEBHOOK_DELIVERIES, {
      owner: this.owner,
      limit,
      leaseMs: this.leaseMs,
      working: [...this.inflight.keys()],
    });
    return claimed.map((c) => c.row);
  }

  private async deliver(delivery: Claimed): Promise<void> {
    const webhook = await this.prisma.webhook.findUnique({ where: { id: delivery.webhookId } });
    if (!webhook) return; // deleted meanwhile: its deliveries went with it
    let secret: string;
    try {
      secret = this.secrets.open(webhook.secret);
    } catch {
      const error = "the webhook's signing secret cannot be decrypted (was SECRET_KEY changed?)";
      await this.record(delivery, { outcome: "internal_error", statusCode: null, error, durationMs: 0 });
      return;
    }
    let stored: StoredDelivery;
    try {
      stored = storedDeliveryOf(delivery.payload, delivery.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.record(delivery, { outcome: "internal_error", statusCode: null, error: message, durationMs: 0 });
      return;
    }
    await this.record(delivery, await this.send(webhook.url, webhook.realmId, secret, delivery, stored));
  }

  private async send(
    url: string,
    realmId: string | null,
    secret: string,
    delivery: Claimed,
    stored: StoredDelivery,
  ): Promise<AttemptResult> {
    const { event, sequence, timestamp, migration, item, message } = deliveryFor(stored, realmId);
    const body = JSON.stringify({
      id: delivery.id,
      event,
      timestamp,
      sequence,
      webhookId: delivery.webhookId,
      migration,
      item,
      message,
    });
    // webhook-id is the delivery's id, the same on every retry, so a receiver can de-duplicate by it.
    const signedAt = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await this.poster.post(
        url,
        {
          "content-type": "application/json",
          "user-agent": USER_AGENT,
          "webhook-id": delivery.id,
          "webhook-timestamp": String(signedAt),
          "webhook-signature": signPayload(secret, delivery.id, signedAt, body),
        },
        body,
        AbortSignal.timeout(this.config.timeoutMs),
      );
      const ok = response.status >= 200 && response.status < 300;
      return {
        outcome: ok ? "success" : "http_error",
        statusCode: response.status,
        error: ok ? null : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
        durationMs: elapsed(),
        retryAfterMs: RETRY_AFTER_STATUSES.has(response.status)
          ? retryAfterMs(response.headers.get("retry-after"))
          : undefined,
      };
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === "TimeoutError" || name === "AbortError";
      return {
        outcome: timedOut ? "timeout" : "network_error",
        statusCode: null,
        error: timedOut ? `no answer within ${this.config.timeoutMs} ms` : describeNetworkError(error),
        durationMs: elapsed(),
      };
    }
  }

  /** Logs the attempt and moves the delivery on, if this process still holds it. */
  private async record(delivery: Claimed, result: AttemptResult): Promise<void> {
    const { id, attempts } = delivery;
    this.hooks.onAttempt?.(result.outcome, result.durationMs);
    // The attempt happened whoever holds the lease now, so it is logged either way.
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO "WebhookAttempt" (id, "deliveryId", attempt, "statusCode", error, "durationMs", "createdAt")
       SELECT gen_random_uuid(), d.id, $2::int, $3::int, $4::text, $5::int, (now() AT TIME ZONE 'UTC')
       FROM "WebhookDelivery" d WHERE d.id = $1::uuid
       ON CONFLICT ("deliveryId", attempt) DO NOTHING`,
      id,
      attempts,
      result.statusCode,
      result.error,
      result.durationMs,
    );
    const succeeded = result.outcome === "success";
    const retry = !succeeded && attempts < this.config.maxAttempts;
    const asked = Math.min(result.retryAfterMs ?? 0, this.config.retryAfterMaxMs);
    const delay = retry ? Math.max(backoffMs(attempts, this.config.retryBaseMs), asked) : 0;
    // A finished delivery's nextAttemptAt is when it finished: retention goes by it.
    const now = new Date();
    const outcome = { lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: now };
    const lease = leases.leaseOf(WEBHOOK_DELIVERIES, delivery, this.owner);
    const left = succeeded
      ? await leases.leave(this.prisma, WEBHOOK_DELIVERIES, lease, "SUCCEEDED", { ...outcome, deliveredAt: now })
      : await leases.fail(this.prisma, WEBHOOK_DELIVERIES, lease, retry ? delay : null, {
          ...outcome,
          deliveredAt: null,
        });
    const log = this.logger.child({ webhookId: delivery.webhookId, deliveryId: id });
    const details = { event: delivery.event, attempt: attempts, statusCode: result.statusCode, error: result.error };
    if (!left) log.warn(details, "webhook attempt finished after its lease was lost");
    else if (succeeded) log.debug({ ...details, durationMs: result.durationMs }, "webhook delivered");
    else if (retry) {
      log.info({ ...details, retryInMs: delay }, "webhook attempt failed; retrying");
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.notify();
      }, delay);
      timer.unref();
      this.retryTimers.add(timer);
    } else log.warn(details, "webhook delivery failed after its last attempt");
  }
}

/** "connect ECONNREFUSED 127.0.0.1:9", or the outbound policy's refusal. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message) return `${error.message}: ${cause.message}`;
  return error.message;
}
