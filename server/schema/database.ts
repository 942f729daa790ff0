// Databases: configured ingestion targets. Credentials are write-only: no field returns them.
import { builder, viewerOf } from "../builder.ts";
import { databaseVisibleTo, type DatabaseSettings } from "../services/databases.ts";

export const DatabaseKindEnum = builder.enumType("DatabaseKind", {
  description: "Kind of ingestion target.",
  values: {
    EMBEDDED: { description: "Chunks, vectors and the graph kept in the metadata database." },
    QDRANT: { description: "A Qdrant collection." },
    NEO4J: { description: "A Neo4j database." },
  } as const,
});

const settings = (config: unknown) => config as DatabaseSettings;

export const Database = builder.prismaNode("Database", {
  id: { field: "id" },
  description: "One configured ingestion target.",
  // Visible to admins and to readers of any realm it is attached to.
  authScopes: async (database, ctx) => {
    if (!ctx.viewer) return false;
    if (ctx.viewer.admin) return true;
    const links = await ctx.services.db.prisma.realmDatabase.findMany({
      where: { databaseId: database.id },
      select: { realmId: true },
    });
    return databaseVisibleTo(
      ctx.viewer,
      links.map((l) => l.realmId),
    );
  },
  fields: (t) => ({
    name: t.exposeString("name", { description: "Unique name." }),
    kind: t.expose("kind", { type: DatabaseKindEnum, description: "Kind of target." }),
    url: t.string({ nullable: true, description: "Qdrant REST url.", resolve: (d) => settings(d.config).url ?? null }),
    collection: t.string({
      nullable: true,
      description: "Qdrant collection.",
      resolve: (d) => settings(d.config).collection ?? null,
    }),
    vectorSize: t.int({
      nullable: true,
      description: "Vector dimension of the Qdrant collection.",
      resolve: (d) => settings(d.config).vectorSize ?? null,
    }),
    uri: t.string({
      nullable: true,
      description: "Neo4j connection uri.",
      resolve: (d) => settings(d.config).uri ?? null,
    }),
    databaseName: t.string({
      nullable: true,
      description: "Neo4j database name.",
      resolve: (d) => settings(d.config).databaseName ?? null,
    }),
    username: t.string({
      nullable: true,
      description: "Neo4j user name.",
      resolve: (d) => settings(d.config).username ?? null,
    }),
    hasCredentials: t.boolean({
      description: "Whether a password or api key is stored (it is never returned).",
      resolve: (d) => d.secret !== null,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it was created." }),
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
  description:
    "Settings by kind — EMBEDDED: none; QDRANT: url, collection, vectorSize?, apiKey?; NEO4J: uri, databaseName?, username?, password?.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Unique name: letters, digits, . _ -" }),
    kind: t.field({ type: DatabaseKindEnum, required: true, description: "Kind of target." }),
    url: t.string({ description: "QDRANT: REST url, e.g. http://localhost:6333." }),
    collection: t.string({ description: "QDRANT: collection name (created when missing)." }),
    vectorSize: t.int({ description: "QDRANT: vector dimension; defaults to the server's EMBEDDING_DIMENSION." }),
    apiKey: t.string({ description: "QDRANT: api key. Write-only: stored encrypted, never returned." }),
    uri: t.string({ description: "NEO4J: bolt:// or neo4j:// uri." }),
    databaseName: t.string({ description: "NEO4J: database name (default neo4j)." }),
    username: t.string({ description: "NEO4J: user name." }),
    password: t.string({ description: "NEO4J: password. Write-only: stored encrypted, never returned." }),
  }),
});

builder.mutationFields((t) => ({
  createDatabase: t.prismaField({
    type: "Database",
    description: "Configures an ingestion target (admin only). Attach it to realms with addDatabaseToRealm.",
    errors: {},
    args: { input: t.arg({ type: CreateDatabaseInput, required: true }) },
    resolve: async (_query, _root, { input }, ctx) => ctx.services.databases.create(viewerOf(ctx), input),
  }),
}));
