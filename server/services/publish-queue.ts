// Publishing off the caller's path: `enqueue` returns at once and one loop per process sends the messages in
// enqueue order. Migration events are already stored when they are enqueued and subscribers fill gaps from the
// store, so live delivery is a shortcut that may be lost: when pub/sub is away, messages wait in a bounded queue
// while the transport's own bounded retries run (ioredis: a command timeout and a few reconnect attempts), and
// whatever cannot be sent is dropped and counted (a message that timed out while still in ioredis's offline queue
// may yet go out late when Redis returns; subscribers skip late events by sequence). Nothing here ever holds the
// migration runner.
import type { PubSub } from "./pubsub.ts";

export const DROP_REASONS = ["queue_full", "publish_failed", "closed"] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface PublishQueueOptions {
  /** Messages that may wait to be sent; later ones are dropped while it is full. Default 10000. */
  maxQueued?: number;
  /** Messages sent before their confirmations are awaited together (they go out in order). Default 256. */
  batchSize?: number;
  /** Called for every message not sent. */
  onDropped?: (count: number, reason: DropReason) => void;
  /** Told once each time publishing starts failing (not once per message; the drop count is in onDropped). */
  onError?: (error: unknown) => void;
}

interface Message {
  topic: string;
  payload: unknown;
}

export class PublishQueue {
  readonly #queue: Message[] = [];
  readonly #maxQueued: number;
  readonly #batchSize: number;
  #draining: Promise<void> | undefined;
  #closed = false;
  #failing = false;

  constructor(
    private readonly pubsub: Pick<PubSub, "publish">,
    private readonly options: PublishQueueOptions = {},
  ) {
    this.#maxQueued = options.maxQueued ?? 10_000;
    this.#batchSize = options.batchSize ?? 256;
  }

  /** Messages waiting to be sent (not counting the batch being confirmed). */
  get size(): number {
    return this.#queue.length;
  }

  /** Queues `payload` for `topic` and returns at once; never throws for a transport failure. */
  enqueue(topic: string, payload: unknown): void {
    if (this.#closed) return this.#drop(1, "closed");
    if (this.#queue.length >= this.#maxQueued) return this.#drop(1, "queue_full");
    this.#queue.push({ topic, payload });
    this.#draining ??= this.#drain();
  }

  /** Resolves once everything enqueued so far was sent or dropped, or after `timeoutMs`, whichever is first. */
  async flush(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      (async () => {
        while (this.#draining) await this.#draining;
      })(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Sends what is queued (up to `timeoutMs`), then drops whatever is enqueued later. */
  async close(timeoutMs = 1_000): Promise<void> {
    await this.flush(timeoutMs);
    this.#closed = true;
    const left = this.#queue.splice(0).length;
    if (left > 0) this.#drop(left, "closed");
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#batchSize);
        // Each publish is sent before the next one starts (the transport sends synchronously), so order holds.
        const results = await Promise.allSettled(batch.map((m) => this.pubsub.publish(m.topic, m.payload)));
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failures.length > 0) {
          this.#drop(failures.length, "publish_failed");
          if (!this.#failing) {
            this.#failing = true;
            this.#report(
              new Error(
                `Publishing migration events failed (${messageOf(failures[0]!.reason)}); live delivery is ` +
                  "dropped until pub/sub answers again. Subscribers catch up from the stored events.",
                { cause: failures[0]!.reason },
              ),
            );
          }
        } else {
          this.#failing = false;
        }
      }
    } finally {
      // Synchronously after the queue was seen empty: a later enqueue starts a new loop.
      this.#draining = undefined;
    }
  }

  #drop(count: number, reason: DropReason): void {
    try {
      this.options.onDropped?.(count, reason);
    } catch {
      // A metrics hook must not break publishing.
    }
  }

  #report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // Nothing left to tell.
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
