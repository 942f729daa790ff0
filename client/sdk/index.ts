// The typed SDK of the realm migration service: see the "SDK" section of the README.
export { createMigrationClient } from "./client.ts";
export type {
  AttachedDatabase,
  CreatedDatabase,
  CreatedRealm,
  Database,
  DeletedDatabase,
  DocumentListItem,
  MigrationClient,
  MigrationClientOptions,
  MigrationDetails,
  MigrationFilter,
  MigrationPlan,
  MigrationStats,
  MigrationStatsFilter,
  MigrationSummary,
  Page,
  ProcessedDocument,
  Realm,
  RemovedDatabase,
  SearchHit,
  SearchRequest,
} from "./client.ts";
export { realmRoute, HIDDEN_REALM } from "./realms.ts";
export { SdkError, readTypedError, type SdkErrorCode, type TypedError } from "./errors.ts";
export { readMigrationDetails, readMigrationSummary } from "./migration-fields.ts";
export { watchMigration, isFinalEvent } from "./watch.ts";
/** For `client.urql.subscription(…)`: live events of every migration from or to a realm. */
export { RealmMigrationEventsSubscription } from "./operations.ts";
export * from "./generated/vocabulary.ts";
export type { MigrationProgressEvent, WatchOptions } from "./watch.ts";
export type { UploadDocumentInput, UploadedDocument } from "./upload.ts";
export type {
  ConflictPolicy,
  CreateDatabaseInput,
  CreateRealmInput,
  DocumentStatus,
  ErrorCode,
  MigrationInput,
  MigrationItemStatus,
  MigrationMode,
  MigrationOptionsInput,
  MigrationStatus,
  MigrationType,
  RollbackStatus,
  StatsBucket,
} from "./generated/graphql.ts";
