// Progress streams. `migrationProgress` subscribes first, then replays stored events after the
// caller's sequence, then continues live — deduplicated by sequence — so a reconnecting dashboard
// misses nothing. It ends once the migration reaches a final state: its latest final event (a migration
// that COMPLETED and was then rolled back has two; the stream goes on through the rollback).
// Both streams redact each event for the caller (visibility.ts): a reader of one realm of a migration
// never sees the other realm's document ids or error texts.
import type { Viewer } from "../access.ts";
import type { PubSub } from "../pubsub.ts";
import {
  FINAL_MIGRATION_STATUSES,
  migrationTopic,
  realmTopic,
  type MigrationEventPayload,
  type MigrationEvents,
} from "./events.ts";
import type { MigrationService } from "./service.ts";
import { redactEvent, sidesOf, type RedactedEvent } from "./visibility.ts";

/** How long the live feed may stay silent before the store is consulted. */
const QUIET_MS = 2000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function* migrationProgress(
  deps: { pubsub: PubSub; events: MigrationEvents; migrations: MigrationService },
  viewer: Viewer,
  migrationId: string,
  afterSequence: number,
  signal?: AbortSignal,
): AsyncGenerator<RedactedEvent> {
  const migration = await deps.migrations.get(viewer, migrationId); // authorizes on subscribe
  const sides = sidesOf(viewer, migration);
  for await (const event of storedThenLive(deps, migration, afterSequence, signal)) yield redactEvent(event, sides);
}

async function* storedThenLive(
  deps: { pubsub: PubSub; events: MigrationEvents },
  migration: { id: string; status: MigrationEventPayload["status"]; lastSequence: number },
  afterSequence: number,
  signal?: AbortSignal,
): AsyncGenerator<MigrationEventPayload> {
  const migrationId = migration.id;
  const live = await deps.pubsub.subscribe<MigrationEventPayload>(migrationTopic(migrationId), { signal });
  try {
    let last = afterSequence;
    // Replay in pages: the live subscription is already buffering what happens meanwhile.
    for (;;) {
      const stored = await deps.events.since(migrationId, last, 500);
      for (const [index, event] of stored.entries()) {
        last = event.sequence;
        yield event;
        const latest = index === stored.length - 1 && stored.length < 500;
        if (latest && isFinal(event)) return;
      }
      if (stored.length < 500) break;
    }
    if (FINAL_MIGRATION_STATUSES.includes(migration.status) && last >= migration.lastSequence) return;
    // Live delivery is at-most-once (a Redis reconnect can drop messages): when nothing arrives for a
    // while, or the live feed fails, the store is read — it is the source of truth, the feed a shortcut.
    let pending: Promise<IteratorResult<MigrationEventPayload>> | undefined;
    let liveOk = true;
    while (!signal?.aborted) {
      let next: IteratorResult<MigrationEventPayload> | "quiet" = "quiet";
      if (liveOk) {
        pending ??= live.next();
        try {
          next = await Promise.race([pending, sleep(QUIET_MS).then(() => "quiet" as const)]);
        } catch {
          liveOk = false; // e.g. the subscriber fell behind and was dropped; carry on from the store
        }
        if (next !== "quiet") pending = undefined;
      } else {
        await sleep(QUIET_MS);
      }
      const arrived = next !== "quiet" && !next.done ? [next.value] : [];
      if (next !== "quiet" && next.done) liveOk = false;
      const first = arrived[0];
      const gap = first === undefined || first.sequence > last + 1;
      const events = gap ? await deps.events.since(migrationId, last, 500) : arrived;
      for (const event of events) {
        if (event.sequence <= last) continue;
        last = event.sequence;
        yield event;
        if (isFinal(event)) return;
      }
    }
  } finally {
    await live.return?.();
  }
}

/**
 * Live events of every migration touching a realm (as source or target). Events of one migration come
 * out in sequence order even when several processes publish them: a gap is filled from the store and
 * late duplicates are dropped.
 */
export async function* realmMigrationEvents(
  deps: { pubsub: PubSub; events: MigrationEvents },
  viewer: Viewer,
  realmId: string,
  signal?: AbortSignal,
): AsyncGenerator<RedactedEvent> {
  viewer.assertRead(realmId);
  const since = new Date();
  const live = await deps.pubsub.subscribe<MigrationEventPayload>(realmTopic(realmId), { signal });
  const last = new Map<string, number>();
  try {
    for await (const event of live) {
      const seen = last.get(event.migrationId);
      if (seen !== undefined && event.sequence <= seen) continue;
      const from = seen ?? 0;
      const missed =
        event.sequence > from + 1 ? await deps.events.since(event.migrationId, from, event.sequence - from - 1) : [];
      // For a migration first seen mid-way, only what happened since the subscription started is "missed".
      for (const earlier of missed)
        if (seen !== undefined || new Date(earlier.createdAt) >= since)
          yield redactEvent(earlier, sidesOf(viewer, earlier));
      last.set(event.migrationId, event.sequence);
      yield redactEvent(event, sidesOf(viewer, event));
    }
  } finally {
    await live.return?.();
  }
}

function isFinal(event: MigrationEventPayload): boolean {
  return FINAL_MIGRATION_STATUSES.includes(event.status) && event.type.startsWith("migration.");
}
