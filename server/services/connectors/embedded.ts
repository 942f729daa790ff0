// EMBEDDED connector: chunks, float32 vectors, entities and relations in the metadata database.
// Entities are shared per (database, realm, key) and deleted only when no document mentions them.
import { uuidv5 } from "../ids.ts";
import type { Prisma } from "../db/open.ts";
import type { Connector, DocumentRecords, DocumentRef, RecordCounts } from "./types.ts";

export class EmbeddedConnector implements Connector {
  readonly kind = "EMBEDDED" as const;

  constructor(
    private readonly prisma: Prisma,
    private readonly databaseId: string,
  ) {}

  async ensureReady(): Promise<void> {
    // Tables come with the metadata schema; nothing to create.
  }

  async ingest(records: DocumentRecords): Promise<RecordCounts> {
    const { databaseId } = this;
    const { documentId, realmId } = records;
    const entityKeys = [...new Set(records.entities.map((e) => e.key))];
    await this.prisma.$transaction(async (tx) => {
      const before = await clearDocument(tx, databaseId, documentId);
      await tx.embeddedChunk.createMany({
        data: records.chunks.map((c) => ({
          // The primary key spans every embedded database, so the database is part of the name.
          id: uuidv5(`${databaseId}:${documentId}:${c.index}`),
          databaseId,
          realmId,
          documentId,
          chunkIndex: c.index,
          title: records.title,
          text: c.text,
          startOffset: c.start,
          endOffset: c.end,
          vector: encodeVector(c.vector),
          entities: c.entities,
        })),
      });
      await tx.embeddedEntity.createMany({
        data: dedupeBy(records.entities, (e) => e.key).map((e) => ({
          databaseId,
          realmId,
          key: e.key,
          name: e.name,
          type: e.type,
        })),
        skipDuplicates: true,
      });
      await tx.embeddedMention.createMany({
        data: entityKeys.map((entityKey) => ({ databaseId, realmId, documentId, entityKey })),
      });
      await tx.embeddedRelation.createMany({
        data: dedupeBy(records.relations, (r) => `${r.source}\u0000${r.type}\u0000${r.target}`).map((r) => ({
          databaseId,
          realmId,
          documentId,
          sourceKey: r.source,
          targetKey: r.target,
          type: r.type,
        })),
      });
      const dropped = before.filter((k) => !entityKeys.includes(k));
      await deleteOrphanEntities(tx, databaseId, realmId, dropped);
    });
    return this.count({ realmId, documentId });
  }

  async remove({ documentId, realmId }: DocumentRef): Promise<void> {
    const { databaseId } = this;
    await this.prisma.$transaction(async (tx) => {
      const mentioned = await clearDocument(tx, databaseId, documentId);
      await deleteOrphanEntities(tx, databaseId, realmId, mentioned);
    });
  }

  async export({ documentId, realmId }: DocumentRef): Promise<DocumentRecords> {
    const { databaseId } = this;
    const [chunks, mentions, relations] = await Promise.all([
      this.prisma.embeddedChunk.findMany({ where: { databaseId, documentId }, orderBy: { chunkIndex: "asc" } }),
      this.prisma.embeddedMention.findMany({ where: { databaseId, documentId }, select: { entityKey: true } }),
      this.prisma.embeddedRelation.findMany({ where: { databaseId, documentId } }),
    ]);
    const entities = await this.prisma.embeddedEntity.findMany({
      where: { databaseId, realmId, key: { in: mentions.map((m) => m.entityKey) } },
      orderBy: { key: "asc" },
    });
    return {
      documentId,
      realmId,
      title: chunks[0]?.title ?? "",
      chunks: chunks.map((c) => ({
        index: c.chunkIndex,
        text: c.text,
        vector: decodeVector(c.vector),
        start: c.startOffset,
        end: c.endOffset,
        entities: c.entities,
      })),
      entities: entities.map((e) => ({ key: e.key, name: e.name, type: e.type })),
      relations: relations.map((r) => ({ source: r.sourceKey, target: r.targetKey, type: r.type })),
    };
  }

  async count({ realmId, documentId }: { realmId: string; documentId?: string }): Promise<RecordCounts> {
    const { databaseId } = this;
    const where = documentId === undefined ? { databaseId, realmId } : { databaseId, realmId, documentId };
    const [points, relationships, nodes] = await Promise.all([
      this.prisma.embeddedChunk.count({ where }),
      this.prisma.embeddedRelation.count({ where }),
      documentId === undefined
        ? this.prisma.embeddedEntity.count({ where: { databaseId, realmId } })
        : this.prisma.embeddedMention.count({ where }),
    ]);
    return { points, nodes, relationships };
  }

  async health(): Promise<{ ok: boolean; message: string }> {
    await this.prisma.embeddedChunk.count({ where: { databaseId: this.databaseId }, take: 1 });
    return { ok: true, message: "embedded store is available" };
  }

  async close(): Promise<void> {}
}

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** Deletes a document's chunks, mentions and relations; returns the entity keys it mentioned. */
async function clearDocument(tx: Tx, databaseId: string, documentId: string): Promise<string[]> {
  const mentions = await tx.embeddedMention.findMany({
    where: { databaseId, documentId },
    select: { entityKey: true },
  });
  await tx.embeddedChunk.deleteMany({ where: { databaseId, documentId } });
  await tx.embeddedMention.deleteMany({ where: { databaseId, documentId } });
  await tx.embeddedRelation.deleteMany({ where: { databaseId, documentId } });
  return mentions.map((m) => m.entityKey);
}

async function deleteOrphanEntities(tx: Tx, databaseId: string, realmId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const stillMentioned = await tx.embeddedMention.findMany({
    where: { databaseId, realmId, entityKey: { in: keys } },
    select: { entityKey: true },
    distinct: ["entityKey"],
  });
  const keep = new Set(stillMentioned.map((m) => m.entityKey));
  const orphans = keys.filter((k) => !keep.has(k));
  if (orphans.length > 0) await tx.embeddedEntity.deleteMany({ where: { databaseId, realmId, key: { in: orphans } } });
}

export function encodeVector(vector: number[]): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString("base64");
}

export function decodeVector(encoded: string): number[] {
  const bytes = Buffer.from(encoded, "base64");
  const aligned = new Uint8Array(bytes); // Buffer.from may share a pool at an unaligned offset
  return Array.from(new Float32Array(aligned.buffer, 0, aligned.byteLength / 4));
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
