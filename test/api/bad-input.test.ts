// Rejected requests come back as typed errors that say what to change, and write nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";

describe.each(dialects())("bad input on %s", (dialect) => {
  let t: TestApp;
  let realmId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { MAX_UPLOAD_BYTES: "2000" });
    realmId = ok(
      await t.gql(
        `mutation { createRealm(input: { name: "inputs" }) { __typename ... on MutationCreateRealmSuccess { data { id } } } }`,
      ),
      "createRealm",
    ).id;
    ok(await t.upload({ realmId, name: "taken.md", type: "text/markdown", content: "# Taken" }), "createDocument");
  });
  afterAll(() => t?.close());

  async function expectRejected(run: () => Promise<any>, field: string, code: string, message: RegExp) {
    const before = await t.rowCounts();
    const result = await run();
    expect(result.errors).toBeUndefined();
    expect(result.data[field]).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await t.rowCounts()).toEqual(before);
    return result.data[field];
  }

  it("rejects an unknown realm", async () => {
    await expectRejected(
      () =>
        t.upload({
          realmId: "9b2f5a8e-0000-4000-8000-000000000000",
          name: "a.md",
          type: "text/markdown",
          content: "# A",
        }),
      "createDocument",
      "NOT_FOUND",
      /Realm .* was not found/,
    );
  });

  it("rejects a duplicate title in the realm", async () => {
    const error = await expectRejected(
      () => t.upload({ realmId, name: "other.md", title: "taken.md", type: "text/markdown", content: "# Other" }),
      "createDocument",
      "CONFLICT",
      /already has a document titled "taken.md"/,
    );
    expect(error.path).toEqual(["input", "title"]);
  });

  it("rejects an unsupported content type", async () => {
    await expectRejected(
      () => t.upload({ realmId, name: "scan.pdf", type: "application/pdf", content: "%PDF-1.4" }),
      "createDocument",
      "UNSUPPORTED_CONTENT_TYPE",
      /application\/pdf.*text\/markdown/,
    );
  });

  it("rejects an empty file", async () => {
    await expectRejected(
      () => t.upload({ realmId, name: "empty.md", type: "text/markdown", content: "" }),
      "createDocument",
      "INVALID_INPUT",
      /empty/,
    );
  });

  it("rejects a file over MAX_UPLOAD_BYTES", async () => {
    await expectRejected(
      () => t.upload({ realmId, name: "big.md", type: "text/markdown", content: "x".repeat(2001) }),
      "createDocument",
      "PAYLOAD_TOO_LARGE",
      /limit of 2000 bytes/,
    );
  });

  it("rejects malformed ids", async () => {
    await expectRejected(
      () => t.upload({ realmId: "not-an-id", name: "a.md", type: "text/markdown", content: "# A" }),
      "createDocument",
      "INVALID_INPUT",
      /"not-an-id" is not a valid Realm id/,
    );
    await expectRejected(
      () =>
        t.gql(
          `mutation { processDocument(input: { id: "UmVhbG06eA==" }) { __typename ... on Error { code message } } }`,
        ),
      "processDocument",
      "INVALID_INPUT",
      /not a valid Document id/,
    );
  });

  it("rejects unknown stage names by GraphQL validation, naming the value, and writes nothing", async () => {
    const doc = await t.gql(`query($r: ID!) { documents(realmId: $r, first: 1) { edges { node { id } } } }`, {
      r: realmId,
    });
    const id = doc.data.documents.edges[0].node.id;
    const before = await t.rowCounts();
    const literal = await t.gql(
      `mutation($id: ID!) { processDocument(input: { id: $id, stages: [CHUNKR] }) { __typename ... on Error { code message } } }`,
      { id },
    );
    // A literal outside the enum fails document validation; the message names it and the nearest stage.
    expect(literal.data).toBeUndefined();
    expect(literal.errors).toMatchObject([
      {
        message: expect.stringMatching(/Value "CHUNKR" does not exist in "Stage" enum\. Did you mean .*"CHUNKER"/),
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      },
    ]);
    const variable = await t.gql(
      `mutation($i: ProcessDocumentInput!) { processDocument(input: $i) { __typename ... on Error { code message } } }`,
      { i: { id, stages: ["chunker"] } },
    );
    // A variable value outside it (here the pipeline's hyphenated spelling) is refused as INVALID_INPUT.
    expect(variable.data).toBeUndefined();
    expect(variable.errors).toMatchObject([
      {
        message: expect.stringMatching(
          /got invalid value "chunker" at "i\.stages\[0\]"; .*does not exist in "Stage" enum/,
        ),
        extensions: { code: "INVALID_INPUT" },
      },
    ]);
    expect(await t.rowCounts()).toEqual(before);
  });

  it("rejects bad realm and database names and duplicates", async () => {
    await expectRejected(
      () => t.gql(`mutation { createRealm(input: { name: "  " }) { __typename ... on Error { code message } } }`),
      "createRealm",
      "INVALID_INPUT",
      /realm name/,
    );
    await expectRejected(
      () => t.gql(`mutation { createRealm(input: { name: "inputs" }) { __typename ... on Error { code message } } }`),
      "createRealm",
      "CONFLICT",
      /already exists/,
    );
    await expectRejected(
      () =>
        t.gql(
          `mutation { createDatabase(input: { name: "q", kind: QDRANT, url: "ftp://x", collection: "c" }) { __typename ... on Error { code message } } }`,
        ),
      "createDatabase",
      "INVALID_INPUT",
      /.+/,
    );
    await expectRejected(
      () =>
        t.gql(
          `mutation { createDatabase(input: { name: "e", kind: EMBEDDED, url: "http://x" }) { __typename ... on Error { code message } } }`,
        ),
      "createDatabase",
      "INVALID_INPUT",
      /"url" does not apply to EMBEDDED/,
    );
  });

  it("rejects attaching an unknown or already attached database", async () => {
    await expectRejected(
      () =>
        t.gql(
          `mutation($r: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: "9b2f5a8e-0000-4000-8000-000000000000" }) { __typename ... on Error { code message } } }`,
          {
            r: realmId,
          },
        ),
      "addDatabaseToRealm",
      "NOT_FOUND",
      /Database/,
    );
    const db = ok(
      await t.gql(
        `mutation { createDatabase(input: { name: "once", kind: EMBEDDED }) { __typename ... on MutationCreateDatabaseSuccess { data { id } } } }`,
      ),
      "createDatabase",
    );
    const attach = () =>
      t.gql(
        `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) { __typename ... on Error { code message } } }`,
        { r: realmId, d: db.id },
      );
    expect((await attach()).data.addDatabaseToRealm.__typename).toBe("MutationAddDatabaseToRealmSuccess");
    await expectRejected(attach, "addDatabaseToRealm", "CONFLICT", /already attached/);
  });

  it("refuses queries deeper than MAX_QUERY_DEPTH before running them", async () => {
    const nest = (depth: number) => "originDocument { ".repeat(depth) + "id" + " }".repeat(depth);
    const shallow = await t.gql(`query($id: ID!) { document(id: $id) { ${nest(3)} } }`, {
      id: "9b2f5a8e-0000-4000-8000-000000000000",
    });
    expect(shallow.errors).toBeUndefined();
    const deep = await t.gql(`query($id: ID!) { document(id: $id) { ${nest(20)} } }`, {
      id: "9b2f5a8e-0000-4000-8000-000000000000",
    });
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
  });
});
