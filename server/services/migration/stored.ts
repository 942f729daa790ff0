// Reading a stored migration: its resolved request, the ids it derives, and what its kinds work with.
import type { Prisma } from "../db/open.ts";
import type { BlobStore } from "../blobs.ts";
import type { ConnectorRegistry } from "../connectors/registry.ts";
import type { IngestionService } from "../ingestion.ts";
import type { DocumentProcessor } from "../processing.ts";
import type { Migration } from "../../generated/prisma/client.ts";
import { uuidv5 } from "../ids.ts";
import type { ResolvedMigration } from "./types.ts";

/** What kinds work with. */
export interface KindDeps {
  prisma: Prisma;
  blobs: BlobStore;
  connectors: ConnectorRegistry;
  ingestion: IngestionService;
  processor: DocumentProcessor;
}

export function resolvedOf(migration: Migration): ResolvedMigration {
  return {
    type: migration.type,
    sourceRealmId: migration.sourceRealmId,
    targetRealmId: migration.targetRealmId,
    options: migration.options as unknown as ResolvedMigration["options"],
    selection: migration.selection as unknown as ResolvedMigration["selection"],
    scheduledAt: migration.scheduledAt,
  };
}

/** The target document's id: the same on every attempt, so a resumed item finds its earlier work. */
export function targetDocumentIdFor(migrationId: string, sourceDocumentId: string): string {
  return uuidv5(`migration:${migrationId}:${sourceDocumentId}`);
}
