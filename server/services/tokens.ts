// API tokens: random secrets shown once, stored as sha256 hashes, with admin or per-realm roles.
import crypto from "node:crypto";
import type { Prisma } from "./db/open.ts";
import { Viewer, type RealmRole } from "./access.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { ApiToken, ApiTokenRole } from "../generated/prisma/client.ts";

export interface CreateTokenInput {
  name: string;
  admin?: boolean | null | undefined;
  roles?: Array<{ realmId: string; role: RealmRole }> | null | undefined;
}

export type TokenWithRoles = ApiToken & { roles: ApiTokenRole[] };

const PREFIX = "rms_";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export class TokenService {
  constructor(private readonly prisma: Prisma) {}

  /** Resolves an `Authorization` header to a Viewer; null when absent, invalid or revoked. */
  async authenticate(header: string | null | undefined): Promise<Viewer | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
    if (!match) return null;
    const token = await this.prisma.apiToken.findUnique({
      where: { tokenHash: hashToken(match[1]!) },
      include: { roles: true },
    });
    if (!token || token.revokedAt) return null;
    return new Viewer(token.id, token.admin, new Map(token.roles.map((r) => [r.realmId, r.role])));
  }

  async list(viewer: Viewer): Promise<TokenWithRoles[]> {
    viewer.assertAdmin("list API tokens");
    return this.prisma.apiToken.findMany({ include: { roles: true }, orderBy: { createdAt: "asc" } });
  }

  /** Creates a token; the plaintext is returned here and never again. */
  async create(viewer: Viewer, input: CreateTokenInput): Promise<{ token: string; apiToken: TokenWithRoles }> {
    viewer.assertAdmin("create API tokens");
    const name = input.name.trim();
    if (!name || name.length > 100) throw new InvalidInputError("A token name is 1–100 characters.", ["input", "name"]);
    const roles = input.roles ?? [];
    if (!input.admin && roles.length === 0) {
      throw new InvalidInputError("Give the token admin rights or at least one realm role.", ["input", "roles"]);
    }
    const realmIds = [...new Set(roles.map((r) => r.realmId))];
    if (realmIds.length !== roles.length)
      throw new InvalidInputError("Each realm may appear once in roles.", ["input", "roles"]);
    const found = await this.prisma.realm.findMany({ where: { id: { in: realmIds } }, select: { id: true } });
    const missing = realmIds.find((id) => !found.some((r) => r.id === id));
    if (missing) throw new NotFoundError("Realm", missing, ["input", "roles"]);
    return this.issue(name, Boolean(input.admin), roles);
  }

  async revoke(viewer: Viewer, id: string): Promise<TokenWithRoles> {
    viewer.assertAdmin("revoke API tokens");
    const token = await this.prisma.apiToken.findUnique({ where: { id } });
    if (!token) throw new NotFoundError("ApiToken", id);
    return this.prisma.apiToken.update({
      where: { id },
      data: { revokedAt: token.revokedAt ?? new Date() },
      include: { roles: true },
    });
  }

  /** Writes a token without an acting viewer: used by bootstrap and tests. */
  async issue(name: string, admin: boolean, roles: Array<{ realmId: string; role: RealmRole }> = []) {
    const token = PREFIX + crypto.randomBytes(32).toString("base64url");
    const apiToken = await this.prisma.apiToken.create({
      data: {
        name,
        admin,
        tokenHash: hashToken(token),
        roles: { create: roles.map((r) => ({ realmId: r.realmId, role: r.role })) },
      },
      include: { roles: true },
    });
    return { token, apiToken };
  }
}
