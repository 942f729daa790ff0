// Each mutation's result union holds its success and only the typed errors its service can return, so a
// typed client never handles an impossible case. The table below is the contract: a mutation that gains
// (or loses) an error must change it here too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.ts";

const EXPECTED: Record<string, string[]> = {
  addDatabaseToRealm: [
    "ConflictError",
    "DatabaseUnreachableError",
    "ForbiddenError",
    "InvalidInputError",
    "NotFoundError",
  ],
  cancelMigration: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError"],
  collectBlobGarbage: ["InvalidInputError"],
  createApiToken: ["ForbiddenError", "InvalidInputError", "NotFoundError"],
  createDatabase: ["ConflictError", "ForbiddenError", "InvalidInputError"],
  createDocument: [
    "ConflictError",
    "ForbiddenError",
    "InvalidInputError",
    "NotFoundError",
    "PayloadTooLargeError",
    "UnsupportedContentTypeError",
  ],
  createMigration: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError"],
  createRealm: ["ConflictError", "ForbiddenError", "InvalidInputError"],
  createWebhook: ["ForbiddenError", "InvalidInputError", "NotFoundError"],
  deleteDatabase: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError"],
  deleteDocument: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError"],
  deleteWebhook: ["ForbiddenError", "InvalidInputError", "NotFoundError"],
  planMigration: ["ForbiddenError", "InvalidInputError", "NotFoundError"],
  processDocument: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError", "StageInputMissingError"],
  removeDatabaseFromRealm: [
    "ConflictError",
    "DatabaseUnreachableError",
    "ForbiddenError",
    "InvalidInputError",
    "NotFoundError",
  ],
  rescheduleMigration: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError"],
  retryFailedDocuments: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError"],
  revokeApiToken: ["ForbiddenError", "InvalidInputError", "NotFoundError"],
  rollbackMigration: ["ConflictError", "ForbiddenError", "InvalidInputError", "NotFoundError"],
};

interface Member {
  name: string;
  interfaces: { name: string }[] | null;
}

/** The served schema by introspection (what a client's codegen sees), one level at a time (depth limit). */
const MUTATIONS = `{ __schema { mutationType { fields { name type { kind ofType { kind name } } } } } }`;
const MEMBERS = `query Members($name: String!) { __type(name: $name) { kind possibleTypes { name interfaces { name } } } }`;

describe("mutation result unions", () => {
  let t: TestApp;
  let resultTypes: Map<string, { kind: string; ofType: { kind: string; name: string } | null }>;
  const members = async (name: string) => {
    const result = await t.gql<{ __type: { kind: string; possibleTypes: Member[] | null } }>(MEMBERS, { name });
    expect(result.errors).toBeUndefined();
    return result.data!.__type;
  };
  beforeAll(async () => {
    t = await createTestApp("pglite");
    const result = await t.gql<{
      __schema: {
        mutationType: {
          fields: { name: string; type: { kind: string; ofType: { kind: string; name: string } | null } }[];
        };
      };
    }>(MUTATIONS);
    expect(result.errors).toBeUndefined();
    resultTypes = new Map(result.data!.__schema.mutationType.fields.map((f) => [f.name, f.type]));
  });
  afterAll(() => t?.close());

  it("the table names every mutation, and nothing else", () => {
    expect([...resultTypes.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("%s returns its success or exactly its errors", async (name, errors) => {
    const type = resultTypes.get(name)!;
    expect(type.kind).toBe("NON_NULL");
    expect(type.ofType?.kind).toBe("UNION");
    const union = await members(type.ofType!.name);
    const success = `Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success`;
    expect(union.possibleTypes!.map((m) => m.name).sort()).toEqual([...errors, success].sort());
    for (const member of union.possibleTypes!.filter((m) => m.name !== success))
      expect(
        member.interfaces?.map((i) => i.name),
        member.name,
      ).toContain("Error");
  });

  it("every typed error is still returned by some mutation", async () => {
    const errorInterface = await members("Error");
    expect(errorInterface.kind).toBe("INTERFACE");
    const implementations = errorInterface.possibleTypes!.map((m) => m.name);
    expect(implementations.length).toBeGreaterThan(0);
    const returned = new Set(Object.values(EXPECTED).flat());
    expect(implementations.filter((name) => !returned.has(name))).toEqual([]);
  });
});
