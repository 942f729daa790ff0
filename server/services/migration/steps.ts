// What every kind's item work shares: running a set of items set-based with one outcome each (and each
// item alone when the set's work breaks as a whole), undoing items side by side, and the verification
// failure message. Every kind's steps are idempotent:
// the target document id is derived from (migration, source), stage-file copies and ingestions are
// upserts or replacements, so re-running an item after a crash at any point converges on the same state.
import type { MigrationItem } from "../../generated/prisma/client.ts";
import { IntegrityError } from "../errors.ts";
import { SpanStatusCode } from "@opentelemetry/api";
import { startSpan, withSpan } from "../tracing.ts";
import type { ItemOutcome, ItemSet, UndoOutcome } from "./kinds/kind.ts";
import type { IngestionCheck, Verification } from "./verify.ts";

/**
 * Runs a set the set-based way: `work` does the work of all its items at once (set-based statements and
 * batched connector calls) and answers for each item. A batch is never a unit of failure: when `work` breaks
 * as a whole (one of its statements failed), every item runs again alone through the same `work`, so the
 * failure stays its item's and the others commit. Each item keeps a span of its own, a child of the set's.
 */
export async function runAsSet(
  set: ItemSet,
  work: (items: MigrationItem[]) => Promise<ItemOutcome[]>,
): Promise<ItemOutcome[]> {
  const spans = new Map(
    set.items.map((item) => [item.id, startSpan("migration.item.run", { attributes: itemAttributes(set, item) })]),
  );
  await set.throttle(set.items.length);
  let outcomes: ItemOutcome[];
  try {
    outcomes = await work(set.items);
  } catch (error) {
    if (set.items.length === 1) outcomes = [{ item: set.items[0]!, error }];
    else
      outcomes = await Promise.all(
        set.items.map((item) =>
          work([item]).then(
            ([outcome]) => outcome!,
            (error: unknown): ItemOutcome => ({ item, error }),
          ),
        ),
      );
  }
  for (const outcome of outcomes) {
    const span = spans.get(outcome.item.id);
    if (!span) continue;
    if ("result" in outcome) span.setAttribute("migration.item.status", outcome.result.status);
    else {
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      span.recordException(outcome.error instanceof Error ? outcome.error : message);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    span.end();
  }
  await set.settle(outcomes);
  return outcomes;
}

/** Undoes every item of a set at once, each in its own span and after its rate-limit turn; a failure stays its item's. */
export function eachUndo(
  set: ItemSet<UndoOutcome>,
  work: (item: MigrationItem) => Promise<void>,
): Promise<UndoOutcome[]> {
  return Promise.all(
    set.items.map(async (item): Promise<UndoOutcome> => {
      try {
        await withSpan("migration.item.undo", { attributes: itemAttributes(set, item) }, async () => {
          await set.throttle();
          await work(item);
        });
        return settled(set, { item });
      } catch (error) {
        return settled(set, { item, error });
      }
    }),
  );
}

/** Hands the outcome to the runner at once (see ItemSet.settle), then returns it. */
async function settled<O>(set: ItemSet<O>, outcome: O): Promise<O> {
  await set.settle([outcome]);
  return outcome;
}

function itemAttributes(set: ItemSet, item: MigrationItem) {
  return {
    "migration.id": set.migration.id,
    "migration.type": set.migration.type,
    "migration.item.id": item.id,
    "migration.item.attempt": item.attempt,
    "document.id": item.sourceDocumentId,
  };
}

/**
 * The outcome of an item whose checks are its target databases' ingestions (no document is created):
 * COMPLETED with the verification, or the verification's failure.
 */
export function ingestionOutcome(
  item: MigrationItem,
  ingestions: IngestionCheck[],
  migratedStages: string[],
): ItemOutcome {
  const verification: Verification = { ok: ingestions.every((i) => i.equal), stageFiles: [], ingestions };
  try {
    assertVerified(verification);
  } catch (error) {
    return { item, error };
  }
  return {
    item,
    result: {
      status: "COMPLETED",
      targetDocumentId: item.sourceDocumentId,
      targetTitle: null,
      verification,
      migratedStages,
      message: null,
    },
  };
}

/** Throws when a verification failed, naming each difference. */
export function assertVerified(verification: Verification): void {
  if (!verification.ok) throw new IntegrityError(`Verification failed: ${describeFailures(verification)}`);
}

function describeFailures(v: Verification): string {
  const files = v.stageFiles.filter((f) => f.copied && !f.equal).map((f) => `stage file ${f.stage} differs`);
  const dbs = v.ingestions
    .filter((i) => !i.equal)
    .map(
      (i) =>
        `${i.kind} database ${i.databaseId}: expected ${JSON.stringify(i.expected)}, found ${JSON.stringify(i.actual)}`,
    );
  return [...files, ...dbs].join("; ") || "unknown";
}
