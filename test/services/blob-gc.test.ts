// collectBlobGarbage against a real metadata database and a real blob directory: what is referenced
// or young survives; unreferenced rows and row-less files past the grace period go, with their files.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BlobStore } from "../../server/services/blobs.ts";
import { collectBlobGarbage } from "../../server/services/blob-gc.ts";
import type { Prisma } from "../../server/services/db/open.ts";
import { dialects } from "../helpers/services.ts";
import { openTestDb, type TestDb } from "./metadata-db.ts";

const HOUR = 60 * 60 * 1000;

describe.each(dialects())("collectBlobGarbage (%s)", (dialect) => {
  let testDb: TestDb;
  let prisma: Prisma;
  let store: BlobStore;
  let root: string;

  beforeAll(async () => {
    testDb = await openTestDb(dialect);
    prisma = testDb.db.prisma;
  });

  afterAll(async () => {
    await testDb?.close();
  });

  beforeEach(async () => {
    await prisma.stageFile.deleteMany();
    await prisma.document.deleteMany();
    await prisma.realm.deleteMany();
    await prisma.blob.deleteMany();
    if (root) await fs.rm(root, { recursive: true, force: true });
    root = await fs.mkdtemp(path.join(os.tmpdir(), "blob-gc-test-"));
    store = new BlobStore(root);
  });

  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  /** Stores `content`, ages its file by `fileAgeMs`, and (unless rowAgeMs is null) inserts a Blob row that old. */
  async function blob(content: string, options: { fileAgeMs: number; rowAgeMs: number | null }) {
    const stored = await store.put(content);
    const mtime = new Date(Date.now() - options.fileAgeMs);
    await fs.utimes(store.pathOf(stored.sha256), mtime, mtime);
    if (options.rowAgeMs !== null) {
      await prisma.blob.create({
        data: { sha256: stored.sha256, size: BigInt(stored.size), createdAt: new Date(Date.now() - options.rowAgeMs) },
      });
    }
    return stored;
  }

  const old = { fileAgeMs: 2 * HOUR, rowAgeMs: 2 * HOUR };

  async function document(original: { sha256: string; size: number }) {
    const realm = await prisma.realm.create({ data: { name: `realm-${crypto.randomUUID()}` } });
    return prisma.document.create({
      data: {
        realmId: realm.id,
        title: `doc-${crypto.randomUUID()}`,
        fileName: "doc.md",
        contentType: "text/markdown",
        sha256: original.sha256,
        size: BigInt(original.size),
      },
    });
  }

  it("keeps a blob that is a document's original", async () => {
    const original = await blob("original bytes", old);
    await document(original);

    const result = await collectBlobGarbage(prisma, store, { graceMs: 0 });

    expect(result).toEqual({ blobsDeleted: 0, bytesFreed: 0 });
    expect(await prisma.blob.findUnique({ where: { sha256: original.sha256 } })).not.toBeNull();
    expect(await store.readText(original.sha256)).toBe("original bytes");
  });

  it("keeps a blob that a stage file points at", async () => {
    const original = await blob("the original", old);
    const markdown = await blob("# converted markdown", old);
    const doc = await document(original);
    await prisma.stageFile.create({
      data: {
        documentId: doc.id,
        stage: "markdown-conversion",
        name: "doc.md",
        contentType: "text/markdown",
        sha256: markdown.sha256,
        size: BigInt(markdown.size),
      },
    });

    const result = await collectBlobGarbage(prisma, store, { graceMs: 0 });

    expect(result).toEqual({ blobsDeleted: 0, bytesFreed: 0 });
    expect(await prisma.blob.count()).toBe(2);
    expect(await store.readText(markdown.sha256)).toBe("# converted markdown");
    expect(await store.has(original.sha256)).toBe(true);
  });

  it("deletes an unreferenced Blob row past the grace period with its file, counting its bytes", async () => {
    const kept = await blob("kept original", old);
    await document(kept);
    const garbage = await blob("nobody points at this any more", old);

    const result = await collectBlobGarbage(prisma, store, { graceMs: 0 });

    expect(result).toEqual({ blobsDeleted: 1, bytesFreed: garbage.size });
    expect(await prisma.blob.findUnique({ where: { sha256: garbage.sha256 } })).toBeNull();
    expect(await store.has(garbage.sha256)).toBe(false);
    expect(await store.has(kept.sha256)).toBe(true);
  });

  it("deletes a file with no Blob row once it is older than the grace period", async () => {
    const stray = await blob("left behind by a crash between write and insert", {
      fileAgeMs: 2 * HOUR,
      rowAgeMs: null,
    });

    const result = await collectBlobGarbage(prisma, store, { graceMs: HOUR });

    expect(result.blobsDeleted).toBe(1);
    expect(await store.has(stray.sha256)).toBe(false);
  });

  it("keeps rows and files younger than the grace period and deletes the older ones", async () => {
    const oldRow = await blob("old unreferenced row", { fileAgeMs: 2 * HOUR, rowAgeMs: 2 * HOUR });
    const youngRow = await blob("young unreferenced row", { fileAgeMs: 2 * HOUR, rowAgeMs: 60_000 });
    const oldFile = await blob("old stray file", { fileAgeMs: 2 * HOUR, rowAgeMs: null });
    const youngFile = await blob("young stray file, an upload in flight", { fileAgeMs: 60_000, rowAgeMs: null });

    const result = await collectBlobGarbage(prisma, store, { graceMs: HOUR });

    expect(result).toEqual({ blobsDeleted: 2, bytesFreed: oldRow.size + oldFile.size });
    expect(await store.has(oldRow.sha256)).toBe(false);
    expect(await store.has(oldFile.sha256)).toBe(false);
    expect(await store.has(youngRow.sha256)).toBe(true);
    expect(await store.has(youngFile.sha256)).toBe(true);
    expect((await prisma.blob.findMany({ select: { sha256: true } })).map((b) => b.sha256)).toEqual([youngRow.sha256]);

    // With a large grace period nothing at all is old enough.
    const second = await collectBlobGarbage(prisma, store, { graceMs: 24 * HOUR });
    expect(second).toEqual({ blobsDeleted: 0, bytesFreed: 0 });
    // With no grace period the young ones go too.
    const third = await collectBlobGarbage(prisma, store, { graceMs: 0 });
    expect(third).toEqual({ blobsDeleted: 2, bytesFreed: youngRow.size + youngFile.size });
    expect(await prisma.blob.count()).toBe(0);
    expect(await store.has(youngFile.sha256)).toBe(false);
  });

  it("uses a one-hour grace period by default", async () => {
    const young = await blob("uploaded a minute ago", { fileAgeMs: 60_000, rowAgeMs: 60_000 });
    const stray = await blob("stray, a minute old", { fileAgeMs: 60_000, rowAgeMs: null });
    const older = await blob("unreferenced for two hours", old);

    const result = await collectBlobGarbage(prisma, store);

    expect(result).toEqual({ blobsDeleted: 1, bytesFreed: older.size });
    expect(await store.has(young.sha256)).toBe(true);
    expect(await store.has(stray.sha256)).toBe(true);
    expect(await store.has(older.sha256)).toBe(false);
  });

  it("keeps blobs named by an extra reference query", async () => {
    const backup = await blob("migration backup", old);
    const garbage = await blob("garbage", old);

    const result = await collectBlobGarbage(prisma, store, {
      graceMs: 0,
      extraReferences: [`SELECT '${backup.sha256}'::text AS "sha256"`],
    });

    expect(result).toEqual({ blobsDeleted: 1, bytesFreed: garbage.size });
    expect(await store.has(backup.sha256)).toBe(true);
    expect(await prisma.blob.findUnique({ where: { sha256: backup.sha256 } })).not.toBeNull();
  });
});
