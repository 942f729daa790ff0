// REALM_DATABASE_ADDITION: ingest a realm's own documents into databases newly attached to it. Each item
// records the document's prior rows in those databases, re-runs the ingestor (and whatever its inputs
// need) into them only, and verifies each database holds what its Ingestion row says. No document is
// created, so there are no titles to resolve and nothing hidden to compensate: a replay replaces.
import type { MigrationItem } from "../../../generated/prisma/client.ts";
import { NotFoundError } from "../../errors.ts";
import { expandStages } from "../../stages/registry.ts";
import type { StageName } from "../../stages/types.ts";
import { capturePriorStates, priorStateOf } from "../prior-state.ts";
import { changedIngestionTargets, ownRecords, restoreIngestions, restoreStageFiles } from "../rollback.ts";
import { eachUndo, ingestionOutcome, runAsSet } from "../steps.ts";
import type { KindDeps } from "../stored.ts";
import type { ResolvedMigration } from "../types.ts";
import { checkIngestions } from "../verify.ts";
import type { ItemOutcome, MigrationKind } from "./kind.ts";
import { invalid } from "../invalid-input.ts";
import { rejectCrossDatabaseOptions, requireTargetDatabases } from "./request-rules.ts";

export const realmDatabaseAddition: MigrationKind = {
  type: "REALM_DATABASE_ADDITION",
  usesMode: false,
  rollbackEffect: () => "The records it wrote into the database added to the realm are removed from that database.",

  resolveOptions({ input, options, sourceRealmId, targetRealmId }) {
    if (targetRealmId !== sourceRealmId)
      invalid(
        "REALM_DATABASE_ADDITION ingests a realm's documents into its own new database: use the same realm as source and target.",
        "targetRealmId",
      );
    requireTargetDatabases(input, "Name the newly attached database(s) in targetDatabases.");
    if (options.migrationMode === "MOVE")
      invalid(
        "REALM_DATABASE_ADDITION copies into a new database; migrationMode MOVE does not apply.",
        "options.migrationMode",
      );
    rejectCrossDatabaseOptions(input);
    return { ...options, reprocessStages: ["ingestor"], copyStageFiles: false };
  },

  requiredIngestion: () => null,

  stagePlan: (_migration, present) => ({ copied: [], rerun: expandStages(["ingestor"], present) }),

  takenTitles: () => Promise.resolve(new Set()),
  titleAction: () => ({ action: "CREATE", targetTitle: null }),
  bytesReferenced: () => 0,

  run: (deps, set) => runAsSet(set, (items) => backfillItems(deps, set.migration.id, set.resolved, items)),

  compensate: () => Promise.resolve(), // a replacement of the document's own records: safe to keep or redo

  undo: (deps, set) =>
    eachUndo(set, async (item) => {
      const prior = priorStateOf(item);
      if (!prior) return; // the item never reached its first change
      const document = await deps.prisma.document.findUnique({ where: { id: item.sourceDocumentId } });
      if (!document) return;
      await restoreIngestions(deps, document, prior.ingestions, () => ownRecords(deps, document));
      await restoreStageFiles(deps, document, prior.stageFiles);
    }),

  changedTargets: changedIngestionTargets,

  // An existing database of the realm against each new one.
  parityPairs: ({ sourceRealmId: realmId, options: { targetDatabases } }) =>
    targetDatabases.map((databaseId) => ({ source: { databaseId: null, realmId }, target: { databaseId, realmId } })),
};

/**
 * Backfills a set of documents: read once, prior state captured in one statement, the ingestor (and what it
 * needs) run for all of them at once, the new databases' records verified together. One outcome per item.
 */
async function backfillItems(
  deps: KindDeps,
  migrationId: string,
  resolved: ResolvedMigration,
  items: MigrationItem[],
): Promise<ItemOutcome[]> {
  const { prisma, processor, connectors } = deps;
  const { targetDatabases } = resolved.options;
  const outcomes = new Map<string, ItemOutcome>();
  const documents = new Map(
    (
      await prisma.document.findMany({
        where: { id: { in: items.map((i) => i.sourceDocumentId) } },
        include: { stageFiles: true },
      })
    ).map((d) => [d.id, d]),
  );
  for (const item of items) {
    const document = documents.get(item.sourceDocumentId);
    if (!document || document.retiredAt)
      outcomes.set(item.id, { item, error: new NotFoundError("Document", item.sourceDocumentId) });
  }
  const open = () => items.filter((item) => !outcomes.has(item.id));
  const documentOf = (item: MigrationItem) => documents.get(item.sourceDocumentId)!;
  const rerunOf = new Map(
    open().map((item) => [
      item.id,
      realmDatabaseAddition.stagePlan(resolved, new Set(documentOf(item).stageFiles.map((f) => f.stage as StageName)))
        .rerun,
    ]),
  );
  // Grouped by the stages to run (those the ingestor's inputs need differ by document).
  const groups = new Map<string, MigrationItem[]>();
  for (const item of open()) {
    const key = rerunOf.get(item.id)!.join(",");
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const group of groups.values()) {
    const rerun = rerunOf.get(group[0]!.id)!;
    await capturePriorStates(
      prisma,
      group.map((item) => ({ item, documentId: item.sourceDocumentId })),
      { databaseIds: targetDatabases, stages: rerun },
    );
    const failures = await processor.runStagesMany(group.map(documentOf), {
      stages: rerun,
      databaseIds: targetDatabases,
      migrationId,
    });
    for (const item of group) {
      const failure = failures.get(item.sourceDocumentId);
      if (failure) outcomes.set(item.id, { item, error: failure });
    }
  }
  const checked = open();
  const checks = await checkIngestions(
    prisma,
    connectors,
    checked.map(documentOf),
    targetDatabases,
    (_document, _kind, recorded) => recorded,
  );
  for (const item of checked) {
    outcomes.set(item.id, ingestionOutcome(item, checks.get(item.sourceDocumentId)!, rerunOf.get(item.id)!));
  }
  return items.map((item) => outcomes.get(item.id)!);
}
