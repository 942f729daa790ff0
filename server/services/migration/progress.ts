// Progress streams. `migrationProgress` subscribes first, then replays stored events after the
// caller's sequence, then continues live — deduplicated by sequence — so a reconnecting dashboard
// misses nothing. It ends once the migration reaches a final state: its latest final event (a migration
// that COMPLETED and was then rolled back has two; the stream goes on through the rollback).
//
// Streams end only for good reasons: the migration ended, the caller may not read it, or the client left. A store
// read that fails (the database blinked) is retried with backoff, and a live feed that cannot be had (Redis away)
// is replaced by reading the store, so neither a PostgreSQL nor a Redis outage ends a subscription.
//
// Both streams redact each event for the caller (visibility.ts): a reader of one realm of a migration
// never sees the other realm's document ids or error texts.
import type { Viewer } from "../access.ts";
import { DomainError } from "../errors.ts";
import { PubSubClosedError, type PubSub } from "../pubsub.ts";
import {
  FINAL_MIGRATION_STATUSES,
  migrationTopic,
  realmTopic,
  type MigrationEventPayload,
  type MigrationEvents,
} from "./events.ts";
import type { MigrationService } from "./service.ts";
import { redactEvent, sidesOf, type RedactedEvent } from "./visibility.ts";
import { isFinalEvent } from "../vocabulary.ts";

/** How long the live feed may stay silent before the store is consulted. */
const QUIET_MS = 2000;

/** Backoff between retries of a failed store read: doubling from the first, capped, with jitter. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2000;

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener("abort", done, { once: true });
  });
}

class StreamAborted extends Error {}

/** Errors that are answers, not outages: they end the stream. */
const isAnswer = (error: unknown) => error instanceof DomainError || error instanceof PubSubClosedError;

/**
 * `read()`, retried with backoff until it succeeds, while `signal` is not aborted (then StreamAborted). Domain
 * errors (not found, forbidden) and a closed pub/sub (shutdown) end the stream instead.
 */
async function readStore<T>(read: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw new StreamAborted();
    try {
      return await read();
    } catch (error) {
      if (isAnswer(error)) throw error;
      const backoff = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt);
      await pause(backoff / 2 + Math.random() * (backoff / 2), signal);
    }
  }
}

/**
 * Runs `stream` with a signal that aborts as soon as the consumer calls return() (graphql-ws does when the client
 * leaves) or `outer` aborts, so a stream waiting out a database outage stops waiting at once.
 */
function abortable<T>(
  stream: (signal: AbortSignal) => AsyncGenerator<T>,
  outer?: AbortSignal,
): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (outer?.aborted) abort();
  else outer?.addEventListener("abort", abort, { once: true });
  const inner = (async function* () {
    try {
      yield* stream(controller.signal);
    } catch (error) {
      if (!(error instanceof StreamAborted)) throw error;
    } finally {
      outer?.removeEventListener("abort", abort);
    }
  })();
  return {
    next: () => inner.next(),
    return: (value?: unknown) => {
      abort();
      return inner.return(value as undefined);
    },
    throw: (error?: unknown) => {
      abort();
      return inner.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export function migrationProgress(
  deps: { pubsub: PubSub; events: MigrationEvents; migrations: MigrationService },
  viewer: Viewer,
  migrationId: string,
  afterSequence: number,
  signal?: AbortSignal,
): AsyncIterableIterator<RedactedEvent> {
  return abortable((aborted) => progressStream(deps, viewer, migrationId, afterSequence, aborted), signal);
}

/** The live feed, or undefined when pub/sub cannot subscribe now (the store is read instead). */
async function tryLive(
  pubsub: PubSub,
  topic: string,
  signal: AbortSignal,
): Promise<AsyncIterableIterator<MigrationEventPayload> | undefined> {
  try {
    return await pubsub.subscribe<MigrationEventPayload>(topic, { signal });
  } catch {
    return undefined;
  }
}

async function* progressStream(
  deps: { pubsub: PubSub; events: MigrationEvents; migrations: MigrationService },
  viewer: Viewer,
  migrationId: string,
  afterSequence: number,
  signal: AbortSignal,
): AsyncGenerator<RedactedEvent> {
  const since = (after: number) => readStore(() => deps.events.since(migrationId, after, 500), signal);
  const migration = await readStore(() => deps.migrations.get(viewer, migrationId), signal); // authorizes
  const sides = sidesOf(viewer, migration);
  const live = await tryLive(deps.pubsub, migrationTopic(migrationId), signal);
  try {
    let last = afterSequence;
    // Replay in pages: the live subscription is already buffering what happens meanwhile.
    for (;;) {
      const stored = await since(last);
      for (const [index, event] of stored.entries()) {
        last = event.sequence;
        yield redactEvent(event, sides);
        const latest = index === stored.length - 1 && stored.length < 500;
        if (latest && isFinalEvent(event)) return;
      }
      if (stored.length < 500) break;
    }
    if (FINAL_MIGRATION_STATUSES.includes(migration.status) && last >= migration.lastSequence) return;
    // Live delivery is at-most-once (a Redis reconnect can drop messages): when nothing arrives for a
    // while, or the live feed fails, the store is read — it is the source of truth, the feed a shortcut.
    let pending: Promise<IteratorResult<MigrationEventPayload>> | undefined;
    let liveOk = live !== undefined;
    while (!signal.aborted) {
      let next: IteratorResult<MigrationEventPayload> | "quiet" = "quiet";
      if (live && liveOk) {
        pending ??= live.next();
        try {
          next = await Promise.race([pending, pause(QUIET_MS, signal).then(() => "quiet" as const)]);
        } catch {
          liveOk = false; // e.g. the subscriber fell behind and was dropped; carry on from the store
        }
        if (next !== "quiet") pending = undefined;
      } else {
        await pause(QUIET_MS, signal);
      }
      if (signal.aborted) return;
      const arrived = next !== "quiet" && !next.done ? [next.value] : [];
      if (next !== "quiet" && next.done) liveOk = false;
      const first = arrived[0];
      const gap = first === undefined || first.sequence > last + 1;
      const events = gap ? await since(last) : arrived;
      for (const event of events) {
        if (event.sequence <= last) continue;
        last = event.sequence;
        yield redactEvent(event, sides);
        if (isFinalEvent(event)) return;
      }
    }
  } finally {
    await live?.return?.();
  }
}

/**
 * Live events of every migration touching a realm (as source or target). Events of one migration come
 * out in sequence order even when several processes publish them: a gap is filled from the store and
 * late duplicates are dropped.
 */
export function realmMigrationEvents(
  deps: { pubsub: PubSub; events: MigrationEvents },
  viewer: Viewer,
  realmId: string,
  signal?: AbortSignal,
): AsyncIterableIterator<RedactedEvent> {
  return abortable((aborted) => realmStream(deps, viewer, realmId, aborted), signal);
}

async function* realmStream(
  deps: { pubsub: PubSub; events: MigrationEvents },
  viewer: Viewer,
  realmId: string,
  signal: AbortSignal,
): AsyncGenerator<RedactedEvent> {
  viewer.assertRead(realmId);
  const since = new Date();
  // This feed has no store to read without it: subscribing is retried (Redis away) like a store read.
  const live = await readStore(
    () => deps.pubsub.subscribe<MigrationEventPayload>(realmTopic(realmId), { signal }),
    signal,
  );
  const last = new Map<string, number>();
  try {
    for await (const event of live) {
      const seen = last.get(event.migrationId);
      if (seen !== undefined && event.sequence <= seen) continue;
      const from = seen ?? 0;
      const missed =
        event.sequence > from + 1
          ? await readStore(() => deps.events.since(event.migrationId, from, event.sequence - from - 1), signal)
          : [];
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
