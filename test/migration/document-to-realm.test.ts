// DOCUMENT_TO_REALM end to end on the embedded store: COPY leaves the source untouched, MOVE retires it
// only after the target verified; stage files are shared blobs; ingestion counts match the source.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { dialects } from "../helpers/services.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  expectCountsConsistent,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";

describe.each(dialects())("DOCUMENT_TO_REALM on %s", (dialect) => {
  let t: TestApp;
  let source: string;
  let target: string;
  let docs: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    source = await createRealm(t, "source");
    target = await createRealm(t, "target");
    await createEmbeddedDatabase(t, "source-store", source);
    await createEmbeddedDatabase(t, "target-store", target);
    docs = await processedDocuments(t, source, 4);
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;

  it("COPY creates verified copies and leaves the source untouched", async () => {
    const before = await prisma().embeddedChunk.count({ where: { realmId: rawId(source) } });
    const created = await t.gql(CREATE_MIGRATION, {
      input: { type: "DOCUMENT_TO_REALM", sourceRealmId: source, targetRealmId: target, documentIds: docs.slice(0, 2) },
    });
    const { id } = created.data.createMigration.data;
    const m = await waitForMigration(t, id);
    expect(m).toMatchObject({
      status: "COMPLETED",
      mode: "COPY",
      totalDocuments: 2,
      processedDocuments: 2,
      failedDocuments: 0,
      progress: 1,
    });
    await expectCountsConsistent(t, id);

    for (const { node: item } of m.items.edges) {
      expect(item.status).toBe("COMPLETED");
      expect(item.migratedStages).toEqual(["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"]);
      expect(item.verification.ok).toBe(true);
      const copied = item.verification.stageFiles.filter((f: any) => f.copied);
      expect(copied.map((f: any) => f.stage).sort()).toEqual(["CHUNKER", "FACT_GENERATOR", "MARKDOWN_CONVERSION"]);
      for (const f of copied) expect(f.targetSha256).toBe(f.sourceSha256);

      const src = await prisma().document.findUniqueOrThrow({
        where: { id: rawId(item.sourceDocumentId) },
        include: { ingestions: true, stageFiles: true },
      });
      const dst = await prisma().document.findUniqueOrThrow({
        where: { id: rawId(item.targetDocumentId) },
        include: { ingestions: true, stageFiles: true },
      });
      expect(dst).toMatchObject({
        realmId: rawId(target),
        title: src.title,
        status: "READY",
        originDocumentId: src.id,
        migrationId: rawId(id),
        sha256: src.sha256,
      });
      expect(src.status).toBe("READY");
      expect(src.retiredAt).toBeNull();
      // Same blobs, new records.
      for (const stage of ["markdown-conversion", "chunker", "fact-generator"]) {
        const s = src.stageFiles.find((f) => f.stage === stage)!;
        const d = dst.stageFiles.find((f) => f.stage === stage)!;
        expect(d.sha256).toBe(s.sha256);
        expect(d.id).not.toBe(s.id);
        expect(d.copiedFromId).toBe(s.id);
      }
      expect(dst.ingestions).toHaveLength(1);
      expect(dst.ingestions[0]).toMatchObject({
        status: "SUCCEEDED",
        points: src.ingestions[0]!.points,
        nodes: src.ingestions[0]!.nodes,
        relationships: src.ingestions[0]!.relationships,
      });
      expect(dst.ingestions[0]!.contentHash).toBe(src.ingestions[0]!.contentHash);
    }
    expect(await prisma().embeddedChunk.count({ where: { realmId: rawId(source) } })).toBe(before);
  });

  it("MOVE retires the source and removes its records only after the target verified", async () => {
    const moving = docs.slice(2, 4).map(rawId);
    const sourcePoints = await prisma().embeddedChunk.count({ where: { documentId: { in: moving } } });
    expect(sourcePoints).toBeGreaterThan(0);
    const created = await t.gql(CREATE_MIGRATION, {
      input: {
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: source,
        targetRealmId: target,
        documentIds: docs.slice(2, 4),
        options: { migrationMode: "MOVE" },
      },
    });
    const m = await waitForMigration(t, created.data.createMigration.data.id);
    expect(m).toMatchObject({ status: "COMPLETED", mode: "MOVE", processedDocuments: 2 });
    await expectCountsConsistent(t, m.id);

    expect(await prisma().embeddedChunk.count({ where: { documentId: { in: moving } } })).toBe(0);
    for (const id of moving) {
      const src = await prisma().document.findUniqueOrThrow({ where: { id }, include: { ingestions: true } });
      expect(src.status).toBe("RETIRED");
      expect(src.retiredAt).not.toBeNull();
      expect(src.ingestions.every((i) => i.status === "REMOVED" && i.points === 0)).toBe(true);
    }
    const targets = m.items.edges.map((e: any) => rawId(e.node.targetDocumentId));
    expect(await prisma().embeddedChunk.count({ where: { documentId: { in: targets } } })).toBe(sourcePoints);
    // Retired documents are hidden from the source realm's listing.
    const listing = await t.gql(`query($r: ID!) { documents(realmId: $r, first: 10) { totalCount } }`, { r: source });
    expect(listing.data.documents.totalCount).toBe(2);
  });

  it("re-runs upstream stages whose inputs were not copied", async () => {
    const [doc] = await processedDocuments(t, source, 1, "fresh");
    const created = await t.gql(CREATE_MIGRATION, {
      input: {
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: source,
        targetRealmId: target,
        documentIds: [doc],
        options: { copyStageFiles: false },
      },
    });
    const m = await waitForMigration(t, created.data.createMigration.data.id);
    expect(m.status).toBe("COMPLETED");
    const item = m.items.edges[0].node;
    expect(item.migratedStages).toEqual(["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"]);
    expect(item.verification.stageFiles.every((f: any) => !f.copied)).toBe(true);
    // Deterministic stages reproduce the same files.
    expect(item.verification.stageFiles.find((f: any) => f.stage === "CHUNKER").equal).toBe(true);
  });

  it("applies the conflict policy: SKIP and RENAME", async () => {
    const [doc] = await processedDocuments(t, source, 1, "twice");
    const copy = (policy: string) =>
      t.gql(CREATE_MIGRATION, {
        input: {
          type: "DOCUMENT_TO_REALM",
          sourceRealmId: source,
          targetRealmId: target,
          documentIds: [doc],
          options: { conflictPolicy: policy },
        },
      });
    expect((await waitForMigration(t, (await copy("FAIL")).data.createMigration.data.id)).status).toBe("COMPLETED");

    const refused = await copy("FAIL");
    expect(refused.data.createMigration).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/"twice-0.md".*conflictPolicy/),
    });

    const skipped = await waitForMigration(t, (await copy("SKIP")).data.createMigration.data.id);
    expect(skipped).toMatchObject({ status: "COMPLETED", processedDocuments: 1, skippedDocuments: 1 });
    expect(skipped.items.edges[0].node).toMatchObject({ status: "SKIPPED", targetDocumentId: null });

    const renamed = await waitForMigration(t, (await copy("RENAME")).data.createMigration.data.id);
    expect(renamed.items.edges[0].node).toMatchObject({ status: "COMPLETED", targetTitle: "twice-0.md (2)" });
    const titles = (
      await prisma().document.findMany({ where: { realmId: rawId(target), title: { startsWith: "twice-0.md" } } })
    )
      .map((d) => d.title)
      .sort();
    expect(titles).toEqual(["twice-0.md", "twice-0.md (2)"]);
  });
  it("reprocessStages: [] runs no stage on the target and copies the stage files", async () => {
    const [doc] = await processedDocuments(t, source, 1, "no-rerun");
    const bare = await createRealm(t, "no-rerun-target");
    const store = await createEmbeddedDatabase(t, "no-rerun-store", bare);
    const created = await t.gql(CREATE_MIGRATION, {
      input: {
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: source,
        targetRealmId: bare,
        documentIds: [doc],
        options: { reprocessStages: [] },
      },
    });
    expect(created.errors).toBeUndefined();
    const m = await waitForMigration(t, created.data.createMigration.data.id);
    expect(m).toMatchObject({ status: "COMPLETED", processedDocuments: 1, failedDocuments: 0 });
    const item = m.items.edges[0].node;
    // Every stage file is copied, the ingestor's report included; none is written anew.
    expect(item.migratedStages).toEqual(["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"]);
    expect(item.verification.ingestions).toEqual([]);

    const src = await prisma().document.findUniqueOrThrow({
      where: { id: rawId(doc!) },
      include: { stageFiles: true },
    });
    const dst = await prisma().document.findUniqueOrThrow({
      where: { id: rawId(item.targetDocumentId) },
      include: { stageFiles: true, ingestions: true, stageRuns: true },
    });
    expect(dst.status).toBe("READY");
    expect(dst.stageRuns).toEqual([]);
    expect(dst.ingestions).toEqual([]);
    expect(await prisma().embeddedChunk.count({ where: { realmId: rawId(bare) } })).toBe(0);
    expect(await prisma().ingestion.count({ where: { databaseId: rawId(store) } })).toBe(0);
    expect(dst.stageFiles.map((f) => [f.stage, f.sha256, f.copiedFromId]).sort()).toEqual(
      src.stageFiles.map((f) => [f.stage, f.sha256, f.id]).sort(),
    );
  });
});
