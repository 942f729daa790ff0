// Per-document planning, shared by the dry run and the runner: which stage files are copied, which
// stages re-run (with the upstream stages their inputs need), and what happens to the title.
import type { Prisma } from "../db/open.ts";
import type { Prisma as PrismaNamespace } from "../../generated/prisma/client.ts";
import { STAGE_NAMES, type StageName } from "../stages/types.ts";
import { expandStages } from "../stages/registry.ts";
import type { MigrationPlan, PlannedAction, PlannedDocument, ResolvedMigration } from "./types.ts";

export interface SourceDocument {
  id: string;
  title: string;
  size: bigint;
  stageFiles: Array<{ stage: string; size: bigint }>;
}

/** Which source stage files to copy and which stages to run for one document. */
export function stagePlan(
  migration: ResolvedMigration,
  stageFiles: SourceDocument["stageFiles"],
): { copied: StageName[]; rerun: StageName[] } {
  const present = new Set(stageFiles.map((f) => f.stage as StageName));
  switch (migration.type) {
    case "CROSS_DATABASE":
      return { copied: [], rerun: [] };
    case "REALM_DATABASE_ADDITION":
      return { copied: [], rerun: expandStages(["ingestor"], present) };
    case "DOCUMENT_TO_REALM": {
      const requested = migration.options.reprocessStages;
      const available = migration.options.copyStageFiles ? present : new Set<StageName>();
      const rerun = expandStages(requested, available);
      const copied = migration.options.copyStageFiles
        ? STAGE_NAMES.filter((s) => present.has(s) && !rerun.includes(s))
        : [];
      return { copied, rerun };
    }
  }
}

/** Title handling in the target realm for a DOCUMENT_TO_REALM document. */
export function titleAction(
  migration: ResolvedMigration,
  title: string,
  taken: ReadonlySet<string>,
): { action: PlannedAction; targetTitle: string | null } {
  if (migration.type !== "DOCUMENT_TO_REALM" || !taken.has(title))
    return { action: "CREATE", targetTitle: migration.type === "DOCUMENT_TO_REALM" ? title : null };
  switch (migration.options.conflictPolicy) {
    case "FAIL":
      return { action: "CONFLICT", targetTitle: null };
    case "SKIP":
      return { action: "SKIP", targetTitle: null };
    case "RENAME":
      return { action: "RENAME", targetTitle: freeTitle(title, taken) };
  }
}

/** `title (2)`, `title (3)`, … — the first one not taken. */
export function freeTitle(title: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${title} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Prisma `where` for the documents a migration selects (in its source realm). */
export function selectionWhere(migration: ResolvedMigration): PrismaNamespace.DocumentWhereInput {
  const { selection } = migration;
  return {
    realmId: migration.sourceRealmId,
    retiredAt: null,
    status: selection.filter?.status ?? { not: "MIGRATING" },
    ...(selection.documentIds ? { id: { in: selection.documentIds } } : {}),
    ...(selection.filter?.titlePrefix ? { title: { startsWith: selection.filter.titlePrefix } } : {}),
    ...(migration.type === "CROSS_DATABASE"
      ? { ingestions: { some: { databaseId: migration.options.sourceDatabaseId!, status: "SUCCEEDED" } } }
      : {}),
  };
}

const PAGE = 500;

/** The dry run: walks every selected document in pages (memory stays flat), returns totals and the first `limit`. */
export async function planMigration(
  prisma: Prisma,
  migration: ResolvedMigration,
  limit: number,
): Promise<MigrationPlan> {
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
    const taken = await takenTitles(
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

export function planDocument(
  migration: ResolvedMigration,
  document: SourceDocument,
  taken: ReadonlySet<string>,
): PlannedDocument {
  const { copied, rerun } = stagePlan(migration, document.stageFiles);
  const { action, targetTitle } = titleAction(migration, document.title, taken);
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
    bytesReferenced:
      migration.type === "DOCUMENT_TO_REALM" && action !== "SKIP" && action !== "CONFLICT"
        ? Number(document.size) + copiedBytes
        : 0,
  };
}

/** Titles among `titles` (and their RENAME variants) already used by active documents of the target realm. */
export async function takenTitles(
  prisma: Prisma,
  migration: ResolvedMigration,
  titles: string[],
): Promise<Set<string>> {
  if (migration.type !== "DOCUMENT_TO_REALM" || titles.length === 0) return new Set();
  const rows = await prisma.document.findMany({
    where: {
      realmId: migration.targetRealmId,
      retiredAt: null,
      OR: [{ title: { in: titles } }, ...titles.map((t) => ({ title: { startsWith: `${t} (` } }))].slice(
        0,
        1 + titles.length,
      ),
    },
    select: { title: true },
  });
  return new Set(rows.map((r) => r.title));
}
