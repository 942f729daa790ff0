// Maintenance operations for admins.
import { builder, viewerOf } from "../builder.ts";
import { InvalidInputError } from "../services/errors.ts";
import type { GcResult } from "../services/blob-gc.ts";

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
    errors: { types: [InvalidInputError] },
    args: { graceSeconds: t.arg.int({ description: "Keep blobs younger than this (default 3600)." }) },
    resolve: (_root, args, ctx) => ctx.services.blobGc.collect(viewerOf(ctx), args.graceSeconds ?? 3600),
  }),
}));
