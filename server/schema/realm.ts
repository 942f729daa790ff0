// Realms: a tenant's documents and the databases they are ingested into.
import { builder, viewerOf } from "../builder.ts";
import {
  ConflictError,
  DatabaseUnreachableError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from "../services/errors.ts";
import { parseId } from "./ids.ts";
import { DatabaseHealth } from "./database.ts";

export const Realm = builder.prismaNode("Realm", {
  id: { field: "id" },
  description: "A tenant/workspace: its documents and the databases they are ingested into.",
  authScopes: (realm) => ({ readRealm: realm.id }),
  findUnique: (id) => ({ id }),
  fields: (t) => ({
    name: t.exposeString("name", { description: "Unique name." }),
    description: t.exposeString("description", { description: "Free text." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the realm was created." }),
    databases: t.relation("databases", {
      description: "Databases attached to this realm, oldest first; the ingestor writes to all of them.",
      query: { orderBy: { addedAt: "asc" } },
    }),
    documentCount: t.int({
      description: "Number of active documents (not retired, not being created by a migration).",
      resolve: (realm, _args, ctx) => ctx.services.realms.documentCount(realm.id),
    }),
  }),
});

export const RealmDatabase = builder.prismaObject("RealmDatabase", {
  description: "A database attached to a realm.",
  fields: (t) => ({
    database: t.relation("database", { description: "The attached database." }),
    addedAt: t.expose("addedAt", { type: "DateTime", description: "When it was attached." }),
  }),
});

builder.queryFields((t) => ({
  realms: t.prismaField({
    type: ["Realm"],
    description: "Realms your token can read, by name.",
    resolve: async (_query, _root, _args, ctx) => ctx.services.realms.list(viewerOf(ctx)),
  }),
  realm: t.prismaField({
    type: "Realm",
    nullable: true,
    description: "One realm, or null when it does not exist or your token cannot read it.",
    args: { id: t.arg.id({ required: true, description: "Realm id." }) },
    resolve: async (_query, _root, args, ctx) =>
      ctx.services.realms.find(viewerOf(ctx), parseId(args.id, "Realm", ["id"])),
  }),
}));

const CreateRealmInput = builder.inputType("CreateRealmInput", {
  fields: (t) => ({
    name: t.string({ required: true, description: "Unique name: letters, digits, spaces, . _ -" }),
    description: t.string({ description: "Free text, up to 2000 characters." }),
  }),
});

const AddDatabaseToRealmInput = builder.inputType("AddDatabaseToRealmInput", {
  fields: (t) => ({
    realmId: t.id({ required: true, description: "Realm to attach to." }),
    databaseId: t.id({ required: true, description: "Database to attach." }),
    backfill: t.boolean({
      description: "Also ingest the realm's existing documents into it (a REALM_DATABASE_ADDITION migration).",
    }),
  }),
});

type AddDatabaseResult = {
  realmDatabase: import("../generated/prisma/client.ts").RealmDatabase;
  health: import("../services/database-health.ts").DatabaseHealth;
  migration: import("../generated/prisma/client.ts").Migration | null;
};

const AddDatabaseToRealmPayload = builder.objectRef<AddDatabaseResult>("AddDatabaseToRealmPayload").implement({
  description:
    "The new link, and the backfill migration when one was asked for (null when the realm has no documents).",
  fields: (t) => ({
    realmDatabase: t.field({ type: RealmDatabase, description: "The link.", resolve: (p) => p.realmDatabase }),
    health: t.field({
      type: DatabaseHealth,
      description:
        "The database's health when it was attached: without backfill one that does not answer is attached anyway (warn the user); with backfill it is refused.",
      resolve: (p) => p.health,
    }),
    migration: t.prismaField({
      type: "Migration",
      nullable: true,
      description: "The backfill migration.",
      resolve: (_query, p) => p.migration,
    }),
  }),
});

builder.mutationFields((t) => ({
  createRealm: t.prismaField({
    type: "Realm",
    description: "Creates a realm (admin only).",
    errors: { types: [ForbiddenError, InvalidInputError, ConflictError] },
    args: { input: t.arg({ type: CreateRealmInput, required: true }) },
    resolve: async (_query, _root, { input }, ctx) => ctx.services.realms.create(viewerOf(ctx), input),
  }),
  addDatabaseToRealm: t.field({
    type: AddDatabaseToRealmPayload,
    description:
      "Attaches a database to a realm (EDITOR on the realm). New documents are ingested into it from then on; with backfill, existing ones too.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError, DatabaseUnreachableError] },
    args: { input: t.arg({ type: AddDatabaseToRealmInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      ctx.services.realms.addDatabase(
        viewerOf(ctx),
        parseId(input.realmId, "Realm", ["input", "realmId"]),
        parseId(input.databaseId, "Database", ["input", "databaseId"]),
        { backfill: Boolean(input.backfill) },
      ),
  }),
}));
