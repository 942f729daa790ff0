// What a plan says about the databases a migration would use: each target's (and a CROSS_DATABASE source's)
// health, and warnings a user should read before starting — a database that does not answer (named, with
// its error), or a target realm with no database at all (documents would be ingested nowhere).
import type { Prisma } from "../db/open.ts";
import type { DatabaseHealth, DatabaseHealthCheck } from "../database-health.ts";
import type { PlanWarning, ResolvedMigration } from "./types.ts";

export interface PlanHealth {
  targetDatabaseHealth: DatabaseHealth[];
  sourceDatabaseHealth: DatabaseHealth | null;
  warnings: PlanWarning[];
}

export async function checkPlanDatabases(
  prisma: Prisma,
  migration: ResolvedMigration,
  checkHealth: DatabaseHealthCheck,
): Promise<PlanHealth> {
  const { targetDatabases, sourceDatabaseId } = migration.options;
  const ids = [...targetDatabases, ...(sourceDatabaseId ? [sourceDatabaseId] : [])];
  const rows = await prisma.database.findMany({ where: { id: { in: ids } } });
  const byId = new Map(rows.map((d) => [d.id, d]));
  const checked = await checkHealth(ids.flatMap((id) => byId.get(id) ?? []));
  const healthOf = new Map(checked.map((h) => [h.database.id, h]));
  const targetDatabaseHealth = targetDatabases.flatMap((id) => healthOf.get(id) ?? []);
  const sourceDatabaseHealth = sourceDatabaseId ? (healthOf.get(sourceDatabaseId) ?? null) : null;

  const warnings: PlanWarning[] = [];
  if (targetDatabases.length === 0) {
    const realm = await prisma.realm.findUnique({ where: { id: migration.targetRealmId }, select: { name: true } });
    warnings.push({
      code: "NO_TARGET_DATABASE",
      database: null,
      message:
        `Realm "${realm?.name ?? migration.targetRealmId}" has no database: the documents would be ingested nowhere. ` +
        `Attach one with addDatabaseToRealm first (or later, with backfill: true).`,
    });
  }
  for (const health of checked) {
    if (health.ok) continue;
    const role = health.database.id === sourceDatabaseId ? "Source" : "Target";
    warnings.push({
      code: "DATABASE_UNREACHABLE",
      database: health.database,
      message: `${role} database "${health.database.name}" (${health.database.kind}) does not answer: ${health.message} Items that use it would fail until it does.`,
    });
  }
  return { targetDatabaseHealth, sourceDatabaseHealth, warnings };
}
