// Who is asking: an API token's scopes. Services take a Viewer and check realm access themselves,
// so a token without scope on a realm gets NOT_FOUND for it, exactly as if it did not exist.
import { ForbiddenError, NotFoundError } from "./errors.ts";

export type RealmRole = "VIEWER" | "EDITOR";

export class Viewer {
  constructor(
    readonly tokenId: string,
    readonly admin: boolean,
    readonly roles: ReadonlyMap<string, RealmRole>,
  ) {}

  static system(): Viewer {
    return new Viewer("system", true, new Map());
  }

  canRead(realmId: string): boolean {
    return this.admin || this.roles.has(realmId);
  }

  canWrite(realmId: string): boolean {
    return this.admin || this.roles.get(realmId) === "EDITOR";
  }

  /** Realm ids this viewer may read, or null for all (admin). */
  readableRealmIds(): string[] | null {
    return this.admin ? null : [...this.roles.keys()];
  }

  assertRead(realmId: string, entity = "Realm", id = realmId): void {
    if (!this.canRead(realmId)) throw new NotFoundError(entity, id);
  }

  assertWrite(realmId: string, entity = "Realm", id = realmId): void {
    this.assertRead(realmId, entity, id);
    if (!this.canWrite(realmId)) {
      throw new ForbiddenError(
        `Your token has read-only (VIEWER) access to realm ${realmId}; an EDITOR role is needed.`,
      );
    }
  }

  assertAdmin(action: string): void {
    if (!this.admin) throw new ForbiddenError(`Only an admin token may ${action}.`);
  }
}
