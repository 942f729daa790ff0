// REALM_DATABASE_ADDITION: ingest a realm's own documents into databases newly attached to it. Each item
// records the document's prior rows in those databases, re-runs the ingestor (and whatever its inputs
// need) into them only, and verifies each database holds what its Ingestion row says. No document is
// created, so there are no titles to resolve and nothing hidden to compensate: a replay replaces.
import type { MigrationItem } from "../../../generated/prisma/client.ts";
import { NotFoundError } from "../../errors.ts";
import { expandStages } from "../../stages/registry.ts";
import type { StageName } from "../../stages/types.ts";
import { capturePriorState, priorStateOf } from "../prior-state.ts";
import { changedIngestionTargets, ownRecords, restoreIngestions, restoreStageFiles } from "../rollback.ts";
import { assertVerified, eachItem, eachUndo } from "../steps.ts";
import type { KindDeps } from "../stored.ts";
import type { ResolvedMigration } from "../types.ts";
import { checkIngestions, type Verification } from "../verify.ts";
import type { ItemResult, MigrationKind } from "./kind.ts";
import { invalid, rejectCrossDatabaseOptions, requireTargetDatabases } from "./request-rules.ts";

export const realmDatabaseAddition: MigrationKind = {
  type: "REALM_DATABASE_ADDITION",

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

  run: (deps, set) => eachItem(set, (item) => backfillItem(deps, set.migration.id, set.resolved, item)),

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

async function backfillItem(
  deps: KindDeps,
  migrationId: string,
  resolved: ResolvedMigration,
  item: MigrationItem,
): Promise<ItemResult> {
  const { prisma, processor, connectors } = deps;
  const { targetDatabases } = resolved.options;
  const document = await prisma.document.findUnique({
    where: { id: item.sourceDocumentId },
    include: { stageFiles: true },
  });
  if (!document || document.retiredAt) throw new NotFoundError("Document", item.sourceDocumentId);
  const { rerun } = realmDatabaseAddition.stagePlan(
    resolved,
    new Set(document.stageFiles.map((f) => f.stage as StageName)),
  );
  await capturePriorState(prisma, item, document.id, { databaseIds: targetDatabases, stages: rerun });
  await processor.runStages(document, { stages: rerun, databaseIds: targetDatabases, migrationId });
  const ingestions = await checkIngestions(
    prisma,
    connectors,
    document,
    targetDatabases,
    (_kind, recorded) => recorded,
  );
  const verification: Verification = { ok: ingestions.every((i) => i.equal), stageFiles: [], ingestions };
  assertVerified(verification);
  return {
    status: "COMPLETED",
    targetDocumentId: document.id,
    targetTitle: null,
    verification,
    migratedStages: rerun,
    message: null,
  };
}
