// Progress streams. `migrationProgress` subscribes first, then replays stored events after the
// caller's sequence, then continues live — deduplicated by sequence — so a reconnecting dashboard
// misses nothing. It ends once the migration reaches a final state.
import type { Viewer } from "../access.ts";
import type { PubSub } from "../pubsub.ts";
import { FINAL_MIGRATION_STATUSES, migrationTopic, realmTopic, type MigrationEventPayload, type MigrationEvents } from "./events.ts";
import type { MigrationService } from "./service.ts";

export async function* migrationProgress(
  deps: { pubsub: PubSub; events: MigrationEvents; migrations: MigrationService },
  viewer: Viewer,
  migrationId: string,
  afterSequence: number,
  signal?: AbortSignal,
): AsyncGenerator<MigrationEventPayload> {
  const migration = await deps.migrations.get(viewer, migrationId); // authorizes on subscribe
  const live = await deps.pubsub.subscribe<MigrationEventPayload>(migrationTopic(migrationId), { signal });
  try {
    let last = afterSequence;
    // Replay in pages: the live subscription is already buffering what happens meanwhile.
    for (;;) {
      const stored = await deps.events.since(migrationId, last, 500);
      for (const event of stored) {
        last = event.sequence;
        yield event;
        if (isFinal(event)) return;
      }
      if (stored.length < 500) break;
    }
    if (FINAL_MIGRATION_STATUSES.includes(migration.status) && last >= migration.lastSequence) return;
    for await (const event of live) {
      if (event.sequence <= last) continue;
      if (event.sequence > last + 1) {
        // Missed something live (e.g. a Redis reconnect): fill the gap from the store.
        for (const missed of await deps.events.since(migrationId, last, event.sequence - last - 1)) {
          last = missed.sequence;
          yield missed;
          if (isFinal(missed)) return;
        }
      }
      last = event.sequence;
      yield event;
      if (isFinal(event)) return;
    }
  } finally {
    await live.return?.();
  }
}

/** Live events of every migration touching a realm (as source or target). */
export async function* realmMigrationEvents(
  deps: { pubsub: PubSub },
  viewer: Viewer,
  realmId: string,
  signal?: AbortSignal,
): AsyncGenerator<MigrationEventPayload> {
  viewer.assertRead(realmId);
  const live = await deps.pubsub.subscribe<MigrationEventPayload>(realmTopic(realmId), { signal });
  try {
    yield* live;
  } finally {
    await live.return?.();
  }
}

function isFinal(event: MigrationEventPayload): boolean {
  return FINAL_MIGRATION_STATUSES.includes(event.status) && event.type.startsWith("migration.");
}
