// migrations / migration queries.
import { builder, viewerOf } from "../../builder.ts";
import { parseId } from "../ids.ts";
import { MigrationStatusEnum, MigrationTypeEnum } from "./enums.ts";
import { listFilter } from "./inputs.ts";

builder.queryFields((t) => ({
  migrations: t.prismaConnection({
    type: "Migration",
    cursor: "id",
    description: "Migrations you can see, newest first.",
    args: {
      realmId: t.arg.id({ description: "Only migrations from or to this realm." }),
      status: t.arg({ type: MigrationStatusEnum, description: "Only in this state." }),
      type: t.arg({ type: MigrationTypeEnum, description: "Only of this kind." }),
    },
    totalCount: (_p, args, ctx) => ctx.services.migrations.count(viewerOf(ctx), listFilter(args)),
    resolve: (query, _root, args, ctx) => ctx.services.migrations.list(viewerOf(ctx), listFilter(args), query),
  }),
  migration: t.prismaField({
    type: "Migration",
    nullable: true,
    description: "One migration, or null when it does not exist or your token cannot see it.",
    args: { id: t.arg.id({ required: true, description: "Migration id." }) },
    resolve: async (_query, _root, args, ctx) =>
      ctx.services.migrations.get(viewerOf(ctx), parseId(args.id, "Migration", ["id"])).catch((error: unknown) => {
        if ((error as { code?: string }).code === "NOT_FOUND") return null;
        throw error;
      }),
  }),
}));
