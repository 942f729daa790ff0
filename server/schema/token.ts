// API tokens and the viewer. Token secrets are shown once, by createApiToken, and never again.
import { builder, viewerOf } from "../builder.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../services/errors.ts";
import { nodeRef, parseId } from "./ids.ts";
import type { TokenWithRoles } from "../services/tokens.ts";

const RealmRoleEnum = builder.enumType("RealmRole", {
  description: "Access a token has on one realm.",
  values: {
    VIEWER: { description: "Read the realm and its documents." },
    EDITOR: { description: "Read and change them." },
  } as const,
});

builder.prismaObject("ApiTokenRole", {
  description: "A token's role on one realm.",
  fields: (t) => ({
    realm: t.relation("realm", { description: "The realm." }),
    role: t.expose("role", { type: RealmRoleEnum, description: "The role." }),
  }),
});

const ApiToken = builder.prismaObject("ApiToken", {
  description: "An API token (its secret is never returned after creation).",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Token id." }),
    name: t.exposeString("name", { description: "Label." }),
    admin: t.exposeBoolean("admin", { description: "Full access." }),
    roles: t.relation("roles", { description: "Realm roles." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Creation time." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true, description: "Revocation time." }),
  }),
});

const CreatedApiToken = builder.objectRef<{ token: string; apiToken: TokenWithRoles }>("CreatedApiToken").implement({
  description: "A new token. Store `token` now: it cannot be shown again.",
  fields: (t) => ({
    token: t.exposeString("token", { description: "The bearer token." }),
    apiToken: t.field({ type: ApiToken, description: "Its record.", resolve: (p) => p.apiToken }),
  }),
});

const ViewerType = builder
  .objectRef<{ admin: boolean; roles: Array<{ realmId: string; role: "VIEWER" | "EDITOR" }> }>("Viewer")
  .implement({
    description: "The caller, as its token describes it.",
    fields: (t) => ({
      admin: t.exposeBoolean("admin", { description: "Full access." }),
      realmIds: t.globalIDList({
        description: "Realms with a role (empty for admins, who see all).",
        resolve: (v) => v.roles.map((r) => nodeRef("Realm", r.realmId)),
      }),
    }),
  });

builder.queryFields((t) => ({
  viewer: t.field({
    type: ViewerType,
    description: "Who the token belongs to.",
    resolve: (_root, _args, ctx) => {
      const viewer = viewerOf(ctx);
      return { admin: viewer.admin, roles: [...viewer.roles].map(([realmId, role]) => ({ realmId, role })) };
    },
  }),
  apiTokens: t.prismaField({
    type: ["ApiToken"],
    description: "All API tokens (admin only).",
    authScopes: { admin: true },
    resolve: async (_query, _root, _args, ctx) => ctx.services.tokens.list(viewerOf(ctx)),
  }),
}));

const RealmRoleInput = builder.inputType("RealmRoleInput", {
  fields: (t) => ({
    realmId: t.id({ required: true, description: "Realm id." }),
    role: t.field({ type: RealmRoleEnum, required: true, description: "Role on it." }),
  }),
});

const CreateApiTokenInput = builder.inputType("CreateApiTokenInput", {
  fields: (t) => ({
    name: t.string({ required: true, description: "Label, 1–100 characters." }),
    admin: t.boolean({ description: "Full access (default false)." }),
    roles: t.field({ type: [RealmRoleInput], description: "Realm roles for a non-admin token." }),
  }),
});

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedApiToken,
    description: "Issues a token (admin only). The secret is in the result and nowhere else.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError] },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      ctx.services.tokens.create(viewerOf(ctx), {
        name: input.name,
        admin: input.admin,
        roles: input.roles?.map((r, i) => ({
          realmId: parseId(r.realmId, "Realm", ["input", "roles", String(i), "realmId"]),
          role: r.role,
        })),
      }),
  }),
  revokeApiToken: t.prismaField({
    type: "ApiToken",
    description: "Revokes a token at once (admin only).",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError] },
    args: { id: t.arg.id({ required: true, description: "Token id." }) },
    resolve: async (_query, _root, args, ctx) =>
      ctx.services.tokens.revoke(viewerOf(ctx), parseId(args.id, "ApiToken", ["id"])),
  }),
}));
