// Databases: configured ingestion targets. Credentials are write-only: no field returns them.
// Kinds and their settings fields come from the connector descriptors, so a new kind needs no edit here.
import { builder, viewerOf } from "../builder.ts";
import {
  ConflictError,
  DatabaseUnreachableError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from "../services/errors.ts";
import type { RemovedFromRealm } from "../services/databases.ts";
import type { DatabaseHealth as DatabaseHealthShape } from "../services/database-health.ts";
import { DESCRIPTORS, SETTING_FIELDS, shownSettingsOf } from "../services/connectors/kinds.ts";
import type { DatabaseKind } from "../generated/prisma/enums.ts";
import { parseId } from "./ids.ts";

export const DatabaseKindEnum = builder.enumType("DatabaseKind", {
  description: "Kind of ingestion target.",
  values: Object.fromEntries(DESCRIPTORS.map((d) => [d.kind, { description: d.description }])) as Record<
    DatabaseKind,
    { description: string }
  >,
});

const SHOWN_SETTINGS = SETTING_FIELDS.filter((f) => f.shown);

export const Database = builder.prismaNode("Database", {
  id: { field: "id" },
  description: "One configured ingestion target.",
  // Visible to admins and to readers of any realm it is attached to.
  authScopes: async (database, ctx) => (ctx.viewer ? ctx.services.databases.visibleTo(ctx.viewer, database.id) : false),
  fields: (t) => ({
    name: t.exposeString("name", { description: "Unique name." }),
    kind: t.expose("kind", { type: DatabaseKindEnum, description: "Kind of target." }),
    // The kinds' shown settings; a setting another kind takes is null.
    ...Object.fromEntries(
      SHOWN_SETTINGS.map(({ name, type, shown: description }) => [
        name,
        type === "Int"
          ? t.int({ nullable: true, description, resolve: (d) => numberOrNull(shownSettingsOf(d)[name]) })
          : t.string({ nullable: true, description, resolve: (d) => stringOrNull(shownSettingsOf(d)[name]) }),
      ]),
    ),
    hasCredentials: t.boolean({
      description: "Whether a password or api key is stored (it is never returned).",
      resolve: (d) => d.secret !== null,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it was created." }),
  }),
});

export const DatabaseHealth = builder.objectRef<DatabaseHealthShape>("DatabaseHealth").implement({
  description: "Whether a database answered a short health check (bounded to about 2 s), and what was found.",
  fields: (t) => ({
    database: t.field({ type: Database, description: "The database checked.", resolve: (h) => h.database }),
    ok: t.exposeBoolean("ok", { description: "It answered and can be written to." }),
    message: t.exposeString("message", { description: "What was found: reachable, or the error." }),
  }),
});

const RemoveDatabaseFromRealmPayload = builder.objectRef<RemovedFromRealm>("RemoveDatabaseFromRealmPayload").implement({
  description:
    "The realm after the detach, the detached database, and how many documents' records were removed from it.",
  fields: (t) => ({
    realm: t.prismaField({
      type: "Realm",
      description: "The realm it was detached from.",
      resolve: (query, p, _args, ctx) => ctx.services.realms.load(p.realmId, query),
    }),
    // Not the Database object: once detached it may be attached to no realm the caller can read.
    databaseId: t.globalID({
      description: "The detached database.",
      resolve: (p) => ({ type: "Database", id: p.database.id }),
    }),
    databaseName: t.string({ description: "Its name.", resolve: (p) => p.database.name }),
    documentsRemoved: t.exposeInt("documentsRemoved", {
      description: "Documents whose records were deleted from the database (0 without removeRecords).",
    }),
  }),
});

const RemoveDatabaseFromRealmInput = builder.inputType("RemoveDatabaseFromRealmInput", {
  fields: (t) => ({
    realmId: t.id({ required: true, description: "Realm to detach from." }),
    databaseId: t.id({ required: true, description: "Database to detach." }),
    removeRecords: t.boolean({
      description:
        "Also delete the realm's records from the database (it must answer; if not, nothing changes). Default false: they stay there, untracked.",
    }),
  }),
});

builder.queryFields((t) => ({
  databases: t.prismaField({
    type: ["Database"],
    description: "Databases your token can see: all for admins, else those attached to your realms.",
    resolve: async (_query, _root, _args, ctx) => ctx.services.databases.list(viewerOf(ctx)),
  }),
}));

const CreateDatabaseInput = builder.inputType("CreateDatabaseInput", {
  description: `Settings by kind — ${DESCRIPTORS.map((d) => `${d.kind}: ${settingsSummary(d.kind)}`).join("; ")}.`,
  fields: (t) => ({
    name: t.string({ required: true, description: "Unique name: letters, digits, . _ -" }),
    kind: t.field({ type: DatabaseKindEnum, required: true, description: "Kind of target." }),
    ...Object.fromEntries(
      SETTING_FIELDS.map((field) => {
        const description = settingDescription(field);
        return [field.name, field.type === "Int" ? t.int({ description }) : t.string({ description })];
      }),
    ),
  }),
});

/** "url, collection, vectorSize?" — the kind's settings, optional ones marked; "none" without any. */
function settingsSummary(kind: DatabaseKind): string {
  const names = SETTING_FIELDS.flatMap((f) =>
    f.uses.filter((u) => u.kind === kind).map((u) => (u.required ? f.name : `${f.name}?`)),
  );
  return names.join(", ") || "none";
}

/** "QDRANT: REST url, …" per kind that takes it; secrets say they are write-only. */
function settingDescription(field: (typeof SETTING_FIELDS)[number]): string {
  const uses = field.uses.map((u) => `${u.kind}: ${u.description}`).join(" ");
  return field.secret ? `${uses} Write-only: stored encrypted, never returned.` : uses;
}

const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);
const numberOrNull = (value: unknown) => (typeof value === "number" ? value : null);

builder.mutationFields((t) => ({
  createDatabase: t.prismaField({
    type: "Database",
    description: "Configures an ingestion target (admin only). Attach it to realms with addDatabaseToRealm.",
    errors: { types: [ForbiddenError, InvalidInputError, ConflictError] },
    args: { input: t.arg({ type: CreateDatabaseInput, required: true }) },
    resolve: async (_query, _root, { input }, ctx) => ctx.services.databases.create(viewerOf(ctx), input),
  }),
  removeDatabaseFromRealm: t.field({
    type: RemoveDatabaseFromRealmPayload,
    description:
      "Detaches a database from a realm (EDITOR on the realm): its documents are no longer ingested into it. Refused while a migration that has not ended uses it. Undo: addDatabaseToRealm with backfill: true.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError, DatabaseUnreachableError] },
    args: { input: t.arg({ type: RemoveDatabaseFromRealmInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      ctx.services.databases.removeFromRealm(viewerOf(ctx), {
        realmId: parseId(input.realmId, "Realm", ["input", "realmId"]),
        databaseId: parseId(input.databaseId, "Database", ["input", "databaseId"]),
        removeRecords: input.removeRecords,
      }),
  }),
  deleteDatabase: t.prismaField({
    type: "Database",
    description:
      "Deletes a database's configuration (admin only); refused while it is attached to a realm. Its records stay in it.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError] },
    args: { id: t.arg.id({ required: true, description: "Database id." }) },
    resolve: async (_query, _root, args, ctx) =>
      ctx.services.databases.delete(viewerOf(ctx), parseId(args.id, "Database", ["id"])),
  }),
}));
