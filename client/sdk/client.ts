// createMigrationClient: the urql Client (HTTP + graphql-ws) and typed helpers for the common flows.
// Helpers return the success data or throw an SdkError with the API's code, message and input path.
import type { AnyVariables, Client, OperationResult, TypedDocumentNode } from "@urql/core";
import type { ResultOf } from "@graphql-typed-document-node/core";
import type {
  CreateDatabaseInput,
  CreateRealmInput,
  DocumentStatus,
  MigrationInput,
  MigrationStatus,
  MigrationType,
  Stage,
  StatsBucket,
} from "./generated/graphql.ts";
import {
  AddDatabaseToRealmMutation,
  CancelMigrationMutation,
  CreateDatabaseMutation,
  CreateRealmMutation,
  DatabasesQuery,
  RescheduleMigrationMutation,
  RollbackMigrationMutation,
  CreateMigrationMutation,
  DeleteDatabaseMutation,
  DocumentsQuery,
  MigrationQuery,
  MigrationStatsQuery,
  MigrationsQuery,
  PlanMigrationMutation,
  ProcessDocumentMutation,
  RealmsQuery,
  RemoveDatabaseFromRealmMutation,
  RetryFailedDocumentsMutation,
  SearchQuery,
} from "./operations.ts";
import { SdkError, fromCombinedError, unwrap, type SuccessData } from "./errors.ts";
import { createTransport, type TransportOptions } from "./transport.ts";
import { uploadDocument, type UploadDocumentInput, type UploadedDocument } from "./upload.ts";
import {
  readMigrationDetails,
  readMigrationSummary,
  type MigrationDetails,
  type MigrationSummary,
} from "./migration-fields.ts";
import { watchMigration, type MigrationProgressEvent, type WatchOptions } from "./watch.ts";

export type MigrationClientOptions = TransportOptions;

export type { MigrationDetails, MigrationSummary };
export type MigrationPlan = SuccessData<ResultOf<typeof PlanMigrationMutation>["planMigration"]>;
export type Realm = ResultOf<typeof RealmsQuery>["realms"][number];
export type MigrationStats = ResultOf<typeof MigrationStatsQuery>["migrationStats"];
type DocumentConnection = ResultOf<typeof DocumentsQuery>["documents"];
export type DocumentListItem = DocumentConnection["edges"][number]["node"];
export type ProcessedDocument = SuccessData<ResultOf<typeof ProcessDocumentMutation>["processDocument"]>;
export type RemovedDatabase = SuccessData<ResultOf<typeof RemoveDatabaseFromRealmMutation>["removeDatabaseFromRealm"]>;
export type Database = ResultOf<typeof DatabasesQuery>["databases"][number];
export type CreatedRealm = SuccessData<ResultOf<typeof CreateRealmMutation>["createRealm"]>;
export type CreatedDatabase = SuccessData<ResultOf<typeof CreateDatabaseMutation>["createDatabase"]>;
export interface AttachedDatabase {
  addedAt: string;
  /** Whether the database answered when it was attached (without backfill it is attached anyway). */
  health: { ok: boolean; message: string | null };
  /** The backfill migration (null without backfill, or when the realm has no documents). */
  migration: MigrationSummary | null;
}
export type SearchHit = SuccessData<ResultOf<typeof SearchQuery>["search"]>[number];

export interface SearchRequest {
  realmId: string;
  /** Embedded with the realm's embedder; give text or vector. */
  text?: string;
  vector?: number[];
  /** Hits per database (1 to 100, default 10). */
  k?: number;
  /** Only this database of the realm. */
  databaseId?: string;
}

export type DeletedDatabase = SuccessData<ResultOf<typeof DeleteDatabaseMutation>["deleteDatabase"]>;

export interface Page<T> {
  items: T[];
  totalCount: number;
  /** Pass as `after` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface MigrationFilter {
  realmId?: string;
  status?: MigrationStatus;
  type?: MigrationType;
  first?: number;
  after?: string;
}

export interface MigrationStatsFilter {
  /** Only migrations from or to this realm. */
  realmId?: string;
  /** Only migrations created at or after this (ISO-8601). */
  since?: string;
  /** Only migrations created before this (ISO-8601); later than `since`. */
  until?: string;
  /** Timeline bucket; chosen from the data's span when absent. */
  bucket?: StatsBucket;
}

export interface MigrationClient {
  /** The urql Client, e.g. for `<Provider value={client.urql}>` around the widgets. */
  readonly urql: Client;
  /** Dry run: what `create` would do, with nothing written; `warnings` names databases that do not answer. */
  plan(input: MigrationInput, options?: { limit?: number }): Promise<MigrationPlan>;
  /** Creates and starts (or schedules) a migration. */
  create(input: MigrationInput): Promise<MigrationDetails>;
  /** Progress events in order, once each, until the migration ends; resumes after lost connections. */
  watch(migrationId: string, options?: WatchOptions): AsyncGenerator<MigrationProgressEvent, void, undefined>;
  cancel(migrationId: string): Promise<MigrationDetails>;
  /**
   * Undoes a finished migration (ROLLING_BACK → ROLLED_BACK; follow it with `watch`). Refused when documents
   * it wrote changed since, unless `force`.
   */
  rollback(migrationId: string, options?: { force?: boolean }): Promise<MigrationDetails>;
  /** Moves a migration that has not started to a new start time (ISO 8601); a past time starts it now. */
  reschedule(migrationId: string, scheduledAt: string): Promise<MigrationDetails>;
  /** Re-queues failed items: all, or those of the given source documents. */
  retry(migrationId: string, documentIds?: string[]): Promise<MigrationDetails>;
  /** One migration with its options and errors, or null when it does not exist for this token. */
  migration(migrationId: string): Promise<MigrationDetails | null>;
  /** Migrations, newest first, one page at a time. */
  migrations(filter?: MigrationFilter): Promise<Page<MigrationSummary>>;
  /** Analytics over the migrations this token can see: counts, durations, throughput, errors, stages, timeline. */
  stats(filter?: MigrationStatsFilter): Promise<MigrationStats>;
  realms(): Promise<Realm[]>;
  /** Creates a realm (admin). */
  createRealm(input: CreateRealmInput): Promise<CreatedRealm>;
  /** The databases this token can see. */
  databases(): Promise<Database[]>;
  /** Configures a database (admin); attach it to realms with `addDatabaseToRealm`. */
  createDatabase(input: CreateDatabaseInput): Promise<CreatedDatabase>;
  /** Attaches a database to a realm; with `backfill` the realm's documents are ingested into it by a migration. */
  addDatabaseToRealm(realmId: string, databaseId: string, options?: { backfill?: boolean }): Promise<AttachedDatabase>;
  documents(
    realmId: string,
    page?: { first?: number; after?: string; status?: DocumentStatus },
  ): Promise<Page<DocumentListItem>>;
  /** The k chunks most similar (cosine) to a text or vector, per database of the realm, most similar first. */
  search(request: SearchRequest): Promise<SearchHit[]>;
  /** Uploads a file as a new document (multipart request); process it next. */
  uploadDocument(input: UploadDocumentInput): Promise<UploadedDocument>;
  /** Runs the pipeline (or the given stages, e.g. ["CHUNKER", "INGESTOR"]) in the background. */
  processDocument(documentId: string, stages?: Stage[]): Promise<ProcessedDocument>;
  /**
   * Detaches a database from a realm (refused while a migration that has not ended uses it); with
   * `removeRecords` the realm's records are deleted from it too. Undo: attach again with backfill.
   */
  removeDatabaseFromRealm(
    realmId: string,
    databaseId: string,
    options?: { removeRecords?: boolean },
  ): Promise<RemovedDatabase>;
  /** Deletes a database's configuration (admin; refused while it is attached to a realm). */
  deleteDatabase(databaseId: string): Promise<DeletedDatabase>;
  /** Closes the WebSocket. */
  close(): Promise<void>;
}

export function createMigrationClient(options: MigrationClientOptions): MigrationClient {
  const transport = createTransport(options);
  const { urql } = transport;

  const data = <T>(result: OperationResult<T, AnyVariables>): T => {
    if (result.error) throw fromCombinedError(result.error);
    if (!result.data) throw new SdkError("GRAPHQL_ERROR", "The response has no data.");
    return result.data;
  };
  const query = async <T, V extends AnyVariables>(document: TypedDocumentNode<T, V>, variables: V) =>
    data(await urql.query(document, variables, { requestPolicy: "network-only" }).toPromise());
  const mutate = async <T, V extends AnyVariables>(document: TypedDocumentNode<T, V>, variables: V) =>
    data(await urql.mutation(document, variables).toPromise());

  return {
    urql,
    plan: async (input, { limit } = {}) =>
      unwrap((await mutate(PlanMigrationMutation, { input, limit })).planMigration, "planMigration"),
    create: async (input) =>
      readMigrationDetails(
        unwrap((await mutate(CreateMigrationMutation, { input })).createMigration, "createMigration"),
      ),
    watch: (migrationId, watchOptions) => watchMigration(urql, migrationId, watchOptions),
    cancel: async (id) =>
      readMigrationDetails(unwrap((await mutate(CancelMigrationMutation, { id })).cancelMigration, "cancelMigration")),
    rollback: async (id, { force } = {}) =>
      readMigrationDetails(
        unwrap((await mutate(RollbackMigrationMutation, { id, force })).rollbackMigration, "rollbackMigration"),
      ),
    reschedule: async (id, scheduledAt) =>
      readMigrationDetails(
        unwrap(
          (await mutate(RescheduleMigrationMutation, { id, scheduledAt })).rescheduleMigration,
          "rescheduleMigration",
        ),
      ),
    retry: async (migrationId, documentIds) =>
      readMigrationDetails(
        unwrap(
          (await mutate(RetryFailedDocumentsMutation, { migrationId, documentIds })).retryFailedDocuments,
          "retryFailedDocuments",
        ),
      ),
    migration: async (id) => {
      const found = (await query(MigrationQuery, { id })).migration;
      if (!found) return null;
      return readMigrationDetails(found);
    },
    migrations: async (filter = {}) => {
      const connection = (await query(MigrationsQuery, filter)).migrations;
      return {
        items: connection.edges.map((edge) => readMigrationSummary(edge.node)),
        totalCount: connection.totalCount,
        nextCursor: connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null,
      };
    },
    stats: async (filter = {}) => (await query(MigrationStatsQuery, filter)).migrationStats,
    realms: async () => (await query(RealmsQuery, {})).realms,
    createRealm: async (input) => unwrap((await mutate(CreateRealmMutation, { input })).createRealm, "createRealm"),
    databases: async () => (await query(DatabasesQuery, {})).databases,
    createDatabase: async (input) =>
      unwrap((await mutate(CreateDatabaseMutation, { input })).createDatabase, "createDatabase"),
    addDatabaseToRealm: async (realmId, databaseId, { backfill } = {}) => {
      const attached = unwrap(
        (await mutate(AddDatabaseToRealmMutation, { input: { realmId, databaseId, backfill } })).addDatabaseToRealm,
        "addDatabaseToRealm",
      );
      return {
        addedAt: attached.realmDatabase.addedAt,
        health: attached.health,
        migration: attached.migration ? readMigrationSummary(attached.migration) : null,
      };
    },
    documents: async (realmId, page = {}) => {
      const connection = (await query(DocumentsQuery, { realmId, ...page })).documents;
      return {
        items: connection.edges.map((edge) => edge.node),
        totalCount: connection.totalCount,
        nextCursor: connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null,
      };
    },
    search: async (request) => unwrap((await query(SearchQuery, request)).search, "search"),
    uploadDocument: (input) => uploadDocument(urql, input),
    processDocument: async (id, stages) =>
      unwrap((await mutate(ProcessDocumentMutation, { input: { id, stages } })).processDocument, "processDocument"),
    removeDatabaseFromRealm: async (realmId, databaseId, { removeRecords } = {}) =>
      unwrap(
        (await mutate(RemoveDatabaseFromRealmMutation, { input: { realmId, databaseId, removeRecords } }))
          .removeDatabaseFromRealm,
        "removeDatabaseFromRealm",
      ),
    deleteDatabase: async (id) =>
      unwrap((await mutate(DeleteDatabaseMutation, { id })).deleteDatabase, "deleteDatabase"),
    close: () => transport.dispose(),
  };
}
