// The dry run and the selection, shared by every kind: which documents a migration selects, and per
// document what its kind would do — stage files copied, stages re-run (with the upstream stages their
// inputs need), the title's fate in the target realm, the bytes it references.
import type { Prisma } from "../db/open.ts";
import type { Prisma as PrismaNamespace } from "../../generated/prisma/client.ts";
import type { StageName } from "../stages/types.ts";
import { kindOf } from "./kinds/registry.ts";
import type { MigrationPlan, PlannedDocument, ResolvedMigration, SourceDocument } from "./types.ts";

/** Prisma `where` for the documents a migration selects (in its source realm). */
export function selectionWhere(migration: ResolvedMigration): PrismaNamespace.DocumentWhereInput {
  const { selection } = migration;
  const ingestedIn = kindOf(migration.type).requiredIngestion(migration);
  return {
    realmId: migration.sourceRealmId,
    retiredAt: null,
    status: selection.filter?.status ?? { not: "MIGRATING" },
    ...(selection.documentIds ? { id: { in: selection.documentIds } } : {}),
    ...(selection.filter?.titlePrefix ? { title: { startsWith: selection.filter.titlePrefix } } : {}),
    ...(ingestedIn ? { ingestions: { some: { databaseId: ingestedIn, status: "SUCCEEDED" } } } : {}),
  };
}

const PAGE = 500;

/** The dry run: walks every selected document in pages (memory stays flat), returns totals and the first `limit`. */
export async function planMigration(
  prisma: Prisma,
  migration: ResolvedMigration,
  limit: number,
): Promise<MigrationPlan> {
  const kind = kindOf(migration.type);
  const plan: MigrationPlan = {
    migration,
    totalDocuments: 0,
    toCreate: 0,
    toRename: 0,
    toSkip: 0,
    conflicts: 0,
    bytesReferenced: 0,
    documents: [],
    targetDatabaseHealth: [],
    sourceDatabaseHealth: null,
    warnings: [],
  };
  const where = selectionWhere(migration);
  // Titles claimed by RENAMEs earlier in this plan count as taken for later documents.
  const claimed = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page: SourceDocument[] = await prisma.document.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, title: true, size: true, stageFiles: { select: { stage: true, size: true } } },
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1]!.id;
    const taken = await kind.takenTitles(
      prisma,
      migration,
      page.map((d) => d.title),
    );
    for (const title of claimed) taken.add(title);
    for (const document of page) {
      const planned = planDocument(migration, document, taken);
      if (planned.targetTitle) {
        taken.add(planned.targetTitle);
        claimed.add(planned.targetTitle);
      }
      plan.totalDocuments++;
      plan.bytesReferenced += planned.bytesReferenced;
      if (planned.action === "CREATE") plan.toCreate++;
      if (planned.action === "RENAME") plan.toRename++;
      if (planned.action === "SKIP") plan.toSkip++;
      if (planned.action === "CONFLICT") plan.conflicts++;
      if (plan.documents.length < limit) plan.documents.push(planned);
    }
    if (page.length < PAGE) break;
  }
  return plan;
}

/** One document's entry in the dry run, as its kind would migrate it. */
export function planDocument(
  migration: ResolvedMigration,
  document: SourceDocument,
  taken: ReadonlySet<string>,
): PlannedDocument {
  const kind = kindOf(migration.type);
  const { copied, rerun } = kind.stagePlan(migration, new Set(document.stageFiles.map((f) => f.stage as StageName)));
  const { action, targetTitle } = kind.titleAction(migration, document.title, taken);
  const copiedBytes = document.stageFiles
    .filter((f) => copied.includes(f.stage as StageName))
    .reduce((n, f) => n + Number(f.size), 0);
  return {
    documentId: document.id,
    title: document.title,
    action,
    targetTitle,
    stagesCopied: copied,
    stagesRerun: rerun,
    targetDatabases: migration.options.targetDatabases,
    bytesReferenced: kind.bytesReferenced(document, copiedBytes, action),
  };
}
