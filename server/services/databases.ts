// Configured ingestion targets. Connection settings are plain JSON; credentials (Qdrant api key,
// Neo4j password) are sealed with the SecretBox and never returned or logged. What each kind takes is its
// connector descriptor's (connectors/kinds.ts).
// Visibility: a database is seen only through the realms it is attached to (admins see all); one the
// caller cannot see answers exactly like one that does not exist.
import type { Prisma } from "./db/open.ts";
import type { Viewer } from "./access.ts";
import type { SecretBox } from "./secrets.ts";
import { ConflictError, DatabaseUnreachableError, InvalidInputError, NotFoundError } from "./errors.ts";
import { mapUniqueViolation } from "./prisma-errors.ts";
import type { Database } from "../generated/prisma/client.ts";
import type { DatabaseKind } from "../generated/prisma/enums.ts";
import type { ConnectorRegistry } from "./connectors/registry.ts";
import { configureDatabase } from "./connectors/kinds.ts";
import type { DatabaseHealthCheck } from "./database-health.ts";
import { FINAL_MIGRATION_STATUSES } from "./vocabulary.ts";
import { optionsOf } from "./migration/stored.ts";
import type { OutboundPolicy } from "./net/outbound-policy.ts";

export interface CreateDatabaseInput {
  name: string;
  kind: DatabaseKind;
  /** The kind's settings (SETTING_FIELDS); null or absent is not given. */
  [setting: string]: unknown;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export interface RemoveFromRealmInput {
  realmId: string;
  databaseId: string;
  /** Also delete the realm's records from the database (it must answer); otherwise they stay there, untracked. */
  removeRecords?: boolean | null | undefined;
}

export interface RemovedFromRealm {
  realmId: string;
  database: Database;
  /** Documents whose records were deleted from the database (0 without removeRecords). */
  documentsRemoved: number;
}

/** Documents whose records are removed from a database at once while detaching it. */
const REMOVAL_CONCURRENCY = 8;

/** A database attached to `realmIds` is visible to admins and to readers of any of those realms. */
export function databaseVisibleTo(viewer: Viewer, realmIds: readonly string[]): boolean {
  return viewer.admin || realmIds.some((id) => viewer.canRead(id));
}

/**
 * Attaching a database to one more realm shares its data store with that realm: it needs an admin token or
 * EDITOR on a realm it is already attached to (write on the new realm is checked by the caller).
 */
export function databaseShareableBy(viewer: Viewer, realmIds: readonly string[]): boolean {
  return viewer.admin || realmIds.some((id) => viewer.canWrite(id));
}

export class DatabaseService {
  constructor(
    private readonly prisma: Prisma,
    private readonly secrets: SecretBox,
    private readonly defaultVectorSize: number,
    private readonly connectors: ConnectorRegistry,
    private readonly checkHealth: DatabaseHealthCheck,
    private readonly outbound: OutboundPolicy,
  ) {}

  /** Admins see every database; others see those attached to realms they can read. */
  async list(viewer: Viewer): Promise<Database[]> {
    const ids = viewer.readableRealmIds();
    return this.prisma.database.findMany({
      where: ids ? { realms: { some: { realmId: { in: ids } } } } : {},
      orderBy: { name: "asc" },
    });
  }

  /** Whether the viewer may see the database: admins always, others through a realm it is attached to. */
  async visibleTo(viewer: Viewer, databaseId: string): Promise<boolean> {
    if (viewer.admin) return true;
    const links = await this.prisma.realmDatabase.findMany({ where: { databaseId }, select: { realmId: true } });
    return databaseVisibleTo(
      viewer,
      links.map((l) => l.realmId),
    );
  }

  async get(viewer: Viewer, id: string, path?: string[]): Promise<Database & { realms: { realmId: string }[] }> {
    const database = await this.prisma.database.findUnique({
      where: { id },
      include: { realms: { select: { realmId: true } } },
    });
    if (
      !database ||
      !databaseVisibleTo(
        viewer,
        database.realms.map((l) => l.realmId),
      )
    )
      throw new NotFoundError("Database", id, path);
    return database;
  }

  async create(viewer: Viewer, input: CreateDatabaseInput): Promise<Database> {
    viewer.assertAdmin("create databases");
    const name = input.name.trim();
    if (!NAME.test(name)) {
      throw new InvalidInputError("A database name is 1–63 letters, digits, dots, dashes or underscores.", [
        "input",
        "name",
      ]);
    }
    const { settings, credentials, endpoint } = configureDatabase(input.kind, input, {
      defaultVectorSize: this.defaultVectorSize,
    });
    if (endpoint) await this.outbound.assertUrlAllowed(endpoint.address, ["input", endpoint.setting], endpoint.what);
    const conflict = () =>
      new ConflictError(`A database named "${name}" already exists. Choose another name.`, ["input", "name"]);
    if (await this.prisma.database.findUnique({ where: { name } })) throw conflict();
    const secret = Object.keys(credentials).length > 0 ? this.secrets.seal(JSON.stringify(credentials)) : null;
    return mapUniqueViolation(
      () => this.prisma.database.create({ data: { name, kind: input.kind, config: settings as object, secret } }),
      conflict,
    );
  }

  /**
   * Detaches a database from a realm (EDITOR on the realm): new documents are no longer ingested into it and
   * its Ingestion rows for the realm's documents go. Refused while a migration that has not ended uses it.
   * With removeRecords the realm's records are deleted from it first; if it does not answer, nothing changes.
   */
  async removeFromRealm(viewer: Viewer, input: RemoveFromRealmInput): Promise<RemovedFromRealm> {
    const { realmId, databaseId } = input;
    viewer.assertRead(realmId);
    if (!(await this.prisma.realm.findUnique({ where: { id: realmId }, select: { id: true } })))
      throw new NotFoundError("Realm", realmId, ["input", "realmId"]);
    viewer.assertWrite(realmId);
    const link = await this.prisma.realmDatabase.findUnique({
      where: { realmId_databaseId: { realmId, databaseId } },
      include: { database: true },
    });
    if (!link) throw new NotFoundError("Database attached to this realm", databaseId, ["input", "databaseId"]);
    const { database } = link;
    const busy = await this.migrationsUsing(databaseId, realmId);
    if (busy.length > 0) {
      throw new ConflictError(
        `Database "${database.name}" is used by ${busy.length} migration(s) that have not ended (${busy
          .slice(0, 3)
          .map((m) => `${m.id} ${m.status}`)
          .join(", ")}). Cancel them or wait until they end, then detach it.`,
        ["input", "databaseId"],
      );
    }
    let documentsRemoved = 0;
    if (input.removeRecords) documentsRemoved = await this.removeRealmRecords(realmId, database);
    await this.prisma.$transaction([
      this.prisma.ingestion.deleteMany({ where: { databaseId, document: { realmId } } }),
      this.prisma.realmDatabase.delete({ where: { realmId_databaseId: { realmId, databaseId } } }),
    ]);
    return { realmId, database, documentsRemoved };
  }

  /** Deletes a database's configuration (admin). Refused while it is attached to a realm; its records stay in it. */
  async delete(viewer: Viewer, id: string): Promise<Database> {
    viewer.assertAdmin("delete databases");
    const database = await this.prisma.database.findUnique({
      where: { id },
      include: { realms: { include: { realm: { select: { name: true } } } } },
    });
    if (!database) throw new NotFoundError("Database", id, ["id"]);
    const attached = () =>
      new ConflictError(
        `Database "${database.name}" is attached to realm(s) ${database.realms.map((l) => `"${l.realm.name}"`).join(", ") || "(attached meanwhile)"}. ` +
          `Detach it from each with removeDatabaseFromRealm first.`,
        ["id"],
      );
    if (database.realms.length > 0) throw attached();
    const busy = await this.migrationsUsing(id);
    if (busy.length > 0)
      throw new ConflictError(
        `Database "${database.name}" is used by ${busy.length} migration(s) that have not ended; wait until they end.`,
        ["id"],
      );
    // Conditional: a link created since the check above must not be cascaded away silently.
    const deleted = await this.prisma.database.deleteMany({ where: { id, realms: { none: {} } } });
    if (deleted.count === 0) throw attached();
    await this.connectors.forget(id);
    const { realms: _realms, ...row } = database;
    return row;
  }

  /** Migrations not ended that read or write `databaseId` (in `realmId`'s role when given). */
  private async migrationsUsing(databaseId: string, realmId?: string) {
    const active = await this.prisma.migration.findMany({
      where: {
        status: { notIn: [...FINAL_MIGRATION_STATUSES] },
        ...(realmId ? { OR: [{ sourceRealmId: realmId }, { targetRealmId: realmId }] } : {}),
      },
      select: { id: true, status: true, mode: true, options: true, sourceRealmId: true, targetRealmId: true },
      orderBy: { createdAt: "asc" },
    });
    return active.filter((m) => {
      const options = optionsOf(m);
      const targets = !realmId || m.targetRealmId === realmId;
      const sources = !realmId || m.sourceRealmId === realmId;
      return (
        (targets && options.targetDatabases.includes(databaseId)) ||
        (sources && options.sourceDatabaseId === databaseId) ||
        // A MOVE (and its rollback) removes or restores the sources' records in every database they are in.
        (sources && realmId !== undefined && m.mode === "MOVE")
      );
    });
  }

  /** Deletes the realm's records from `database` through its connector; refused before any write if it does not answer. */
  private async removeRealmRecords(realmId: string, database: Database): Promise<number> {
    const [health] = await this.checkHealth([database]);
    if (!health!.ok) {
      throw new DatabaseUnreachableError(
        `Database "${database.name}" does not answer (${health!.message}), so the realm's records cannot be removed from it. ` +
          `Nothing was changed: detach it without removeRecords (its records stay there), or retry when it answers.`,
        ["input", "removeRecords"],
      );
    }
    const connector = await this.connectors.get(database);
    const ingested = await this.prisma.ingestion.findMany({
      where: { databaseId: database.id, document: { realmId }, status: { not: "REMOVED" } },
      select: { documentId: true },
    });
    let removed = 0;
    try {
      for (let i = 0; i < ingested.length; i += REMOVAL_CONCURRENCY) {
        const batch = ingested.slice(i, i + REMOVAL_CONCURRENCY);
        await Promise.all(batch.map((g) => connector.remove({ documentId: g.documentId, realmId })));
        removed += batch.length;
      }
    } catch (error) {
      throw new DatabaseUnreachableError(
        `Removing the realm's records from "${database.name}" failed after ${removed} of ${ingested.length} document(s): ` +
          `${(error as Error).message} The database stays attached; retry (removal is idempotent).`,
        ["input", "removeRecords"],
      );
    }
    return ingested.length;
  }

  /** The opened credentials of `database` ({} without any); its kind's descriptor parses them. */
  credentialsOf(database: Database): unknown {
    return database.secret ? JSON.parse(this.secrets.open(database.secret)) : {};
  }
}
