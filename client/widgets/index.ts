// React widgets of the realm migration service, built on urql. Give each its own `client` (e.g.
// createMigrationClient(...).urql), which scopes it to that endpoint without touching the host's urql
// Provider, or wrap them in a <Provider> of that client; import "@realm-migration/widgets/widgets.css" once
// for the default look.
import { DocumentMigrationDialog as DocumentMigrationDialogWidget } from "./document-migration/document-migration-dialog.tsx";
import { MigrationProgressMonitor as MigrationProgressMonitorWidget } from "./progress/migration-progress-monitor.tsx";
import { RealmDatabaseAdditionDialog as RealmDatabaseAdditionDialogWidget } from "./database-addition/realm-database-addition-dialog.tsx";
import { MigrationHistory as MigrationHistoryWidget } from "./history/migration-history.tsx";
import { MigrationAnalytics as MigrationAnalyticsWidget } from "./analytics/migration-analytics.tsx";
import { withClient } from "./with-client.ts";

export const DocumentMigrationDialog = withClient(DocumentMigrationDialogWidget);
export const MigrationProgressMonitor = withClient(MigrationProgressMonitorWidget);
export const RealmDatabaseAdditionDialog = withClient(RealmDatabaseAdditionDialogWidget);
export const MigrationHistory = withClient(MigrationHistoryWidget);
export const MigrationAnalytics = withClient(MigrationAnalyticsWidget);
export type { ClientProp } from "./with-client.ts";
export type {
  DocumentMigrationDialogProps,
  StartedMigration,
} from "./document-migration/document-migration-dialog.tsx";
export type { MigrationProgressMonitorProps } from "./progress/migration-progress-monitor.tsx";
export type { RealmDatabaseAdditionDialogProps } from "./database-addition/realm-database-addition-dialog.tsx";
export type { MigrationHistoryProps } from "./history/migration-history.tsx";
export type { MigrationAnalyticsProps } from "./analytics/migration-analytics.tsx";
export {
  useMigrationProgress,
  type MigrationProgress,
  type RollbackRefusal,
} from "./progress/use-migration-progress.ts";
export { Dialog, type DialogProps } from "./dialog.tsx";
export { StatusBadge } from "./status-badge.tsx";
