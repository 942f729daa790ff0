// Live migration events: one migration's progress, or every migration of a realm.
import { builder, viewerOf } from "../../builder.ts";
import { parseId } from "../ids.ts";
import { migrationProgress, realmMigrationEvents } from "../../services/migration/progress.ts";
import { MigrationEvent } from "./events.ts";

builder.subscriptionFields((t) => ({
  migrationProgress: t.field({
    type: MigrationEvent,
    description: "Events of one migration: stored ones after `afterSequence` first, then live ones, until it ends.",
    args: {
      migrationId: t.arg.id({ required: true, description: "Migration id." }),
      afterSequence: t.arg.int({ description: "Last sequence already seen (default 0: everything)." }),
    },
    subscribe: (_root, args, ctx) =>
      migrationProgress(
        ctx.services,
        viewerOf(ctx),
        parseId(args.migrationId, "Migration", ["migrationId"]),
        args.afterSequence ?? 0,
      ),
    resolve: (event) => event,
  }),
  realmMigrationEvents: t.field({
    type: MigrationEvent,
    description: "Live events of every migration from or to a realm (dashboards).",
    args: { realmId: t.arg.id({ required: true, description: "Realm id." }) },
    subscribe: (_root, args, ctx) =>
      realmMigrationEvents(ctx.services, viewerOf(ctx), parseId(args.realmId, "Realm", ["realmId"])),
    resolve: (event) => event,
  }),
}));
