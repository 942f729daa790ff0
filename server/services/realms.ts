// Realms (tenants) and the databases attached to them. Attaching with a backfill writes the link and the
// backfill migration in one transaction (MigrationService.attachWithBackfill): both or neither.
import type { Prisma } from "./db/open.ts";
import type { Viewer } from "./access.ts";
import { ConflictError, DatabaseUnreachableError, ForbiddenError, InvalidInputError, NotFoundError } from "./errors.ts";
import type { DatabaseHealth, DatabaseHealthCheck } from "./database-health.ts";
import { databaseShareableBy, databaseVisibleTo } from "./databases.ts";
import { mapUniqueViolation } from "./prisma-errors.ts";
import type { Migration, Prisma as P, Realm, RealmDatabase } from "../generated/prisma/client.ts";
import type { MigrationService } from "./migration/service.ts";

export interface CreateRealmInput {
  name: string;
  description?: string | null | undefined;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,99}$/u;

export class RealmService {
  constructor(
    private readonly prisma: Prisma,
    private readonly checkHealth: DatabaseHealthCheck,
    private readonly migrations: Pick<MigrationService, "attachWithBackfill">,
  ) {}

  async list(viewer: Viewer): Promise<Realm[]> {
    const ids = viewer.readableRealmIds();
    return this.prisma.realm.findMany({ where: ids ? { id: { in: ids } } : {}, orderBy: { name: "asc" } });
  }

  /** The realm, or null when it does not exist or the viewer cannot read it. */
  async find(viewer: Viewer, id: string): Promise<Realm | null> {
    return viewer.canRead(id) ? this.prisma.realm.findUnique({ where: { id } }) : null;
  }

  /** A realm the caller was already allowed to read, loaded with `view` (GraphQL's selection). */
  load(id: string, view: P.RealmDefaultArgs = {}): Promise<Realm> {
    return this.prisma.realm.findUniqueOrThrow({ ...view, where: { id } });
  }

  /** Active documents: not retired, not being created by a migration. */
  documentCount(realmId: string): Promise<number> {
    return this.prisma.document.count({ where: { realmId, retiredAt: null, status: { not: "MIGRATING" } } });
  }

  async get(viewer: Viewer, id: string): Promise<Realm> {
    viewer.assertRead(id);
    const realm = await this.prisma.realm.findUnique({ where: { id } });
    if (!realm) throw new NotFoundError("Realm", id);
    return realm;
  }

  async create(viewer: Viewer, input: CreateRealmInput): Promise<Realm> {
    viewer.assertAdmin("create realms");
    const name = input.name.trim();
    if (!NAME.test(name)) {
      throw new InvalidInputError(
        "A realm name is 1–100 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.",
        ["input", "name"],
      );
    }
    const description = (input.description ?? "").trim();
    if (description.length > 2000)
      throw new InvalidInputError("The description is limited to 2000 characters.", ["input", "description"]);
    const conflict = () =>
      new ConflictError(`A realm named "${name}" already exists. Choose another name.`, ["input", "name"]);
    if (await this.prisma.realm.findUnique({ where: { name } })) throw conflict();
    return mapUniqueViolation(() => this.prisma.realm.create({ data: { name, description } }), conflict);
  }

  /**
   * Attaches a database to a realm: EDITOR on the realm, and the database must be visible (else NOT_FOUND,
   * as for a missing one, before anything else is said about it) and shareable by the caller. Its health is
   * checked then: with `backfill` (the backfill writes into it at once) one that does not answer is refused
   * before anything is written; otherwise the health is returned. With `backfill` the REALM_DATABASE_ADDITION
   * of the realm's documents is created in the transaction that writes the link (null when it has none).
   */
  async addDatabase(
    viewer: Viewer,
    realmId: string,
    databaseId: string,
    { backfill = false }: { backfill?: boolean } = {},
  ): Promise<{ realmDatabase: RealmDatabase; health: DatabaseHealth; migration: Migration | null }> {
    const path = ["input", "databaseId"];
    await this.get(viewer, realmId);
    viewer.assertWrite(realmId);
    const database = await this.prisma.database.findUnique({
      where: { id: databaseId },
      include: { realms: { select: { realmId: true } } },
    });
    const attachedTo = database?.realms.map((l) => l.realmId) ?? [];
    if (!database || !databaseVisibleTo(viewer, attachedTo)) throw new NotFoundError("Database", databaseId, path);
    if (!databaseShareableBy(viewer, attachedTo))
      throw new ForbiddenError(
        `Attaching database "${database.name}" shares its data store: it needs EDITOR on a realm it is already attached to, or an admin token.`,
        path,
      );
    const conflict = () => new ConflictError(`Database "${database.name}" is already attached to this realm.`, path);
    if (attachedTo.includes(realmId)) throw conflict();
    const [health] = await this.checkHealth([database]);
    if (backfill && !health!.ok) {
      throw new DatabaseUnreachableError(
        `Database "${database.name}" does not answer (${health!.message}), so a backfill into it would fail. ` +
          `Nothing was attached: check its settings and that it runs, then attach it again.`,
        path,
      );
    }
    const link = { data: { realmId, databaseId } };
    if (!backfill) {
      const realmDatabase = await mapUniqueViolation(() => this.prisma.realmDatabase.create(link), conflict);
      return { realmDatabase, health: health!, migration: null };
    }
    const { attached, migration } = await this.migrations.attachWithBackfill(viewer, realmId, databaseId, (tx) =>
      mapUniqueViolation(() => tx.realmDatabase.create(link), conflict),
    );
    return { realmDatabase: attached, health: health!, migration };
  }

  /** Links of a realm to its databases, oldest first. */
  async databases(
    realmId: string,
  ): Promise<(RealmDatabase & { database: import("../generated/prisma/client.ts").Database })[]> {
    return this.prisma.realmDatabase.findMany({
      where: { realmId },
      include: { database: true },
      orderBy: { addedAt: "asc" },
    });
  }
}
