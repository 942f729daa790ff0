// What every kind's item work shares: running the items of a set side by
// side with one outcome each, and the verification failure message. Every kind's steps are idempotent:
// the target document id is derived from (migration, source), stage-file copies and ingestions are
// upserts or replacements, so re-running an item after a crash at any point converges on the same state.
import type { MigrationItem } from "../../generated/prisma/client.ts";
import { IntegrityError } from "../errors.ts";
import { withSpan } from "../tracing.ts";
import type { ItemOutcome, ItemResult, ItemSet, UndoOutcome } from "./kinds/kind.ts";
import type { Verification } from "./verify.ts";

/**
 * Runs `work` for every item of the set at once, each in its own span and after its rate-limit turn, and
 * settles each outcome as it comes; a failure stays its item's.
 */
export function eachItem(set: ItemSet, work: (item: MigrationItem) => Promise<ItemResult>): Promise<ItemOutcome[]> {
  return Promise.all(
    set.items.map(async (item): Promise<ItemOutcome> => {
      try {
        const result = await withSpan("migration.item.run", { attributes: itemAttributes(set, item) }, async (span) => {
          await set.throttle();
          const result = await work(item);
          span.setAttribute("migration.item.status", result.status);
          return result;
        });
        return settled(set, { item, result });
      } catch (error) {
        return settled(set, { item, error });
      }
    }),
  );
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
  await set.settle(outcome);
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
