// Garbage collection of blobs: a Blob row nothing points at is deleted with its file, and files with no
// row (left by a crash between write and insert) are deleted once older than the grace period.
import type { Prisma } from "./db/open.ts";
import type { BlobStore } from "./blobs.ts";
import type { Viewer } from "./access.ts";
import { InvalidInputError } from "./errors.ts";

export interface GcResult {
  blobsDeleted: number;
  bytesFreed: number;
}

/** Extra references beyond stage files and originals (e.g. migration backups) register here. */
export type BlobReferenceQuery = string;

const REFERENCED = [
  `SELECT "sha256" FROM "StageFile"`,
  `SELECT "sha256" FROM "Document"`,
  `SELECT "backupSha256" FROM "MigrationItem" WHERE "backupSha256" IS NOT NULL`,
];

export async function collectBlobGarbage(
  prisma: Prisma,
  blobs: BlobStore,
  options: { graceMs?: number; extraReferences?: BlobReferenceQuery[] } = {},
): Promise<GcResult> {
  const graceMs = options.graceMs ?? 60 * 60 * 1000;
  const cutoff = new Date(Date.now() - graceMs);
  const referenced = [...REFERENCED, ...(options.extraReferences ?? [])].join(" UNION ");
  const unreferenced = await prisma.$queryRawUnsafe<Array<{ sha256: string; size: bigint }>>(
    `DELETE FROM "Blob" WHERE "createdAt" < $1 AND "sha256" NOT IN (${referenced}) RETURNING "sha256", "size"`,
    cutoff,
  );
  let bytesFreed = 0;
  for (const blob of unreferenced) {
    await blobs.delete(blob.sha256);
    bytesFreed += Number(blob.size);
  }
  let blobsDeleted = unreferenced.length;
  for await (const file of blobs.list()) {
    if (file.mtime >= cutoff) continue;
    const row = await prisma.blob.findUnique({ where: { sha256: file.sha256 }, select: { sha256: true } });
    if (row) continue;
    await blobs.delete(file.sha256);
    blobsDeleted++;
    bytesFreed += file.size;
  }
  return { blobsDeleted, bytesFreed };
}

/** collectBlobGarbage for the API: an admin's request, the grace period in seconds (default one hour). */
export class BlobGarbageCollector {
  constructor(
    private readonly prisma: Prisma,
    private readonly blobs: BlobStore,
  ) {}

  async collect(viewer: Viewer, graceSeconds = 3600): Promise<GcResult> {
    viewer.assertAdmin("collect blob garbage");
    if (graceSeconds < 0) throw new InvalidInputError("graceSeconds cannot be negative.", ["graceSeconds"]);
    return collectBlobGarbage(this.prisma, this.blobs, { graceMs: graceSeconds * 1000 });
  }
}
