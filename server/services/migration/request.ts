// Validates a migration request and resolves its defaults: the realms and rights, the target databases,
// the selection, then the request's kind for what only its type forbids or fixes. Everything that could
// make the migration contradictory is rejected here, before anything is written.
import type { Prisma } from "../db/open.ts";
import type { Viewer } from "../access.ts";
import { NotFoundError } from "../errors.ts";
import { validateStages } from "../documents.ts";
import { kindOf } from "./kinds/registry.ts";
import { invalid } from "./invalid-input.ts";
import { resolveParity } from "./parity-settings.ts";
import type { MigrationRequest, ResolvedMigration, ResolvedOptions, Selection } from "./types.ts";

/** Explicit id lists above this size should use a filter instead. */
export const MAX_EXPLICIT_DOCUMENTS = 10_000;

export async function resolveRequest(
  prisma: Prisma,
  viewer: Viewer,
  request: MigrationRequest,
): Promise<ResolvedMigration> {
  const { type } = request;
  const sourceRealmId = request.sourceRealmId;
  const targetRealmId = request.targetRealmId ?? sourceRealmId;
  await requireRealm(prisma, viewer, sourceRealmId, ["input", "sourceRealmId"]);
  if (targetRealmId !== sourceRealmId) await requireRealm(prisma, viewer, targetRealmId, ["input", "targetRealmId"]);

  const input = request.options ?? {};
  const attached = new Set(
    (await prisma.realmDatabase.findMany({ where: { realmId: targetRealmId }, select: { databaseId: true } })).map(
      (l) => l.databaseId,
    ),
  );
  const targetDatabases = input.targetDatabases ?? null;
  if (targetDatabases) {
    if (new Set(targetDatabases).size !== targetDatabases.length)
      invalid("targetDatabases lists a database twice.", "targetDatabases");
    const foreign = targetDatabases.filter((id) => !attached.has(id));
    if (foreign.length > 0) {
      invalid(
        `Database ${foreign.join(", ")} is not attached to the target realm. Attach it with addDatabaseToRealm first.`,
        "targetDatabases",
      );
    }
  }
  const mode = input.migrationMode ?? "COPY";
  const options: ResolvedOptions = {
    migrationMode: mode,
    copyStageFiles: input.copyStageFiles ?? true,
    reprocessStages: input.reprocessStages
      ? validateStages(input.reprocessStages, ["input", "options", "reprocessStages"], { allowEmpty: true })
      : ["ingestor"],
    preserveOriginal: input.preserveOriginal ?? mode === "COPY",
    targetDatabases: targetDatabases ?? [...attached],
    conflictPolicy: input.conflictPolicy ?? "FAIL",
    sourceDatabaseId: input.sourceDatabaseId ?? null,
    removeFromSource: input.removeFromSource ?? false,
    retrievalParity: resolveParity(input.retrievalParity),
  };

  const resolvedOptions = kindOf(type).resolveOptions({
    input,
    options,
    sourceRealmId,
    targetRealmId,
    attached,
  });

  const selection = await resolveSelection(prisma, request, sourceRealmId);
  const scheduledAt = request.scheduledAt ?? null;
  if (scheduledAt && Number.isNaN(scheduledAt.getTime()))
    invalid("scheduledAt is not a valid timestamp.", "scheduledAt");
  return { type, sourceRealmId, targetRealmId, options: resolvedOptions, selection, scheduledAt };
}

async function requireRealm(prisma: Prisma, viewer: Viewer, realmId: string, path: string[]): Promise<void> {
  viewer.assertRead(realmId);
  if (!(await prisma.realm.findUnique({ where: { id: realmId }, select: { id: true } })))
    throw new NotFoundError("Realm", realmId, path);
  viewer.assertWrite(realmId);
}

async function resolveSelection(prisma: Prisma, request: MigrationRequest, realmId: string): Promise<Selection> {
  const { documentIds, filter } = request;
  if (documentIds && filter) invalid("Select documents either by documentIds or by filter, not both.", "documentIds");
  if (!documentIds && !filter)
    invalid("Select documents by documentIds, or by filter ({} selects every document of the realm).", "documentIds");
  if (filter) {
    return { documentIds: null, filter: { status: filter.status ?? null, titlePrefix: filter.titlePrefix ?? null } };
  }
  const ids = documentIds!;
  if (ids.length === 0) invalid("documentIds is empty: name at least one document.", "documentIds");
  if (ids.length > MAX_EXPLICIT_DOCUMENTS)
    invalid(`More than ${MAX_EXPLICIT_DOCUMENTS} ids: select by filter instead.`, "documentIds");
  if (new Set(ids).size !== ids.length) invalid("documentIds lists a document twice.", "documentIds");
  const found = await prisma.document.findMany({
    where: { id: { in: ids }, realmId, retiredAt: null, status: { not: "MIGRATING" } },
    select: { id: true },
  });
  if (found.length !== ids.length) {
    const known = new Set(found.map((d) => d.id));
    const bad = ids.filter((id) => !known.has(id));
    invalid(
      `${bad.length} document(s) are not active documents of the source realm: ${bad.slice(0, 5).join(", ")}${bad.length > 5 ? ", …" : ""}.`,
      "documentIds",
    );
  }
  return { documentIds: ids, filter: null };
}
