// The Pothos builder: plugins, context, scalars and auth scopes. It defines no domain types;
// those live in server/schema/<domain>.ts.
import SchemaBuilder from "@pothos/core";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ComplexityPlugin from "@pothos/plugin-complexity";
import { GraphQLError } from "graphql";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";
import type { Context } from "./context.ts";
import type { Viewer } from "./services/access.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { DATE_TIME_RANGE, parseDateTime } from "./schema/date-time.ts";

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; admin: boolean; readRealm: string };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, ComplexityPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    runScopesOnType: true,
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      admin: ctx.viewer?.admin ?? false,
      readRealm: (realmId: string) => ctx.viewer?.canRead(realmId) ?? false,
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? new GraphQLError("Your token does not have access to this.", { extensions: { code: "FORBIDDEN" } })
        : new GraphQLError("Authentication required: send an `Authorization: Bearer <token>` header.", {
            extensions: { code: "UNAUTHENTICATED" },
          }),
  },
  // No default error types: each mutation lists (errors: { types }) the domain errors its service can
  // throw, so its result union holds only those; any other error stays a GraphQL error (schema/errors.ts).
  errors: { defaultTypes: [] },
  prisma: {
    // The client is per request (ctx.services) so tests and several apps can share one process.
    client: (ctx) => ctx.services.db.prisma as unknown as PrismaClient,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    edgesFieldOptions: { nullable: false },
    // node/nodes are defined in schema/node.ts: they answer null for anything the caller cannot see.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    // Depth (introspection included) and aliases are checked once, at validation, in graphql-limits.ts.
    limit: (ctx) => ({ complexity: ctx.limits.maxComplexity, breadth: 200 }),
    complexityError: (kind, result) => {
      const measure = String(kind).toLowerCase() as "depth" | "breadth" | "complexity";
      const max = { depth: result.maxDepth, breadth: result.maxBreadth, complexity: result.maxComplexity }[measure];
      return new GraphQLError(
        `Query ${measure} ${result[measure]} exceeds the limit of ${max}; ask for less in one request.`,
        {
          extensions: { code: "QUERY_TOO_COMPLEX" },
        },
      );
    },
  },
});

builder.scalarType("DateTime", {
  description: `An ISO-8601 timestamp (UTC, or with an offset), between ${DATE_TIME_RANGE.from} and ${DATE_TIME_RANGE.to}.`,
  serialize: (value) => value.toISOString(),
  // Refused here, before any resolver, with the reason: the database could not store it anyway.
  parseValue: (value) => parseDateTime(value),
});

builder.scalarType("File", {
  description: "A file sent with a multipart request (GraphQL multipart request spec).",
  serialize: () => {
    throw new GraphQLError("File is an input-only scalar.");
  },
  parseValue: (value) => {
    const file = value as Partial<File> | null;
    if (typeof file !== "object" || file === null || typeof file.stream !== "function" || typeof file.name !== "string")
      throw new GraphQLError(
        "Expected a file: send a multipart request (GraphQL multipart request spec) with the file as a part mapped to this variable.",
        { extensions: { code: "INVALID_INPUT" } },
      );
    return file as File;
  },
  parseLiteral: () => {
    throw new GraphQLError(
      "A file cannot be written in the query: send a multipart request with the file as a part mapped to a variable.",
      { extensions: { code: "INVALID_INPUT" } },
    );
  },
});

/** The authenticated viewer; root types require `authenticated`, so it is always there in resolvers. */
export function viewerOf(ctx: Context): Viewer {
  if (!ctx.viewer) throw new GraphQLError("Authentication required.", { extensions: { code: "UNAUTHENTICATED" } });
  return ctx.viewer;
}
