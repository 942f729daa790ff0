// Migration mutations: plan, create, cancel, roll back, reschedule, retry.
import { builder, viewerOf } from "../../builder.ts";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../../services/errors.ts";
import { parseId } from "../ids.ts";
import { MigrationInput, toRequest } from "./inputs.ts";
import { MigrationPlanRef } from "./plan.ts";

builder.mutationFields((t) => ({
  planMigration: t.field({
    type: MigrationPlanRef,
    description: "Dry run: validates and plans like createMigration, writes nothing.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError] },
    args: {
      input: t.arg({ type: MigrationInput, required: true }),
      limit: t.arg.int({
        description: "How many per-document entries to return (default 100, max 1000); totals cover all.",
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.migrations.plan(viewerOf(ctx), toRequest(args.input), args.limit ?? 100),
  }),
  createMigration: t.prismaField({
    type: "Migration",
    description:
      "Creates a migration with one item per selected document and starts it (or schedules it). Needs EDITOR on both realms.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError] },
    args: { input: t.arg({ type: MigrationInput, required: true }) },
    resolve: (_query, _root, args, ctx) => ctx.services.migrations.create(viewerOf(ctx), toRequest(args.input)),
  }),
  cancelMigration: t.prismaField({
    type: "Migration",
    description:
      "Cancels pending items at once; in-flight items finish or are undone, then the migration is CANCELLED.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError] },
    args: { id: t.arg.id({ required: true, description: "Migration id." }) },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.cancel(viewerOf(ctx), parseId(args.id, "Migration", ["id"])),
  }),
  rollbackMigration: t.prismaField({
    type: "Migration",
    description:
      "Undoes a COMPLETED, FAILED or CANCELLED migration, newest item first: target documents and their records go, " +
      "moved sources come back, records removed from a source database are restored from the backup, backfilled " +
      "records are removed. ROLLING_BACK → ROLLED_BACK, with events like a run. Refused while the migration runs, or " +
      "when documents it wrote changed since, unless `force`.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError] },
    args: {
      id: t.arg.id({ required: true, description: "Migration id." }),
      force: t.arg.boolean({ defaultValue: false, description: "Roll back even documents changed since." }),
    },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.rollback(viewerOf(ctx), parseId(args.id, "Migration", ["id"]), args.force ?? false),
  }),
  rescheduleMigration: t.prismaField({
    type: "Migration",
    description: "Moves a SCHEDULED (or not yet started) migration to a new start time; a past time starts it now.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError] },
    args: {
      id: t.arg.id({ required: true, description: "Migration id." }),
      scheduledAt: t.arg({ type: "DateTime", required: true, description: "New start time." }),
    },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.reschedule(viewerOf(ctx), parseId(args.id, "Migration", ["id"]), args.scheduledAt),
  }),
  retryFailedDocuments: t.prismaField({
    type: "Migration",
    description: "Re-queues failed items: all of them, or those of the given source documents.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError, ConflictError] },
    args: {
      migrationId: t.arg.id({ required: true, description: "Migration id." }),
      documentIds: t.arg.idList({ description: "Source documents whose failed items to retry." }),
    },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.migrations.retryFailed(
        viewerOf(ctx),
        parseId(args.migrationId, "Migration", ["migrationId"]),
        args.documentIds?.map((id, i) => parseId(id, "Document", ["documentIds", String(i)])),
      ),
  }),
}));
