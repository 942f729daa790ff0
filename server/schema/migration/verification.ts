// What a migrated document's verification found: stage file hashes and database record counts.
import { nodeRef } from "../ids.ts";
import { builder } from "../../builder.ts";
import { StageEnum, stageOf } from "../vocabulary.ts";
import { DatabaseKindEnum } from "../database.ts";
import type { Verification } from "../../services/migration/verify.ts";

const StageFileCheck = builder.objectRef<Verification["stageFiles"][number]>("StageFileCheck").implement({
  description: "A stage file of the source compared with the target's.",
  fields: (t) => ({
    stage: t.field({ type: StageEnum, description: "Stage.", resolve: (c) => stageOf(c.stage) }),
    sourceSha256: t.exposeString("sourceSha256", { nullable: true, description: "Source file hash." }),
    targetSha256: t.exposeString("targetSha256", { nullable: true, description: "Target file hash." }),
    copied: t.exposeBoolean("copied", { description: "Copied (must be equal) rather than re-run." }),
    equal: t.exposeBoolean("equal", { description: "Hashes are equal." }),
  }),
});

const RecordCounts = builder
  .objectRef<{ points: number; nodes: number; relationships: number }>("RecordCounts")
  .implement({
    description: "Records of one document in one database.",
    fields: (t) => ({
      points: t.exposeInt("points", { description: "Chunk records." }),
      nodes: t.exposeInt("nodes", { description: "Entity records." }),
      relationships: t.exposeInt("relationships", { description: "Relation records." }),
    }),
  });

const IngestionCheck = builder.objectRef<Verification["ingestions"][number]>("IngestionCheck").implement({
  description: "What a target database holds for the document, against what was expected.",
  fields: (t) => ({
    databaseId: t.globalID({ description: "Database.", resolve: (c) => nodeRef("Database", c.databaseId) }),
    kind: t.field({ type: DatabaseKindEnum, description: "Its kind.", resolve: (c) => c.kind }),
    expected: t.field({
      type: RecordCounts,
      description: "Expected counts (the source's, where comparable).",
      resolve: (c) => c.expected,
    }),
    actual: t.field({ type: RecordCounts, description: "Counted in the database.", resolve: (c) => c.actual }),
    equal: t.exposeBoolean("equal", { description: "Counts match." }),
    notHeld: t.exposeStringList("notHeld", {
      description: "Records this kind of database cannot hold (e.g. the graph in Qdrant).",
    }),
  }),
});

export const VerificationRef = builder.objectRef<Verification>("Verification").implement({
  description: "The check run after a document was migrated.",
  fields: (t) => ({
    ok: t.exposeBoolean("ok", { description: "Everything matched." }),
    stageFiles: t.field({ type: [StageFileCheck], description: "Stage file hashes.", resolve: (v) => v.stageFiles }),
    ingestions: t.field({
      type: [IngestionCheck],
      description: "Database record counts.",
      resolve: (v) => v.ingestions,
    }),
  }),
});
