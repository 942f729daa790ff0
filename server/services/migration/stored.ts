// Reading a stored migration: its resolved request (JSON columns parsed, never cast), the ids it derives,
// and what its kinds work with.
import type { Prisma } from "../db/open.ts";
import type { BlobStore } from "../blobs.ts";
import type { ConnectorRegistry } from "../connectors/registry.ts";
import type { IngestionService } from "../ingestion.ts";
import type { DocumentProcessor } from "../processing.ts";
import type { Migration } from "../../generated/prisma/client.ts";
import { uuidv5 } from "../ids.ts";
import { parseJsonColumn } from "../json-column.ts";
import { resolvedOptionsSchema, selectionSchema, type ResolvedMigration, type ResolvedOptions } from "./types.ts";

/** What kinds work with. */
export interface KindDeps {
  prisma: Prisma;
  blobs: BlobStore;
  connectors: ConnectorRegistry;
  ingestion: IngestionService;
  processor: DocumentProcessor;
}

/** The migration's stored request; a malformed options or selection column is an IntegrityError. */
export function resolvedOf(migration: Migration): ResolvedMigration {
  return {
    type: migration.type,
    sourceRealmId: migration.sourceRealmId,
    targetRealmId: migration.targetRealmId,
    options: optionsOf(migration),
    selection: parseJsonColumn(selectionSchema, migration.selection, "Migration.selection", migration.id),
    scheduledAt: migration.scheduledAt,
  };
}

/** Migration.options, parsed. */
export function optionsOf(migration: Pick<Migration, "id" | "options">): ResolvedOptions {
  return parseJsonColumn(resolvedOptionsSchema, migration.options, "Migration.options", migration.id);
}

/** The target document's id: the same on every attempt, so a resumed item finds its earlier work. */
export function targetDocumentIdFor(migrationId: string, sourceDocumentId: string): string {
  return uuidv5(`migration:${migrationId}:${sourceDocumentId}`);
}
