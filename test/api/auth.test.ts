// Tokens and scopes: no token → UNAUTHENTICATED; a realm you have no role on does not exist for you;
// VIEWER reads, EDITOR writes, admin administers; credentials never leave the service.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";

const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { __typename ... on MutationCreateApiTokenSuccess { data { token apiToken { id admin } } } ... on Error { code message } }
}`;

describe.each(dialects())("authorization on %s", (dialect) => {
  let t: TestApp;
  let realmA: string;
  let realmB: string;
  let viewerA: string;
  let editorA: string;
  let docB: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const realm = async (name: string) =>
      ok(
        await t.gql(
          `mutation($n: String!) { createRealm(input: { name: $n }) { __typename ... on MutationCreateRealmSuccess { data { id } } } }`,
          { n: name },
        ),
        "createRealm",
      ).id;
    realmA = await realm("alpha");
    realmB = await realm("beta");
    viewerA = ok(
      await t.gql(CREATE_TOKEN, { input: { name: "viewer", roles: [{ realmId: realmA, role: "VIEWER" }] } }),
      "createApiToken",
    ).token;
    editorA = ok(
      await t.gql(CREATE_TOKEN, { input: { name: "editor", roles: [{ realmId: realmA, role: "EDITOR" }] } }),
      "createApiToken",
    ).token;
    ok(await t.upload({ realmId: realmA, name: "a.md", type: "text/markdown", content: "# A" }), "createDocument");
    docB = ok(
      await t.upload({ realmId: realmB, name: "b.md", type: "text/markdown", content: "# B" }),
      "createDocument",
    ).id;
  });
  afterAll(() => t?.close());

  it("refuses requests without a valid token", async () => {
    for (const token of [null, "rms_not-a-real-token"]) {
      const result = await t.gql(`{ realms { id } }`, undefined, token);
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const mutation = await t.gql(`mutation { createRealm(input: { name: "x" }) { __typename } }`, undefined, token);
      expect(mutation.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });

  it("hides realms a token has no role on", async () => {
    const list = await t.gql(`{ realms { id name } }`, undefined, viewerA);
    expect(list.data.realms).toEqual([{ id: realmA, name: "alpha" }]);
    expect((await t.gql(`query($id: ID!) { realm(id: $id) { name } }`, { id: realmB }, viewerA)).data.realm).toBeNull();
    expect(
      (await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: realmB }, viewerA)).data?.node ?? null,
    ).toBeNull();
    expect(
      (await t.gql(`query($id: ID!) { document(id: $id) { title } }`, { id: docB }, viewerA)).data.document,
    ).toBeNull();
    const docs = await t.gql(
      `query($r: ID!) { documents(realmId: $r, first: 5) { totalCount } }`,
      { r: realmB },
      viewerA,
    );
    expect(docs.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("lets a VIEWER read but not write its realm", async () => {
    const docs = await t.gql(
      `query($r: ID!) { documents(realmId: $r, first: 5) { totalCount } }`,
      { r: realmA },
      viewerA,
    );
    expect(docs.data.documents.totalCount).toBe(1);
    const before = await t.rowCounts();
    const upload = await t.upload({ realmId: realmA, name: "v.md", type: "text/markdown", content: "# V" }, viewerA);
    expect(upload.data.createDocument).toMatchObject({
      __typename: "ForbiddenError",
      code: "FORBIDDEN",
      message: expect.stringMatching(/EDITOR role is needed/),
    });
    const other = await t.upload({ realmId: realmB, name: "v.md", type: "text/markdown", content: "# V" }, viewerA);
    expect(other.data.createDocument).toMatchObject({ code: "NOT_FOUND" });
    expect(await t.rowCounts()).toEqual(before);
  });

  it("lets an EDITOR write its realm only", async () => {
    ok(
      await t.upload({ realmId: realmA, name: "e.md", type: "text/markdown", content: "# E" }, editorA),
      "createDocument",
    );
    const other = await t.gql(
      `mutation($id: ID!) { processDocument(input: { id: $id }) { __typename ... on Error { code } } }`,
      { id: docB },
      editorA,
    );
    expect(other.data.processDocument.code).toBe("NOT_FOUND");
  });

  it("reserves realm, database and token administration to admins", async () => {
    const realm = await t.gql(
      `mutation { createRealm(input: { name: "gamma" }) { __typename ... on Error { code message } } }`,
      undefined,
      editorA,
    );
    expect(realm.data.createRealm).toMatchObject({
      code: "FORBIDDEN",
      message: "Only an admin token may create realms.",
    });
    const db = await t.gql(
      `mutation { createDatabase(input: { name: "x", kind: EMBEDDED }) { __typename ... on Error { code } } }`,
      undefined,
      editorA,
    );
    expect(db.data.createDatabase.code).toBe("FORBIDDEN");
    const tokens = await t.gql(`{ apiTokens { id } }`, undefined, editorA);
    expect(tokens.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const token = await t.gql(CREATE_TOKEN, { input: { name: "sneaky", admin: true } }, editorA);
    expect(token.data.createApiToken.code).toBe("FORBIDDEN");
  });

  it("stops accepting a revoked token at once", async () => {
    const created = ok(
      await t.gql(CREATE_TOKEN, { input: { name: "short-lived", roles: [{ realmId: realmA, role: "VIEWER" }] } }),
      "createApiToken",
    );
    expect((await t.gql(`{ viewer { admin realmIds } }`, undefined, created.token)).data.viewer).toEqual({
      admin: false,
      realmIds: [realmA.length ? expect.any(String) : ""],
    });
    ok(
      await t.gql(
        `mutation($id: ID!) { revokeApiToken(id: $id) { __typename ... on MutationRevokeApiTokenSuccess { data { revokedAt } } } }`,
        { id: created.apiToken.id },
      ),
      "revokeApiToken",
    );
    expect((await t.gql(`{ viewer { admin } }`, undefined, created.token)).errors?.[0]?.extensions?.code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("stores tokens hashed and never returns them again", async () => {
    const created = ok(await t.gql(CREATE_TOKEN, { input: { name: "hashed", admin: true } }), "createApiToken");
    const rows = await t.app.services.db.prisma.apiToken.findMany();
    expect(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? Number(v) : v))).not.toContain(created.token);
    const listed = await t.gql(`{ apiTokens { id name admin } }`);
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });
});
