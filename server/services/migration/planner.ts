// The dry run and the selection, shared by every kind: which documents a migration selects, and per
// document what its kind would do — stage files copied, stages re-run (with the upstream stages their
// inputs need), the title's fate in the target realm, the bytes it references.
import type { Prisma } from "../db/open.ts";
import type { StageName } from "../stages/types.ts";
import { kindOf } from "./kinds/registry.ts";
import type { MigrationPlan, PlannedDocument, ResolvedMigration, SourceDocument } from "./types.ts";

/**
 * The selection as SQL over `"Document" d`, for statements that stream it inside the database (the items
 * of a new migration, the creation check, the dry run's pages): the one definition of the selection. `bind`
 * adds a parameter and returns its placeholder.
 */
export function selectionSql(migration: ResolvedMigration, bind: (value: unknown) => string): string {
  const { selection } = migration;
  const where = [`d."realmId" = ${bind(migration.sourceRealmId)}::uuid`, `d."retiredAt" IS NULL`];
  if (selection.documentIds) where.push(`d.id = ANY(${bind(selection.documentIds)}::uuid[])`);
  if (selection.filter?.status) where.push(`d.status = ${bind(selection.filter.status)}::"DocumentStatus"`);
  else where.push(`d.status <> 'MIGRATING'`);
  if (selection.filter?.titlePrefix) where.push(`d.title LIKE ${bind(escapeLike(selection.filter.titlePrefix) + "%")}`);
  const ingestedIn = kindOf(migration.type).requiredIngestion(migration);
  if (ingestedIn) {
    where.push(
      `EXISTS (SELECT 1 FROM "Ingestion" g WHERE g."documentId" = d.id AND g."databaseId" = ${bind(ingestedIn)}::uuid AND g.status = 'SUCCEEDED')`,
    );
  }
  return where.join(" AND ");
}

/** The order of a migration's items (ordinal 1, 2, …) and of its dry run. */
export const SELECTION_ORDER = `d."createdAt", d.id`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What createMigration must know before it writes: how many documents, and the title conflicts it refuses. */
export interface CreationCheck {
  totalDocuments: number;
  /** Selected documents whose title is taken in the target realm, when the conflict policy refuses them. */
  conflicts: number;
  /** The first few of them, in selection order. */
  conflictTitles: string[];
}

/**
 * The creation check in one statement, streamed in the database (no document reaches the service): the
 * selection's size and, when the kind refuses taken titles (DOCUMENT_TO_REALM under conflictPolicy FAIL),
 * the selected documents whose title an active document of the target realm already has. Equal to the dry
 * run's totalDocuments and conflicts: selected titles are distinct (a realm's active titles are unique), so
 * under FAIL no planned document claims a title another one needs; SKIP and RENAME never refuse.
 */
export async function checkCreation(prisma: Prisma, migration: ResolvedMigration, titles = 5): Promise<CreationCheck> {
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where = selectionSql(migration, bind);
  // The kind's own rule decides whether a taken title is refused; "taken" is takenTitles' exact match.
  const refuses = kindOf(migration.type).titleAction(migration, "t", new Set(["t"])).action === "CONFLICT";
  const conflict = refuses
    ? `EXISTS (SELECT 1 FROM "Document" t WHERE t."realmId" = ${bind(migration.targetRealmId)}::uuid AND t."retiredAt" IS NULL AND t.title = d.title)`
    : "false";
  const [counts] = await prisma.$queryRawUnsafe<Array<{ total: bigint | number; conflicts: bigint | number }>>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE conflict) AS conflicts
     FROM (SELECT ${conflict} AS conflict FROM "Document" d WHERE ${where}) s`,
    ...params,
  );
  const check = { totalDocuments: Number(counts!.total), conflicts: Number(counts!.conflicts), conflictTitles: [] };
  if (check.conflicts === 0) return check;
  const named = await prisma.$queryRawUnsafe<Array<{ title: string }>>(
    `SELECT d.title FROM "Document" d WHERE ${where} AND ${conflict} ORDER BY ${SELECTION_ORDER} LIMIT ${bind(titles)}`,
    ...params,
  );
  return { ...check, conflictTitles: named.map((r) => r.title) };
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
  // Titles claimed by RENAMEs earlier in this plan count as taken for later documents.
  const claimed = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await selectionPage(prisma, migration, cursor);
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

/** The next PAGE selected documents after `cursor` (keyset on the selection order), with their stage files. */
async function selectionPage(
  prisma: Prisma,
  migration: ResolvedMigration,
  cursor: string | undefined,
): Promise<SourceDocument[]> {
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where = [selectionSql(migration, bind)];
  if (cursor)
    where.push(
      `(d."createdAt", d.id) > (SELECT c."createdAt", c.id FROM "Document" c WHERE c.id = ${bind(cursor)}::uuid)`,
    );
  const documents = await prisma.$queryRawUnsafe<Array<Omit<SourceDocument, "stageFiles">>>(
    `SELECT d.id, d.title, d.size FROM "Document" d WHERE ${where.join(" AND ")} ORDER BY ${SELECTION_ORDER} LIMIT ${PAGE}`,
    ...params,
  );
  const files = await prisma.stageFile.findMany({
    where: { documentId: { in: documents.map((d) => d.id) } },
    select: { documentId: true, stage: true, size: true },
  });
  const filesOf = new Map<string, SourceDocument["stageFiles"]>();
  for (const { documentId, stage, size } of files) {
    const list = filesOf.get(documentId) ?? [];
    list.push({ stage, size });
    filesOf.set(documentId, list);
  }
  return documents.map((d) => ({ ...d, size: BigInt(d.size), stageFiles: filesOf.get(d.id) ?? [] }));
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
