-- Partial indexes for the item claims (server/services/queue/leases.ts, claimed migration by migration): a
-- migration's due pending items and its leased ones (expired leases are taken over, own ones reclaimed) in
-- ordinal order, for runs and for rollbacks. Each holds only the rows of its state, so a claim reads the
-- next few rows of one migration instead of scanning and sorting every MigrationItem. Not expressible in
-- schema.prisma (no partial indexes in Prisma 6); schema.prisma names them in a comment.

CREATE INDEX "MigrationItem_run_pending" ON "MigrationItem" ("migrationId", ordinal) WHERE status = 'PENDING';

CREATE INDEX "MigrationItem_run_leased" ON "MigrationItem" ("migrationId", ordinal) WHERE status = 'IN_PROGRESS';

CREATE INDEX "MigrationItem_rollback_pending" ON "MigrationItem" ("migrationId", ordinal) WHERE "rollbackStatus" = 'PENDING';

CREATE INDEX "MigrationItem_rollback_leased" ON "MigrationItem" ("migrationId", ordinal) WHERE "rollbackStatus" = 'IN_PROGRESS';
