-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "DatabaseKind" AS ENUM ('EMBEDDED', 'QDRANT', 'NEO4J');

-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('UPLOADED', 'PROCESSING', 'READY', 'FAILED', 'RETIRED', 'MIGRATING');

-- CreateEnum
CREATE TYPE "StageRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "IngestionStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'REMOVED');

-- CreateEnum
CREATE TYPE "RealmRole" AS ENUM ('VIEWER', 'EDITOR');

-- CreateEnum
CREATE TYPE "MigrationType" AS ENUM ('DOCUMENT_TO_REALM', 'REALM_DATABASE_ADDITION', 'CROSS_DATABASE');

-- CreateEnum
CREATE TYPE "MigrationMode" AS ENUM ('COPY', 'MOVE');

-- CreateEnum
CREATE TYPE "MigrationStatus" AS ENUM ('PENDING', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLING', 'CANCELLED', 'ROLLING_BACK', 'ROLLED_BACK');

-- CreateEnum
CREATE TYPE "MigrationItemStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED');

-- CreateTable
CREATE TABLE "Realm" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Realm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Database" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DatabaseKind" NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Database_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RealmDatabase" (
    "realmId" UUID NOT NULL,
    "databaseId" UUID NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RealmDatabase_pkey" PRIMARY KEY ("realmId","databaseId")
);

-- CreateTable
CREATE TABLE "Blob" (
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Blob_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "realmId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "status" "DocumentStatus" NOT NULL DEFAULT 'UPLOADED',
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "originDocumentId" UUID,
    "migrationId" UUID,
    "error" TEXT,
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageRun" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "status" "StageRunStatus" NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "migrationId" UUID,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "StageRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageFile" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "copiedFromId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StageFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ingestion" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "databaseId" UUID NOT NULL,
    "status" "IngestionStatus" NOT NULL DEFAULT 'PENDING',
    "points" INTEGER NOT NULL DEFAULT 0,
    "nodes" INTEGER NOT NULL DEFAULT 0,
    "relationships" INTEGER NOT NULL DEFAULT 0,
    "contentHash" TEXT,
    "migrationId" UUID,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ingestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmbeddedChunk" (
    "id" UUID NOT NULL,
    "databaseId" UUID NOT NULL,
    "realmId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "chunkIndex" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "startOffset" INTEGER NOT NULL,
    "endOffset" INTEGER NOT NULL,
    "vector" TEXT NOT NULL,
    "entities" TEXT[],

    CONSTRAINT "EmbeddedChunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmbeddedEntity" (
    "databaseId" UUID NOT NULL,
    "realmId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,

    CONSTRAINT "EmbeddedEntity_pkey" PRIMARY KEY ("databaseId","realmId","key")
);

-- CreateTable
CREATE TABLE "EmbeddedMention" (
    "databaseId" UUID NOT NULL,
    "realmId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "entityKey" TEXT NOT NULL,

    CONSTRAINT "EmbeddedMention_pkey" PRIMARY KEY ("databaseId","documentId","entityKey")
);

-- CreateTable
CREATE TABLE "EmbeddedRelation" (
    "databaseId" UUID NOT NULL,
    "realmId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,

    CONSTRAINT "EmbeddedRelation_pkey" PRIMARY KEY ("databaseId","documentId","sourceKey","type","targetKey")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "admin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiTokenRole" (
    "tokenId" UUID NOT NULL,
    "realmId" UUID NOT NULL,
    "role" "RealmRole" NOT NULL,

    CONSTRAINT "ApiTokenRole_pkey" PRIMARY KEY ("tokenId","realmId")
);

-- CreateTable
CREATE TABLE "Migration" (
    "id" UUID NOT NULL,
    "type" "MigrationType" NOT NULL,
    "status" "MigrationStatus" NOT NULL DEFAULT 'PENDING',
    "mode" "MigrationMode" NOT NULL DEFAULT 'COPY',
    "sourceRealmId" UUID NOT NULL,
    "targetRealmId" UUID NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "selection" JSONB NOT NULL DEFAULT '{}',
    "totalDocuments" INTEGER NOT NULL DEFAULT 0,
    "processedDocuments" INTEGER NOT NULL DEFAULT 0,
    "failedDocuments" INTEGER NOT NULL DEFAULT 0,
    "skippedDocuments" INTEGER NOT NULL DEFAULT 0,
    "cancelledDocuments" INTEGER NOT NULL DEFAULT 0,
    "lastSequence" INTEGER NOT NULL DEFAULT 0,
    "createdByTokenId" UUID,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "scheduledAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Migration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationItem" (
    "id" UUID NOT NULL,
    "migrationId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "sourceDocumentId" UUID NOT NULL,
    "targetDocumentId" UUID,
    "status" "MigrationItemStatus" NOT NULL DEFAULT 'PENDING',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "action" TEXT NOT NULL DEFAULT 'CREATE',
    "targetTitle" TEXT,
    "errorStage" TEXT,
    "error" TEXT,
    "errorAt" TIMESTAMP(3),
    "verification" JSONB,
    "migratedStages" TEXT[],
    "backupSha256" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "processedBy" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MigrationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationEvent" (
    "id" UUID NOT NULL,
    "migrationId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MigrationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Realm_name_key" ON "Realm"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Database_name_key" ON "Database"("name");

-- CreateIndex
CREATE INDEX "RealmDatabase_databaseId_idx" ON "RealmDatabase"("databaseId");

-- CreateIndex
CREATE INDEX "Document_realmId_createdAt_idx" ON "Document"("realmId", "createdAt");

-- CreateIndex
CREATE INDEX "Document_originDocumentId_idx" ON "Document"("originDocumentId");

-- CreateIndex
CREATE INDEX "StageRun_documentId_startedAt_idx" ON "StageRun"("documentId", "startedAt");

-- CreateIndex
CREATE INDEX "StageFile_sha256_idx" ON "StageFile"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "StageFile_documentId_stage_key" ON "StageFile"("documentId", "stage");

-- CreateIndex
CREATE INDEX "Ingestion_databaseId_idx" ON "Ingestion"("databaseId");

-- CreateIndex
CREATE UNIQUE INDEX "Ingestion_documentId_databaseId_key" ON "Ingestion"("documentId", "databaseId");

-- CreateIndex
CREATE INDEX "EmbeddedChunk_databaseId_realmId_idx" ON "EmbeddedChunk"("databaseId", "realmId");

-- CreateIndex
CREATE UNIQUE INDEX "EmbeddedChunk_databaseId_documentId_chunkIndex_key" ON "EmbeddedChunk"("databaseId", "documentId", "chunkIndex");

-- CreateIndex
CREATE INDEX "EmbeddedMention_databaseId_realmId_entityKey_idx" ON "EmbeddedMention"("databaseId", "realmId", "entityKey");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiTokenRole_realmId_idx" ON "ApiTokenRole"("realmId");

-- CreateIndex
CREATE INDEX "Migration_sourceRealmId_createdAt_idx" ON "Migration"("sourceRealmId", "createdAt");

-- CreateIndex
CREATE INDEX "Migration_targetRealmId_createdAt_idx" ON "Migration"("targetRealmId", "createdAt");

-- CreateIndex
CREATE INDEX "Migration_status_scheduledAt_idx" ON "Migration"("status", "scheduledAt");

-- CreateIndex
CREATE INDEX "MigrationItem_migrationId_status_idx" ON "MigrationItem"("migrationId", "status");

-- CreateIndex
CREATE INDEX "MigrationItem_sourceDocumentId_idx" ON "MigrationItem"("sourceDocumentId");

-- CreateIndex
CREATE UNIQUE INDEX "MigrationItem_migrationId_ordinal_key" ON "MigrationItem"("migrationId", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "MigrationEvent_migrationId_sequence_key" ON "MigrationEvent"("migrationId", "sequence");

-- AddForeignKey
ALTER TABLE "RealmDatabase" ADD CONSTRAINT "RealmDatabase_realmId_fkey" FOREIGN KEY ("realmId") REFERENCES "Realm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RealmDatabase" ADD CONSTRAINT "RealmDatabase_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Database"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_realmId_fkey" FOREIGN KEY ("realmId") REFERENCES "Realm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageRun" ADD CONSTRAINT "StageRun_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageFile" ADD CONSTRAINT "StageFile_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageFile" ADD CONSTRAINT "StageFile_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ingestion" ADD CONSTRAINT "Ingestion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ingestion" ADD CONSTRAINT "Ingestion_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Database"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiTokenRole" ADD CONSTRAINT "ApiTokenRole_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiTokenRole" ADD CONSTRAINT "ApiTokenRole_realmId_fkey" FOREIGN KEY ("realmId") REFERENCES "Realm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MigrationItem" ADD CONSTRAINT "MigrationItem_migrationId_fkey" FOREIGN KEY ("migrationId") REFERENCES "Migration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MigrationEvent" ADD CONSTRAINT "MigrationEvent_migrationId_fkey" FOREIGN KEY ("migrationId") REFERENCES "Migration"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Titles are unique among a realm's active documents; retired (moved-away) documents keep theirs.
-- Prisma cannot express a partial index: strip a DROP of this index from future generated diffs.
CREATE UNIQUE INDEX "Document_realmId_title_active_key" ON "Document"("realmId", "title") WHERE "retiredAt" IS NULL;
