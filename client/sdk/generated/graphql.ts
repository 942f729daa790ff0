/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AddDatabaseToRealmInput = {
  /** Also ingest the realm's existing documents into it (a REALM_DATABASE_ADDITION migration). */
  backfill?: boolean | null | undefined;
  /** Database to attach. */
  databaseId: string | number;
  /** Realm to attach to. */
  realmId: string | number;
};

/** What to do when the target realm already has a document with the same title. */
export type ConflictPolicy =
  /** Refuse the migration (default). */
  | 'FAIL'
  /** Give the copy a free title: "Title (2)", "Title (3)", … */
  | 'RENAME'
  /** Leave that document out. */
  | 'SKIP';

/** Settings by kind — EMBEDDED: none; QDRANT: url, collection, vectorSize?, apiKey?; NEO4J: uri, databaseName?, username?, password?. */
export type CreateDatabaseInput = {
  /** QDRANT: api key. Write-only: stored encrypted, never returned. */
  apiKey?: string | null | undefined;
  /** QDRANT: collection name (created when missing). */
  collection?: string | null | undefined;
  /** NEO4J: database name (default neo4j). */
  databaseName?: string | null | undefined;
  /** Kind of target. */
  kind: DatabaseKind;
  /** Unique name: letters, digits, . _ - */
  name: string;
  /** NEO4J: password. Write-only: stored encrypted, never returned. */
  password?: string | null | undefined;
  /** NEO4J: bolt:// or neo4j:// uri. */
  uri?: string | null | undefined;
  /** QDRANT: REST url, e.g. http://localhost:6333. */
  url?: string | null | undefined;
  /** NEO4J: user name. */
  username?: string | null | undefined;
  /** QDRANT: vector dimension; defaults to the server's EMBEDDING_DIMENSION. */
  vectorSize?: number | null | undefined;
};

export type CreateDocumentInput = {
  /** The file: text/plain, text/markdown or text/html. */
  file: File;
  /** Realm to add the document to. */
  realmId: string | number;
  /** Title, unique in the realm; defaults to the file name. */
  title?: string | null | undefined;
};

export type CreateRealmInput = {
  /** Free text, up to 2000 characters. */
  description?: string | null | undefined;
  /** Unique name: letters, digits, spaces, . _ - */
  name: string;
};

/** Kind of ingestion target. */
export type DatabaseKind =
  /** Chunks, vectors and the graph kept in the metadata database. */
  | 'EMBEDDED'
  /** A Neo4j database. */
  | 'NEO4J'
  /** A Qdrant collection. */
  | 'QDRANT';

/** Selects documents of the source realm; {} selects all. */
export type DocumentSelectionFilter = {
  /** Only documents in this state. */
  status?: DocumentStatus | null | undefined;
  /** Only titles starting with this. */
  titlePrefix?: string | null | undefined;
};

/** Lifecycle of a document. */
export type DocumentStatus =
  /** A stage failed; see `error` and the stage runs. */
  | 'FAILED'
  /** Being created by a migration; hidden until it is verified. */
  | 'MIGRATING'
  /** Stages are running. */
  | 'PROCESSING'
  /** Every requested stage succeeded. */
  | 'READY'
  /** Moved away by a migration; kept hidden and restorable. */
  | 'RETIRED'
  /** Stored, not processed yet. */
  | 'UPLOADED';

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'CONFLICT'
  | 'CONNECTOR_ERROR'
  | 'DATABASE_UNREACHABLE'
  | 'FORBIDDEN'
  | 'INTEGRITY_ERROR'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'STAGE_INPUT_MISSING'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'UNSUPPORTED_CONTENT_TYPE';

/** State of a document's records in one database. */
export type IngestionStatus =
  | 'FAILED'
  | 'PENDING'
  | 'REMOVED'
  | 'SUCCEEDED';

/** What a migration event records (webhook payloads name the same events dotted, e.g. item.completed). */
export type MigrationEventType =
  /** Failed items were queued again (retryFailedItems). */
  | 'ITEMS_REQUEUED'
  /** An item was cancelled. */
  | 'ITEM_CANCELLED'
  /** An item completed. */
  | 'ITEM_COMPLETED'
  /** An item failed for good (after its retries). */
  | 'ITEM_FAILED'
  /** An in-flight item was released by a process shutting down; any process takes it now. */
  | 'ITEM_RELEASED'
  /** An item started again where an earlier attempt left off. */
  | 'ITEM_RESUMED'
  /** An item's attempt failed; it is retried later. */
  | 'ITEM_RETRYING'
  /** Undoing an item failed for good. */
  | 'ITEM_ROLLBACK_FAILED'
  /** Undoing an item failed; it is tried again later. */
  | 'ITEM_ROLLBACK_RETRYING'
  /** An item was undone by a rollback. */
  | 'ITEM_ROLLED_BACK'
  /** An item was skipped (conflict policy SKIP). */
  | 'ITEM_SKIPPED'
  /** An item started. */
  | 'ITEM_STARTED'
  /** It was cancelled. */
  | 'MIGRATION_CANCELLED'
  /** Cancellation was asked for; running items finish or stop. */
  | 'MIGRATION_CANCELLING'
  /** Every item completed or was skipped. */
  | 'MIGRATION_COMPLETED'
  /** The migration was created (PENDING, or SCHEDULED for later). */
  | 'MIGRATION_CREATED'
  /** It ended with failed items. */
  | 'MIGRATION_FAILED'
  /** Its start time was changed before it started. */
  | 'MIGRATION_RESCHEDULED'
  /** Its rollback ended with items it could not undo. */
  | 'MIGRATION_ROLLBACK_FAILED'
  /** Its rollback finished. */
  | 'MIGRATION_ROLLED_BACK'
  /** A rollback started. */
  | 'MIGRATION_ROLLING_BACK'
  /** The runner started it. */
  | 'MIGRATION_STARTED'
  /** Retrieval parity was checked once the items were done (recall@k of sampled chunks, source vs target); it comes right before the migration's end event. */
  | 'RETRIEVAL_VERIFIED';

export type MigrationInput = {
  /** Explicit documents (up to 10,000); or use filter. */
  documentIds?: Array<string | number> | null | undefined;
  /** Documents by filter ({} = all). */
  filter?: DocumentSelectionFilter | null | undefined;
  /** Options. */
  options?: MigrationOptionsInput | null | undefined;
  /** Start at this time instead of now. */
  scheduledAt?: string | null | undefined;
  /** Realm the documents are in. */
  sourceRealmId: string | number;
  /** Target realm (defaults to the source realm). */
  targetRealmId?: string | number | null | undefined;
  /** Kind. */
  type: MigrationType;
};

/** Lifecycle of one document in a migration. */
export type MigrationItemStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'PENDING'
  | 'SKIPPED';

/** COPY keeps the source documents; MOVE retires them after the copies verified. */
export type MigrationMode =
  | 'COPY'
  | 'MOVE';

export type MigrationOptionsInput = {
  /** Title conflicts (default FAIL). */
  conflictPolicy?: ConflictPolicy | null | undefined;
  /** Copy stage files (default true). */
  copyStageFiles?: boolean | null | undefined;
  /** COPY (default) or MOVE. */
  migrationMode?: MigrationMode | null | undefined;
  /** Keep the source documents (default: true for COPY; must not be true for MOVE). */
  preserveOriginal?: boolean | null | undefined;
  /** CROSS_DATABASE: remove records from the source after verification. */
  removeFromSource?: boolean | null | undefined;
  /** Stages to re-run on the target (default [INGESTOR]). */
  reprocessStages?: Array<Stage> | null | undefined;
  /** Retrieval-parity verification settings. */
  retrievalParity?: RetrievalParityInput | null | undefined;
  /** CROSS_DATABASE: database to read from. */
  sourceDatabaseId?: string | number | null | undefined;
  /** Databases to write to (default: all of the target realm's). */
  targetDatabases?: Array<string | number> | null | undefined;
};

/** Lifecycle of a migration. */
export type MigrationStatus =
  | 'CANCELLED'
  | 'CANCELLING'
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'PENDING'
  | 'ROLLED_BACK'
  | 'ROLLING_BACK'
  | 'SCHEDULED';

/** What a migration does. */
export type MigrationType =
  /** Move a realm's records from one database to others (e.g. EMBEDDED → Qdrant). */
  | 'CROSS_DATABASE'
  /** Copy or move documents to another realm and ingest them into its databases. */
  | 'DOCUMENT_TO_REALM'
  /** Ingest a realm's documents into a database newly attached to it. */
  | 'REALM_DATABASE_ADDITION';

/** What a plan warns about. */
export type PlanWarningCode =
  /** A target (or the source) database does not answer its health check. */
  | 'DATABASE_UNREACHABLE'
  /** The target realm has no database: documents would be ingested nowhere. */
  | 'NO_TARGET_DATABASE';

/** What a migration will do with one document. */
export type PlannedAction =
  | 'CONFLICT'
  | 'CREATE'
  | 'RENAME'
  | 'SKIP';

export type ProcessDocumentInput = {
  /** Document id. */
  id: string | number;
  /** Stages to run (default: the whole pipeline). Each needs its inputs to exist. */
  stages?: Array<Stage> | null | undefined;
};

export type RemoveDatabaseFromRealmInput = {
  /** Database to detach. */
  databaseId: string | number;
  /** Realm to detach from. */
  realmId: string | number;
  /** Also delete the realm's records from the database (it must answer; if not, nothing changes). Default false: they stay there, untracked. */
  removeRecords?: boolean | null | undefined;
};

/** Retrieval-parity verification once the migration's items are done. */
export type RetrievalParityInput = {
  /** Run the check (default true). */
  enabled?: boolean | null | undefined;
  /** Hits compared per query, 1 to 100 (default 10). */
  k?: number | null | undefined;
  /** Below the threshold (default WARN). */
  onBelow?: RetrievalParityOutcome | null | undefined;
  /** Chunks sampled as queries, 1 to 1000 (default 50; all chunks when fewer). */
  sample?: number | null | undefined;
  /** Lowest acceptable mean recall@k, 0 to 1 (default 1: both sides are searched exactly). */
  threshold?: number | null | undefined;
};

/** What a migration below the retrieval-parity threshold becomes. */
export type RetrievalParityOutcome =
  /** FAILED (as does a check that could not run). */
  | 'FAIL'
  /** COMPLETED, with the verification below threshold as a warning (default). */
  | 'WARN';

/** How the retrieval-parity check ended. */
export type RetrievalParityStatus =
  /** Recall@k is below the threshold: the targets do not return what the source does. */
  | 'BELOW_THRESHOLD'
  /** The check could not run; `message` says why. */
  | 'ERROR'
  /** Recall@k is at or above the threshold. */
  | 'PASSED'
  /** Nothing to compare (a MOVE or removeFromSource removed the source's records, or no document is ingested on both sides). */
  | 'SKIPPED';

/** Where an item stands in its migration's rollback. */
export type RollbackStatus =
  | 'DONE'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'PENDING';

/** A stage of the processing pipeline. In pipeline order: MARKDOWN_CONVERSION, MARKDOWN_OPTIMIZER, CHUNKER, FACT_GENERATOR, INGESTOR. */
export type Stage =
  /** Cuts the Markdown into chunks and embeds each. */
  | 'CHUNKER'
  /** Extracts entities and relations from the chunks. */
  | 'FACT_GENERATOR'
  /** Writes chunks and facts into the realm's databases. */
  | 'INGESTOR'
  /** Turns the uploaded original (text, Markdown, HTML) into Markdown. */
  | 'MARKDOWN_CONVERSION'
  /** Cleans up the converted Markdown before chunking (optional). */
  | 'MARKDOWN_OPTIMIZER';

/** Outcome of one stage attempt. */
export type StageRunStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** Length of one timeline point; buckets are aligned to UTC. */
export type StatsBucket =
  /** One UTC day. */
  | 'DAY'
  /** One hour. */
  | 'HOUR'
  /** One minute. */
  | 'MINUTE';

export type DemoRealmsQueryVariables = Exact<{ [key: string]: never; }>;


export type DemoRealmsQuery = { viewer: { admin: boolean }, realms: Array<{ id: string, name: string, documentCount: number, databases: Array<{ database: { id: string, name: string, kind: DatabaseKind } }> }>, databases: Array<{ id: string, name: string, kind: DatabaseKind }> };

export type DemoDocumentsQueryVariables = Exact<{
  realmId: string | number;
}>;


export type DemoDocumentsQuery = { documents: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: DocumentStatus, size: number, createdAt: string, originDocument: { id: string } | null } }> } };

export type DemoCreateRealmMutationVariables = Exact<{
  name: string;
}>;


export type DemoCreateRealmMutation = { createRealm:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationCreateRealmSuccess', data: { id: string, name: string } }
   };

export type DemoCreateDatabaseMutationVariables = Exact<{
  name: string;
}>;


export type DemoCreateDatabaseMutation = { createDatabase:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationCreateDatabaseSuccess', data: { id: string, name: string, kind: DatabaseKind } }
   };

export type DemoDocumentEventsSubscriptionVariables = Exact<{
  realmId: string | number;
}>;


export type DemoDocumentEventsSubscription = { realmDocumentEvents: { type: string, documentId: string, status: DocumentStatus, error: string | null, stage: Stage | null } };

export type DemoDocumentDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type DemoDocumentDetailQuery = { document: { id: string, title: string, status: DocumentStatus, error: string | null, fileName: string, contentType: string, size: number, sha256: string, createdAt: string, stageRuns: Array<{ id: string, stage: Stage, status: StageRunStatus, attempt: number, durationMs: number | null, error: string | null, startedAt: string }>, stageFiles: Array<{ id: string, stage: Stage, name: string, size: number, sha256: string, text: string | null }>, ingestions: Array<{ id: string, status: IngestionStatus, points: number, nodes: number, relationships: number, error: string | null, database: { id: string, name: string, kind: DatabaseKind } }> } | null };

type ErrorFields_ConflictError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_ConflictError_Fragment' };

type ErrorFields_DatabaseUnreachableError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_DatabaseUnreachableError_Fragment' };

type ErrorFields_ForbiddenError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_ForbiddenError_Fragment' };

type ErrorFields_InvalidInputError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_InvalidInputError_Fragment' };

type ErrorFields_NotFoundError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_NotFoundError_Fragment' };

type ErrorFields_PayloadTooLargeError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_PayloadTooLargeError_Fragment' };

type ErrorFields_StageInputMissingError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_StageInputMissingError_Fragment' };

type ErrorFields_UnsupportedContentTypeError_Fragment = { code: ErrorCode, message: string, path: Array<string> | null } & { ' $fragmentName'?: 'ErrorFields_UnsupportedContentTypeError_Fragment' };

export type ErrorFieldsFragment =
  | ErrorFields_ConflictError_Fragment
  | ErrorFields_DatabaseUnreachableError_Fragment
  | ErrorFields_ForbiddenError_Fragment
  | ErrorFields_InvalidInputError_Fragment
  | ErrorFields_NotFoundError_Fragment
  | ErrorFields_PayloadTooLargeError_Fragment
  | ErrorFields_StageInputMissingError_Fragment
  | ErrorFields_UnsupportedContentTypeError_Fragment
;

export type MigrationSummaryFragment = { id: string, type: MigrationType, status: MigrationStatus, mode: MigrationMode | null, totalDocuments: number, processedDocuments: number, failedDocuments: number, skippedDocuments: number, cancelledDocuments: number, rolledBackDocuments: number, progress: number, lastSequence: number, createdAt: string, scheduledAt: string | null, startedAt: string | null, completedAt: string | null, rollbackRequestedAt: string | null, rolledBackAt: string | null, rollbackForced: boolean, rollbackEffect: string, sourceRealm: { id: string, name: string } | null, targetRealm: { id: string, name: string } | null, canCancel: { allowed: boolean, reason: string | null }, canRetry: { allowed: boolean, reason: string | null }, canRollBack: { allowed: boolean, reason: string | null } } & { ' $fragmentName'?: 'MigrationSummaryFragment' };

export type MigrationDetailsFragment = (
  { options: { migrationMode: MigrationMode, copyStageFiles: boolean, preserveOriginal: boolean, reprocessStages: Array<Stage>, targetDatabases: Array<string>, conflictPolicy: ConflictPolicy, sourceDatabaseId: string | null, removeFromSource: boolean, retrievalParity: { enabled: boolean, sample: number, k: number, threshold: number, onBelow: RetrievalParityOutcome } }, errors: Array<{ documentId: string | null, stage: Stage | null, message: string | null, timestamp: string }>, verification: { status: RetrievalParityStatus, retrievalRecall: number | null, meanRankDisplacement: number | null, sampled: number, k: number, threshold: number, onBelow: RetrievalParityOutcome, message: string, pairs: Array<{ sourceDatabaseId: string, targetDatabaseId: string, documents: number, sampled: number, recall: number, meanRankDisplacement: number }>, worst: Array<{ documentId: string, chunkIndex: number, recall: number, rankDisplacement: number, missing: Array<string> }> } | null }
  & { ' $fragmentRefs'?: { 'MigrationSummaryFragment': MigrationSummaryFragment } }
) & { ' $fragmentName'?: 'MigrationDetailsFragment' };

export type SdkPlanMigrationMutationVariables = Exact<{
  input: MigrationInput;
  limit?: number | null | undefined;
}>;


export type SdkPlanMigrationMutation = { planMigration:
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationPlanMigrationSuccess', data: { type: MigrationType, totalDocuments: number, toCreate: number, toRename: number, toSkip: number, conflicts: number, bytesReferenced: number, options: { migrationMode: MigrationMode, copyStageFiles: boolean, preserveOriginal: boolean, reprocessStages: Array<Stage>, targetDatabases: Array<string>, conflictPolicy: ConflictPolicy }, documents: Array<{ documentId: string, title: string, action: PlannedAction, targetTitle: string | null, stagesCopied: Array<Stage>, stagesRerun: Array<Stage>, targetDatabases: Array<string>, bytesReferenced: number }>, targetDatabaseHealth: Array<{ ok: boolean, message: string, database: { id: string, name: string, kind: DatabaseKind } }>, sourceDatabaseHealth: { ok: boolean, message: string, database: { id: string, name: string, kind: DatabaseKind } } | null, warnings: Array<{ code: PlanWarningCode, message: string, database: { id: string, name: string } | null }> } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkCreateMigrationMutationVariables = Exact<{
  input: MigrationInput;
}>;


export type SdkCreateMigrationMutation = { createMigration:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationCreateMigrationSuccess', data: { ' $fragmentRefs'?: { 'MigrationDetailsFragment': MigrationDetailsFragment } } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkCancelMigrationMutationVariables = Exact<{
  id: string | number;
}>;


export type SdkCancelMigrationMutation = { cancelMigration:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationCancelMigrationSuccess', data: { ' $fragmentRefs'?: { 'MigrationDetailsFragment': MigrationDetailsFragment } } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkRollbackMigrationMutationVariables = Exact<{
  id: string | number;
  force?: boolean | null | undefined;
}>;


export type SdkRollbackMigrationMutation = { rollbackMigration:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationRollbackMigrationSuccess', data: { ' $fragmentRefs'?: { 'MigrationDetailsFragment': MigrationDetailsFragment } } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkRescheduleMigrationMutationVariables = Exact<{
  id: string | number;
  scheduledAt: string;
}>;


export type SdkRescheduleMigrationMutation = { rescheduleMigration:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationRescheduleMigrationSuccess', data: { ' $fragmentRefs'?: { 'MigrationDetailsFragment': MigrationDetailsFragment } } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkRetryFailedDocumentsMutationVariables = Exact<{
  migrationId: string | number;
  documentIds?: Array<string | number> | string | number | null | undefined;
}>;


export type SdkRetryFailedDocumentsMutation = { retryFailedDocuments:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationRetryFailedDocumentsSuccess', data: { ' $fragmentRefs'?: { 'MigrationDetailsFragment': MigrationDetailsFragment } } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkMigrationQueryVariables = Exact<{
  id: string | number;
}>;


export type SdkMigrationQuery = { migration: { ' $fragmentRefs'?: { 'MigrationDetailsFragment': MigrationDetailsFragment } } | null };

export type SdkMigrationsQueryVariables = Exact<{
  realmId?: string | number | null | undefined;
  status?: MigrationStatus | null | undefined;
  type?: MigrationType | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkMigrationsQuery = { migrations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { ' $fragmentRefs'?: { 'MigrationSummaryFragment': MigrationSummaryFragment } } }> } };

export type SdkMigrationProgressSubscriptionVariables = Exact<{
  migrationId: string | number;
  afterSequence?: number | null | undefined;
}>;


export type SdkMigrationProgressSubscription = { migrationProgress: { migrationId: string, sequence: number, type: MigrationEventType, status: MigrationStatus, message: string | null, totalDocuments: number, processedDocuments: number, failedDocuments: number, skippedDocuments: number, cancelledDocuments: number, rolledBackDocuments: number, progress: number, createdAt: string, item: { id: string, ordinal: number, sourceDocumentId: string | null, targetDocumentId: string | null, status: MigrationItemStatus, attempt: number, error: string | null, errorStage: Stage | null, rollbackStatus: RollbackStatus | null, rollbackError: string | null } | null, canCancel: { allowed: boolean, reason: string | null }, canRetry: { allowed: boolean, reason: string | null }, canRollBack: { allowed: boolean, reason: string | null } } };

export type SdkRealmMigrationEventsSubscriptionVariables = Exact<{
  realmId: string | number;
}>;


export type SdkRealmMigrationEventsSubscription = { realmMigrationEvents: { migrationId: string, sequence: number, type: MigrationEventType, status: MigrationStatus, createdAt: string, item: { id: string, status: MigrationItemStatus } | null } };

export type SdkUploadDocumentMutationVariables = Exact<{
  input: CreateDocumentInput;
}>;


export type SdkUploadDocumentMutation = { createDocument:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationCreateDocumentSuccess', data: { id: string, title: string, status: DocumentStatus, fileName: string, contentType: string, sha256: string, size: number, createdAt: string } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
    | (
      { __typename: 'PayloadTooLargeError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_PayloadTooLargeError_Fragment': ErrorFields_PayloadTooLargeError_Fragment } }
    )
    | (
      { __typename: 'UnsupportedContentTypeError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_UnsupportedContentTypeError_Fragment': ErrorFields_UnsupportedContentTypeError_Fragment } }
    )
   };

export type SdkProcessDocumentMutationVariables = Exact<{
  input: ProcessDocumentInput;
}>;


export type SdkProcessDocumentMutation = { processDocument:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationProcessDocumentSuccess', data: { id: string, title: string, status: DocumentStatus } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
    | (
      { __typename: 'StageInputMissingError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_StageInputMissingError_Fragment': ErrorFields_StageInputMissingError_Fragment } }
    )
   };

export type SdkRealmsQueryVariables = Exact<{ [key: string]: never; }>;


export type SdkRealmsQuery = { realms: Array<{ id: string, name: string, description: string, documentCount: number, databases: Array<{ addedAt: string, database: { id: string, name: string, kind: DatabaseKind } }> }> };

export type SdkDocumentsQueryVariables = Exact<{
  realmId: string | number;
  status?: DocumentStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkDocumentsQuery = { documents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, status: DocumentStatus, fileName: string, size: number, createdAt: string } }> } };

export type SdkMigrationStatsQueryVariables = Exact<{
  realmId?: string | number | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
  bucket?: StatsBucket | null | undefined;
}>;


export type SdkMigrationStatsQuery = { migrationStats: { since: string | null, until: string | null, migrations: number, documentsMigrated: number, documentsFailed: number, documentsSkipped: number, documentsCancelled: number, failureRate: number, itemDurationP50Ms: number | null, itemDurationP95Ms: number | null, activeFrom: string | null, activeUntil: string | null, documentsPerMinute: number, bucket: StatsBucket, byStatus: Array<{ status: MigrationStatus, count: number }>, byType: Array<{ type: MigrationType, count: number }>, topErrors: Array<{ stage: Stage | null, message: string, count: number }>, timePerStage: Array<{ stage: Stage, runs: number, failures: number, totalMs: number, avgMs: number | null, p50Ms: number | null, p95Ms: number | null }>, timeline: Array<{ start: string, completed: number, failed: number, activeMinutes: number, documentsPerMinute: number, failedPerMinute: number }> } };

export type SdkRemoveDatabaseFromRealmMutationVariables = Exact<{
  input: RemoveDatabaseFromRealmInput;
}>;


export type SdkRemoveDatabaseFromRealmMutation = { removeDatabaseFromRealm:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'DatabaseUnreachableError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_DatabaseUnreachableError_Fragment': ErrorFields_DatabaseUnreachableError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationRemoveDatabaseFromRealmSuccess', data: { databaseId: string, databaseName: string, documentsRemoved: number } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkDeleteDatabaseMutationVariables = Exact<{
  id: string | number;
}>;


export type SdkDeleteDatabaseMutation = { deleteDatabase:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationDeleteDatabaseSuccess', data: { id: string, name: string } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkDatabasesQueryVariables = Exact<{ [key: string]: never; }>;


export type SdkDatabasesQuery = { databases: Array<{ id: string, name: string, kind: DatabaseKind }> };

export type SdkCreateRealmMutationVariables = Exact<{
  input: CreateRealmInput;
}>;


export type SdkCreateRealmMutation = { createRealm:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationCreateRealmSuccess', data: { id: string, name: string, description: string } }
   };

export type SdkCreateDatabaseMutationVariables = Exact<{
  input: CreateDatabaseInput;
}>;


export type SdkCreateDatabaseMutation = { createDatabase:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationCreateDatabaseSuccess', data: { id: string, name: string, kind: DatabaseKind } }
   };

export type SdkAddDatabaseToRealmMutationVariables = Exact<{
  input: AddDatabaseToRealmInput;
}>;


export type SdkAddDatabaseToRealmMutation = { addDatabaseToRealm:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'DatabaseUnreachableError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_DatabaseUnreachableError_Fragment': ErrorFields_DatabaseUnreachableError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationAddDatabaseToRealmSuccess', data: { realmDatabase: { addedAt: string }, health: { ok: boolean, message: string }, migration: { ' $fragmentRefs'?: { 'MigrationSummaryFragment': MigrationSummaryFragment } } | null } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type SdkSearchQueryVariables = Exact<{
  realmId: string | number;
  text?: string | null | undefined;
  vector?: Array<number> | number | null | undefined;
  k?: number | null | undefined;
  databaseId?: string | number | null | undefined;
}>;


export type SdkSearchQuery = { search:
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string, path: Array<string> | null }
    | { __typename: 'InvalidInputError', code: ErrorCode, message: string, path: Array<string> | null }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string, path: Array<string> | null }
    | { __typename: 'QuerySearchSuccess', data: Array<{ rank: number, score: number, chunkIndex: number, text: string, start: number, end: number, document: { id: string, title: string }, database: { id: string, name: string, kind: DatabaseKind } }> }
   };

export type AnalyticsStatsQueryVariables = Exact<{
  realmId?: string | number | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
}>;


export type AnalyticsStatsQuery = { migrationStats: { migrations: number, documentsMigrated: number, documentsFailed: number, documentsSkipped: number, failureRate: number, itemDurationP50Ms: number | null, itemDurationP95Ms: number | null, documentsPerMinute: number, bucket: StatsBucket, topErrors: Array<{ stage: Stage | null, message: string, count: number }>, timePerStage: Array<{ stage: Stage, runs: number, failures: number, avgMs: number | null, p50Ms: number | null, p95Ms: number | null }>, timeline: Array<{ start: string, completed: number, failed: number, documentsPerMinute: number, failedPerMinute: number }> } };

export type AdditionDocumentsQueryVariables = Exact<{
  realmId: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type AdditionDocumentsQuery = { realm: { id: string, databases: Array<{ database: { id: string } }> } | null, documents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, status: DocumentStatus } }> } };

export type AdditionAttachMutationVariables = Exact<{
  realmId: string | number;
  databaseId: string | number;
}>;


export type AdditionAttachMutation = { addDatabaseToRealm:
    | (
      { __typename: 'ConflictError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ConflictError_Fragment': ErrorFields_ConflictError_Fragment } }
    )
    | (
      { __typename: 'DatabaseUnreachableError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_DatabaseUnreachableError_Fragment': ErrorFields_DatabaseUnreachableError_Fragment } }
    )
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationAddDatabaseToRealmSuccess', data: { realmDatabase: { addedAt: string } } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type MigrationDialogRealmsQueryVariables = Exact<{ [key: string]: never; }>;


export type MigrationDialogRealmsQuery = { realms: Array<{ id: string, name: string, documentCount: number }> };

export type MigrationDialogPlanMutationVariables = Exact<{
  input: MigrationInput;
}>;


export type MigrationDialogPlanMutation = { planMigration:
    | (
      { __typename: 'ForbiddenError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_ForbiddenError_Fragment': ErrorFields_ForbiddenError_Fragment } }
    )
    | (
      { __typename: 'InvalidInputError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_InvalidInputError_Fragment': ErrorFields_InvalidInputError_Fragment } }
    )
    | { __typename: 'MutationPlanMigrationSuccess', data: { totalDocuments: number, toCreate: number, toRename: number, toSkip: number, conflicts: number, bytesReferenced: number, options: { reprocessStages: Array<Stage>, targetDatabases: Array<string> }, targetDatabaseHealth: Array<{ ok: boolean, message: string, database: { id: string, name: string, kind: DatabaseKind } }>, warnings: Array<{ code: PlanWarningCode, message: string, database: { id: string, name: string } | null }>, documents: Array<{ documentId: string, title: string, action: PlannedAction, targetTitle: string | null, stagesRerun: Array<Stage> }> } }
    | (
      { __typename: 'NotFoundError' }
      & { ' $fragmentRefs'?: { 'ErrorFields_NotFoundError_Fragment': ErrorFields_NotFoundError_Fragment } }
    )
   };

export type HistoryMigrationsQueryVariables = Exact<{
  realmId?: string | number | null | undefined;
  status?: MigrationStatus | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type HistoryMigrationsQuery = { migrations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, type: MigrationType, status: MigrationStatus, totalDocuments: number, processedDocuments: number, failedDocuments: number, rolledBackDocuments: number, progress: number, lastSequence: number, createdAt: string, completedAt: string | null, sourceRealm: { id: string, name: string } | null, targetRealm: { id: string, name: string } | null } }> } };

export type HistoryRealmEventsSubscriptionVariables = Exact<{
  realmId: string | number;
}>;


export type HistoryRealmEventsSubscription = { realmMigrationEvents: { migrationId: string, sequence: number, type: MigrationEventType, status: MigrationStatus, totalDocuments: number, processedDocuments: number, failedDocuments: number, rolledBackDocuments: number, progress: number } };

export type MonitorRollbackItemsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type MonitorRollbackItemsQuery = { migration: { id: string, items: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sourceDocumentId: string | null, rollbackStatus: RollbackStatus | null, rollbackError: string | null } }> } } | null };

export type MonitorDocumentTitlesQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type MonitorDocumentTitlesQuery = { nodes: Array<
    | { id: string, title: string }
    | Record<PropertyKey, never>
   | null> };

export type MonitorVerificationQueryVariables = Exact<{
  id: string | number;
}>;


export type MonitorVerificationQuery = { migration: { id: string, verification: { status: RetrievalParityStatus, retrievalRecall: number | null, meanRankDisplacement: number | null, sampled: number, k: number, threshold: number, onBelow: RetrievalParityOutcome, message: string } | null } | null };

export const ErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<ErrorFieldsFragment, unknown>;
export const MigrationSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<MigrationSummaryFragment, unknown>;
export const MigrationDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"removeFromSource"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalParity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pairs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"documents"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"worst"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"rankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<MigrationDetailsFragment, unknown>;
export const DemoRealmsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DemoRealms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"admin"}}]}},{"kind":"Field","name":{"kind":"Name","value":"realms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"documentCount"}},{"kind":"Field","name":{"kind":"Name","value":"databases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"databases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<DemoRealmsQuery, DemoRealmsQueryVariables>;
export const DemoDocumentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DemoDocuments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"originDocument"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DemoDocumentsQuery, DemoDocumentsQueryVariables>;
export const DemoCreateRealmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DemoCreateRealm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRealm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateRealmSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<DemoCreateRealmMutation, DemoCreateRealmMutationVariables>;
export const DemoCreateDatabaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DemoCreateDatabase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDatabase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"EMBEDDED"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateDatabaseSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<DemoCreateDatabaseMutation, DemoCreateDatabaseMutationVariables>;
export const DemoDocumentEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DemoDocumentEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realmDocumentEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}}]}}]}}]} as unknown as DocumentNode<DemoDocumentEventsSubscription, DemoDocumentEventsSubscriptionVariables>;
export const DemoDocumentDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DemoDocumentDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"document"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"stageRuns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stageFiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ingestions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"}},{"kind":"Field","name":{"kind":"Name","value":"relationships"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DemoDocumentDetailQuery, DemoDocumentDetailQueryVariables>;
export const SdkPlanMigrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkPlanMigration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MigrationInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"planMigration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationPlanMigrationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"toCreate"}},{"kind":"Field","name":{"kind":"Name","value":"toRename"}},{"kind":"Field","name":{"kind":"Name","value":"toSkip"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}},{"kind":"Field","name":{"kind":"Name","value":"bytesReferenced"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetTitle"}},{"kind":"Field","name":{"kind":"Name","value":"stagesCopied"}},{"kind":"Field","name":{"kind":"Name","value":"stagesRerun"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"bytesReferenced"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkPlanMigrationMutation, SdkPlanMigrationMutationVariables>;
export const SdkCreateMigrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkCreateMigration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MigrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createMigration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateMigrationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationDetails"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"removeFromSource"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalParity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pairs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"documents"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"worst"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"rankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkCreateMigrationMutation, SdkCreateMigrationMutationVariables>;
export const SdkCancelMigrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkCancelMigration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelMigration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCancelMigrationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationDetails"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"removeFromSource"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalParity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pairs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"documents"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"worst"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"rankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkCancelMigrationMutation, SdkCancelMigrationMutationVariables>;
export const SdkRollbackMigrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkRollbackMigration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollbackMigration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationRollbackMigrationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationDetails"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"removeFromSource"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalParity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pairs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"documents"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"worst"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"rankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkRollbackMigrationMutation, SdkRollbackMigrationMutationVariables>;
export const SdkRescheduleMigrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkRescheduleMigration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scheduledAt"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rescheduleMigration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"scheduledAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scheduledAt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationRescheduleMigrationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationDetails"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"removeFromSource"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalParity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pairs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"documents"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"worst"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"rankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkRescheduleMigrationMutation, SdkRescheduleMigrationMutationVariables>;
export const SdkRetryFailedDocumentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkRetryFailedDocuments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"migrationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"documentIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryFailedDocuments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"migrationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"migrationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"documentIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"documentIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationRetryFailedDocumentsSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationDetails"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"removeFromSource"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalParity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pairs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"documents"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"worst"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"rankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkRetryFailedDocumentsMutation, SdkRetryFailedDocumentsMutationVariables>;
export const SdkMigrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkMigration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationMode"}},{"kind":"Field","name":{"kind":"Name","value":"copyStageFiles"}},{"kind":"Field","name":{"kind":"Name","value":"preserveOriginal"}},{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}},{"kind":"Field","name":{"kind":"Name","value":"conflictPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"removeFromSource"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalParity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pairs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseId"}},{"kind":"Field","name":{"kind":"Name","value":"documents"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"worst"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"rankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}}]} as unknown as DocumentNode<SdkMigrationQuery, SdkMigrationQueryVariables>;
export const SdkMigrationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkMigrations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MigrationStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MigrationType"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<SdkMigrationsQuery, SdkMigrationsQueryVariables>;
export const SdkMigrationProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SdkMigrationProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"migrationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterSequence"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"migrationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"migrationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterSequence"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterSequence"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ordinal"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDocumentId"}},{"kind":"Field","name":{"kind":"Name","value":"targetDocumentId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"errorStage"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackStatus"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackError"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<SdkMigrationProgressSubscription, SdkMigrationProgressSubscriptionVariables>;
export const SdkRealmMigrationEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SdkRealmMigrationEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realmMigrationEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<SdkRealmMigrationEventsSubscription, SdkRealmMigrationEventsSubscriptionVariables>;
export const SdkUploadDocumentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkUploadDocument"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDocumentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDocument"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateDocumentSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkUploadDocumentMutation, SdkUploadDocumentMutationVariables>;
export const SdkProcessDocumentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkProcessDocument"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProcessDocumentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"processDocument"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationProcessDocumentSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkProcessDocumentMutation, SdkProcessDocumentMutationVariables>;
export const SdkRealmsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkRealms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"documentCount"}},{"kind":"Field","name":{"kind":"Name","value":"databases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedAt"}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SdkRealmsQuery, SdkRealmsQueryVariables>;
export const SdkDocumentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkDocuments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DocumentStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SdkDocumentsQuery, SdkDocumentsQueryVariables>;
export const SdkMigrationStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkMigrationStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"bucket"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"StatsBucket"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}},{"kind":"Argument","name":{"kind":"Name","value":"bucket"},"value":{"kind":"Variable","name":{"kind":"Name","value":"bucket"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"migrations"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documentsMigrated"}},{"kind":"Field","name":{"kind":"Name","value":"documentsFailed"}},{"kind":"Field","name":{"kind":"Name","value":"documentsSkipped"}},{"kind":"Field","name":{"kind":"Name","value":"documentsCancelled"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"itemDurationP50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itemDurationP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"activeFrom"}},{"kind":"Field","name":{"kind":"Name","value":"activeUntil"}},{"kind":"Field","name":{"kind":"Name","value":"documentsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"topErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"timePerStage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"runs"}},{"kind":"Field","name":{"kind":"Name","value":"failures"}},{"kind":"Field","name":{"kind":"Name","value":"totalMs"}},{"kind":"Field","name":{"kind":"Name","value":"avgMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"activeMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"documentsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"failedPerMinute"}}]}}]}}]}}]} as unknown as DocumentNode<SdkMigrationStatsQuery, SdkMigrationStatsQueryVariables>;
export const SdkRemoveDatabaseFromRealmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkRemoveDatabaseFromRealm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveDatabaseFromRealmInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeDatabaseFromRealm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationRemoveDatabaseFromRealmSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"databaseName"}},{"kind":"Field","name":{"kind":"Name","value":"documentsRemoved"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkRemoveDatabaseFromRealmMutation, SdkRemoveDatabaseFromRealmMutationVariables>;
export const SdkDeleteDatabaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkDeleteDatabase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteDatabase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationDeleteDatabaseSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkDeleteDatabaseMutation, SdkDeleteDatabaseMutationVariables>;
export const SdkDatabasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkDatabases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"databases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<SdkDatabasesQuery, SdkDatabasesQueryVariables>;
export const SdkCreateRealmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkCreateRealm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateRealmInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRealm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateRealmSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkCreateRealmMutation, SdkCreateRealmMutationVariables>;
export const SdkCreateDatabaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkCreateDatabase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDatabaseInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDatabase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateDatabaseSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkCreateDatabaseMutation, SdkCreateDatabaseMutationVariables>;
export const SdkAddDatabaseToRealmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkAddDatabaseToRealm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddDatabaseToRealmInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addDatabaseToRealm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationAddDatabaseToRealmSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realmDatabase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"migration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MigrationSummary"}}]}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MigrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Migration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"skippedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackAt"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackForced"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackEffect"}},{"kind":"Field","name":{"kind":"Name","value":"canCancel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRetry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"canRollBack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<SdkAddDatabaseToRealmMutation, SdkAddDatabaseToRealmMutationVariables>;
export const SdkSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"vector"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"k"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"databaseId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"search"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}},{"kind":"Argument","name":{"kind":"Name","value":"vector"},"value":{"kind":"Variable","name":{"kind":"Name","value":"vector"}}},{"kind":"Argument","name":{"kind":"Name","value":"k"},"value":{"kind":"Variable","name":{"kind":"Name","value":"k"}}},{"kind":"Argument","name":{"kind":"Name","value":"databaseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"databaseId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QuerySearchSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"document"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]}}]} as unknown as DocumentNode<SdkSearchQuery, SdkSearchQueryVariables>;
export const AnalyticsStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AnalyticsStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrations"}},{"kind":"Field","name":{"kind":"Name","value":"documentsMigrated"}},{"kind":"Field","name":{"kind":"Name","value":"documentsFailed"}},{"kind":"Field","name":{"kind":"Name","value":"documentsSkipped"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"itemDurationP50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itemDurationP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"documentsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"topErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"timePerStage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"runs"}},{"kind":"Field","name":{"kind":"Name","value":"failures"}},{"kind":"Field","name":{"kind":"Name","value":"avgMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"documentsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"failedPerMinute"}}]}}]}}]}}]} as unknown as DocumentNode<AnalyticsStatsQuery, AnalyticsStatsQueryVariables>;
export const AdditionDocumentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdditionDocuments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AdditionDocumentsQuery, AdditionDocumentsQueryVariables>;
export const AdditionAttachDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdditionAttach"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"databaseId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addDatabaseToRealm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"databaseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"databaseId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"backfill"},"value":{"kind":"BooleanValue","value":false}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationAddDatabaseToRealmSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realmDatabase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedAt"}}]}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<AdditionAttachMutation, AdditionAttachMutationVariables>;
export const MigrationDialogRealmsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MigrationDialogRealms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"documentCount"}}]}}]}}]} as unknown as DocumentNode<MigrationDialogRealmsQuery, MigrationDialogRealmsQueryVariables>;
export const MigrationDialogPlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MigrationDialogPlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MigrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"planMigration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationPlanMigrationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"toCreate"}},{"kind":"Field","name":{"kind":"Name","value":"toRename"}},{"kind":"Field","name":{"kind":"Name","value":"toSkip"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}},{"kind":"Field","name":{"kind":"Name","value":"bytesReferenced"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reprocessStages"}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetDatabaseHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetTitle"}},{"kind":"Field","name":{"kind":"Name","value":"stagesRerun"}}]}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<MigrationDialogPlanMutation, MigrationDialogPlanMutationVariables>;
export const HistoryMigrationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HistoryMigrations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MigrationStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetRealm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastSequence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HistoryMigrationsQuery, HistoryMigrationsQueryVariables>;
export const HistoryRealmEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"HistoryRealmEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"realmMigrationEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"realmId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"realmId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migrationId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"processedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"failedDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"rolledBackDocuments"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}}]}}]}}]} as unknown as DocumentNode<HistoryRealmEventsSubscription, HistoryRealmEventsSubscriptionVariables>;
export const MonitorRollbackItemsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MonitorRollbackItems"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDocumentId"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackStatus"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackError"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MonitorRollbackItemsQuery, MonitorRollbackItemsQueryVariables>;
export const MonitorDocumentTitlesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MonitorDocumentTitles"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Document"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]} as unknown as DocumentNode<MonitorDocumentTitlesQuery, MonitorDocumentTitlesQueryVariables>;
export const MonitorVerificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MonitorVerification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"migration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"verification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retrievalRecall"}},{"kind":"Field","name":{"kind":"Name","value":"meanRankDisplacement"}},{"kind":"Field","name":{"kind":"Name","value":"sampled"}},{"kind":"Field","name":{"kind":"Name","value":"k"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"onBelow"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<MonitorVerificationQuery, MonitorVerificationQueryVariables>;