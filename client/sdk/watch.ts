// Progress of one migration as an async iterator over the `migrationProgress` subscription. Each event
// is yielded once, in sequence order: after a lost connection the subscription is opened again after
// the last sequence seen, and events replayed by a transport-level resubscribe are dropped. It ends
// when the server ends the stream: after the migration's latest final event (a run that COMPLETED and
// was then rolled back goes on to ROLLED_BACK), or at once when the migration had already ended.
import { createRequest, type Client } from "@urql/core";
import type { ResultOf } from "@graphql-typed-document-node/core";
import { MigrationProgressSubscription } from "./operations.ts";
import { SdkError, fromCombinedError } from "./errors.ts";
import { iterate, pause } from "./stream.ts";
import { FINAL_MIGRATION_STATUSES, MIGRATION_LEVEL_EVENT_TYPES } from "./generated/vocabulary.ts";

export type MigrationProgressEvent = ResultOf<typeof MigrationProgressSubscription>["migrationProgress"];

export interface WatchOptions {
  /** Last sequence already seen: only later events are delivered (default 0: all of them). */
  afterSequence?: number;
  /** Stops watching (the iterator then ends without an error). */
  signal?: AbortSignal;
  /** How often to subscribe again after the connection failed for good (default 5). */
  maxResubscribes?: number;
  /** Delay before subscribing again, multiplied by the attempt number (default 500 ms). */
  resubscribeDelayMs?: number;
  /** Called before subscribing again after a lost connection, with the sequence it resumes after. */
  onResubscribe?: (afterSequence: number, attempt: number) => void;
}

/** An event that ends a migration (the server ends the stream after the latest one: a rollback may follow a run). */
export function isFinalEvent(event: Pick<MigrationProgressEvent, "type" | "status">): boolean {
  return MIGRATION_LEVEL_EVENT_TYPES.includes(event.type) && FINAL_MIGRATION_STATUSES.includes(event.status);
}

export async function* watchMigration(
  client: Pick<Client, "executeSubscription">,
  migrationId: string,
  options: WatchOptions = {},
): AsyncGenerator<MigrationProgressEvent, void, undefined> {
  const { signal, maxResubscribes = 5, resubscribeDelayMs = 500 } = options;
  let last = options.afterSequence ?? 0;
  let failures = 0;
  while (!signal?.aborted) {
    const request = createRequest(MigrationProgressSubscription, { migrationId, afterSequence: last });
    const results = iterate(client.executeSubscription(request), signal);
    try {
      for await (const result of results) {
        if (result.error) throw fromCombinedError(result.error);
        const event = result.data?.migrationProgress;
        if (!event || event.sequence <= last) continue;
        last = event.sequence;
        failures = 0;
        yield event;
      }
      return; // the server ended the stream after the migration's latest final event
    } catch (error) {
      const transient = error instanceof SdkError && error.code === "NETWORK_ERROR";
      if (!transient || failures >= maxResubscribes) throw error;
      failures++;
      options.onResubscribe?.(last, failures);
      await pause(resubscribeDelayMs * failures, signal);
    } finally {
      await results.return?.();
    }
  }
}
