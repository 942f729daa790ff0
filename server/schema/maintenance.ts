// Maintenance operations for admins.
import { builder } from "../builder.ts";
import { collectBlobGarbage, type GcResult } from "../services/blob-gc.ts";
import { InvalidInputError } from "../services/errors.ts";

const GcResultRef = builder.objectRef<GcResult>("BlobGarbageCollection").implement({
  description: "What a blob garbage collection removed.",
  fields: (t) => ({
    blobsDeleted: t.exposeInt("blobsDeleted", { description: "Blobs (rows and files) deleted." }),
    bytesFreed: t.float({ description: "Bytes freed on disk.", resolve: (r) => r.bytesFreed }),
  }),
});

builder.mutationFields((t) => ({
  collectBlobGarbage: t.field({
    type: GcResultRef,
    description:
      "Deletes blobs nothing references any more (admin only). Blobs younger than the grace period are kept.",
    authScopes: { admin: true },
    errors: {},
    args: { graceSeconds: t.arg.int({ description: "Keep blobs younger than this (default 3600)." }) },
    resolve: (_root, args, ctx) => {
      const graceSeconds = args.graceSeconds ?? 3600;
      if (graceSeconds < 0) throw new InvalidInputError("graceSeconds cannot be negative.", ["graceSeconds"]);
      return collectBlobGarbage(ctx.services.db.prisma, ctx.services.blobs, { graceMs: graceSeconds * 1000 });
    },
  }),
}));
