// React widgets of the realm migration service, built on urql. Wrap them in urql's <Provider> (e.g. with
// createMigrationClient(...).urql) and import "client/widgets/widgets.css" once for the default look.
export {
  DocumentMigrationDialog,
  type DocumentMigrationDialogProps,
} from "./document-migration/document-migration-dialog.tsx";
export {
  MigrationProgressMonitor,
  type MigrationProgressMonitorProps,
} from "./progress/migration-progress-monitor.tsx";
export {
  RealmDatabaseAdditionDialog,
  type RealmDatabaseAdditionDialogProps,
} from "./database-addition/realm-database-addition-dialog.tsx";
export { MigrationHistory, type MigrationHistoryProps } from "./history/migration-history.tsx";
export { MigrationAnalytics, type MigrationAnalyticsProps } from "./analytics/migration-analytics.tsx";
export {
  useMigrationProgress,
  type MigrationProgress,
  type RollbackRefusal,
} from "./progress/use-migration-progress.ts";
export { Dialog, type DialogProps } from "./dialog.tsx";
export { StatusBadge } from "./status-badge.tsx";
