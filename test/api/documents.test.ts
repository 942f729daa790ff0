// Upload → process → READY, through the GraphQL API, on PGlite and PostgreSQL.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";

const MARKDOWN = `# Analytical Engine

Ada Lovelace worked with Charles Babbage in London on the Analytical Engine.

## Notes

${"The engine could compute Bernoulli numbers with a sequence of operations. ".repeat(30)}

## Legacy

NASA and the University of Cambridge cite her notes.
`;

const HTML = `<!doctype html><html><head><title>t</title><style>p{}</style></head><body>
<h1>Grace Hopper</h1><p>Grace Hopper joined Harvard University in 1944.</p>
<ul><li>COBOL</li><li>compilers</li></ul><script>alert(1)</script></body></html>`;

const DOCUMENT = `query Doc($id: ID!) {
  document(id: $id) {
    id title status error contentType sha256 size
    stageRuns { stage status attempt error durationMs }
    stageFiles { stage name sha256 size text }
    ingestions { status points nodes relationships contentHash database { name kind } }
  }
}`;

const PROCESS = `mutation P($input: ProcessDocumentInput!) {
  processDocument(input: $input) { __typename ... on MutationProcessDocumentSuccess { data { status } } ... on Error { code message } }
}`;

describe.each(dialects())("documents on %s", (dialect) => {
  let t: TestApp;
  let realmId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    realmId = ok(
      await t.gql(
        `mutation { createRealm(input: { name: "docs" }) { __typename ... on MutationCreateRealmSuccess { data { id } } } }`,
      ),
      "createRealm",
    ).id;
    const db = ok(
      await t.gql(
        `mutation { createDatabase(input: { name: "store", kind: EMBEDDED }) { __typename ... on MutationCreateDatabaseSuccess { data { id } } } }`,
      ),
      "createDatabase",
    );
    ok(
      await t.gql(
        `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) { __typename } }`,
        { r: realmId, d: db.id },
      ),
      "addDatabaseToRealm",
    );
  });
  afterAll(() => t?.close());

  async function processed(id: string, stages?: string[]) {
    expect(ok(await t.gql(PROCESS, { input: { id, stages } }), "processDocument").status).toBe("PROCESSING");
    await t.app.services.processor.idle();
    return (await t.gql(DOCUMENT, { id })).data!.document;
  }

  it.each([
    ["notes.md", "text/markdown", MARKDOWN],
    ["page.html", "text/html", HTML],
  ])("processes %s into stage files, chunks and an ingestion", async (name, type, content) => {
    const created = ok(await t.upload({ realmId, name, type, content }), "createDocument");
    expect(created).toMatchObject({
      title: name,
      status: "UPLOADED",
      contentType: type,
      size: Buffer.byteLength(content),
    });
    expect(created.sha256).toBe(crypto.createHash("sha256").update(content).digest("hex"));

    const doc = await processed(created.id);
    expect(doc.status).toBe("READY");
    expect(doc.stageRuns.map((r: any) => [r.stage, r.status])).toEqual([
      ["MARKDOWN_CONVERSION", "SUCCEEDED"],
      ["CHUNKER", "SUCCEEDED"],
      ["FACT_GENERATOR", "SUCCEEDED"],
      ["INGESTOR", "SUCCEEDED"],
    ]);
    const stem = name.replace(/\.[^.]+$/, "");
    expect(doc.stageFiles.map((f: any) => f.name).sort()).toEqual(
      [`${stem}.md`, `${stem}.chunks.json`, `${stem}.facts.json`, `${stem}.ingestion.json`].sort(),
    );
    for (const file of doc.stageFiles) {
      expect(file.sha256).toBe(crypto.createHash("sha256").update(file.text).digest("hex"));
      expect(file.size).toBe(Buffer.byteLength(file.text));
    }
    const chunks = JSON.parse(doc.stageFiles.find((f: any) => f.stage === "CHUNKER").text);
    expect(chunks.chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks.chunks) expect(chunk.vector).toHaveLength(64); // EMBEDDING_DIMENSION in the test config
    const markdown = doc.stageFiles.find((f: any) => f.stage === "MARKDOWN_CONVERSION").text;
    if (type === "text/html") {
      expect(markdown).toMatch(/^# Grace Hopper/m);
      expect(markdown).not.toMatch(/alert|p\{\}/);
    }
    const facts = JSON.parse(doc.stageFiles.find((f: any) => f.stage === "FACT_GENERATOR").text);
    expect(facts.entities.length).toBeGreaterThan(0);

    expect(doc.ingestions).toHaveLength(1);
    expect(doc.ingestions[0]).toMatchObject({
      status: "SUCCEEDED",
      points: chunks.chunks.length,
      database: { name: "store", kind: "EMBEDDED" },
    });
    const [, docUuid] = Buffer.from(doc.id, "base64").toString().split(":");
    expect(await t.app.services.db.prisma.embeddedChunk.count({ where: { documentId: docUuid } })).toBe(
      chunks.chunks.length,
    );
  });

  it("re-processing leaves the same records (idempotent) and deleting leaves none", async () => {
    const created = ok(
      await t.upload({
        realmId,
        name: "again.md",
        type: "text/markdown",
        content: MARKDOWN + "\nMore about Ada Lovelace.\n",
      }),
      "createDocument",
    );
    const first = await processed(created.id);
    const [, id] = Buffer.from(created.id, "base64").toString().split(":");
    const prisma = t.app.services.db.prisma;
    const snapshot = async () => ({
      chunks: await prisma.embeddedChunk.count({ where: { documentId: id } }),
      mentions: await prisma.embeddedMention.count({ where: { documentId: id } }),
      relations: await prisma.embeddedRelation.count({ where: { documentId: id } }),
      stageFiles: await prisma.stageFile.count({ where: { documentId: id } }),
      ingestions: await prisma.ingestion.count({ where: { documentId: id } }),
    });
    const before = await snapshot();
    expect(before.chunks).toBe(first.ingestions[0].points);

    const second = await processed(created.id);
    expect(second.status).toBe("READY");
    expect(await snapshot()).toEqual(before);
    expect(second.stageRuns.filter((r: any) => r.stage === "INGESTOR").map((r: any) => r.attempt)).toEqual([1, 2]);
    expect(second.ingestions[0].contentHash).toBe(first.ingestions[0].contentHash);

    const ingestorOnly = await processed(created.id, ["INGESTOR"]);
    expect(ingestorOnly.status).toBe("READY");
    expect(await snapshot()).toEqual(before);

    const deleted = await t.gql(`mutation($id: ID!) { deleteDocument(id: $id) { __typename } }`, { id: created.id });
    expect(deleted.data?.deleteDocument.__typename).toBe("MutationDeleteDocumentSuccess");
    expect(await snapshot()).toEqual({ chunks: 0, mentions: 0, relations: 0, stageFiles: 0, ingestions: 0 });
    expect((await t.gql(DOCUMENT, { id: created.id })).data?.document).toBeNull();

    // Its stage files are now unreferenced: garbage collection removes them (the original is shared with nothing else).
    const unreferenced = first.stageFiles
      .map((f: any) => f.sha256)
      .filter((sha: string, i: number, all: string[]) => all.indexOf(sha) === i);
    const gc = await t.gql(
      `mutation { collectBlobGarbage(graceSeconds: 0) { __typename ... on MutationCollectBlobGarbageSuccess { data { blobsDeleted bytesFreed } } } }`,
    );
    expect(gc.data.collectBlobGarbage.data.blobsDeleted).toBeGreaterThanOrEqual(unreferenced.length);
    for (const sha of unreferenced) expect(await t.app.services.blobs.has(sha)).toBe(false);
  });

  it("stores identical uploads once, even when they arrive together", async () => {
    const before = await t.rowCounts();
    const [first, second] = await Promise.all([
      t.upload({ realmId, name: "same-1.txt", type: "text/plain", content: "identical bytes" }),
      t.upload({ realmId, name: "same-2.txt", type: "text/plain", content: "identical bytes" }),
    ]);
    ok(first, "createDocument");
    ok(second, "createDocument");
    const after = await t.rowCounts();
    expect(after.document! - before.document!).toBe(2);
    expect(after.blob! - before.blob!).toBe(1);
    expect(after.blobFiles! - before.blobFiles!).toBe(1);
  });

  it("processes documents with identical stage outputs at the same time", async () => {
    const ids: string[] = [];
    for (const name of ["twin-a.md", "twin-b.md", "twin-c.md"]) {
      const content = "# Twin\n\nSame body for every twin, so every stage writes the same bytes.\n";
      ids.push(ok(await t.upload({ realmId, name, type: "text/markdown", content }), "createDocument").id);
    }
    await Promise.all(ids.map((id) => t.gql(PROCESS, { input: { id } })));
    await t.app.services.processor.idle();
    for (const id of ids)
      expect((await t.gql(DOCUMENT, { id })).data.document).toMatchObject({ status: "READY", error: null });
  });

  it("refuses at once to run a stage whose inputs are missing, with a clear error", async () => {
    const created = ok(
      await t.upload({ realmId, name: "fresh.md", type: "text/markdown", content: "# Fresh\n\nText." }),
      "createDocument",
    );
    const result = await t.gql(
      `mutation($id: ID!) { processDocument(input: { id: $id, stages: [INGESTOR] }) { __typename ... on Error { code message path } } }`,
      { id: created.id },
    );
    expect(result.data.processDocument).toMatchObject({
      code: "STAGE_INPUT_MISSING",
      message: expect.stringMatching(
        /ingestor reads the output of chunker and fact-generator.*Add chunker, fact-generator/,
      ),
      path: ["input", "stages"],
    });
    const doc = (await t.gql(DOCUMENT, { id: created.id })).data.document;
    expect(doc.status).toBe("UPLOADED");
    expect(doc.stageRuns).toEqual([]);
  });

  it("lists a realm's documents as a Relay connection with filters", async () => {
    const page = await t.gql(
      `query($r: ID!) { documents(realmId: $r, first: 2) { totalCount edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }`,
      { r: realmId },
    );
    const { totalCount, edges, pageInfo } = page.data!.documents;
    expect(totalCount).toBeGreaterThanOrEqual(4);
    expect(edges).toHaveLength(2);
    expect(pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(
      `query($r: ID!, $a: String) { documents(realmId: $r, first: 100, after: $a) { edges { node { title } } } }`,
      {
        r: realmId,
        a: pageInfo.endCursor,
      },
    );
    const seen = [...edges, ...next.data!.documents.edges].map((e: any) => e.node.title);
    expect(new Set(seen).size).toBe(totalCount);
    const filtered = await t.gql(
      `query($r: ID!) { documents(realmId: $r, first: 10, titlePrefix: "same-") { totalCount } }`,
      { r: realmId },
    );
    expect(filtered.data!.documents.totalCount).toBe(2);
  });

  it("runs the optional markdown-optimizer when asked", async () => {
    const created = ok(
      await t.upload({ realmId, name: "opt.md", type: "text/markdown", content: "# T\n\n\n\n* a\n* b   \n" }),
      "createDocument",
    );
    const doc = await processed(created.id, [
      "MARKDOWN_CONVERSION",
      "MARKDOWN_OPTIMIZER",
      "CHUNKER",
      "FACT_GENERATOR",
      "INGESTOR",
    ]);
    expect(doc.status).toBe("READY");
    expect(doc.stageRuns).toHaveLength(5);
    const optimized = doc.stageFiles.find((f: any) => f.stage === "MARKDOWN_OPTIMIZER");
    expect(optimized.name).toBe("opt.optimized.md");
    expect(optimized.text).toContain("- a");
  });
});
