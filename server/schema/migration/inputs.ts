// MigrationInput and its parts, and their translation to the service's MigrationRequest.
import { builder } from "../../builder.ts";
import { RetrievalParityInput } from "../parity.ts";
import { parseId } from "../ids.ts";
import { DocumentStatusEnum } from "../document.ts";
import { StageEnum } from "../vocabulary.ts";
import type { MigrationRequest } from "../../services/migration/types.ts";
import type { MigrationListFilter } from "../../services/migration/service.ts";
import { ConflictPolicyEnum, MigrationModeEnum, MigrationTypeEnum } from "./enums.ts";

const SelectionFilterInput = builder.inputType("DocumentSelectionFilter", {
  description: "Selects documents of the source realm; {} selects all.",
  fields: (t) => ({
    status: t.field({ type: DocumentStatusEnum, description: "Only documents in this state." }),
    titlePrefix: t.string({ description: "Only titles starting with this." }),
  }),
});

const MigrationOptionsInput = builder.inputType("MigrationOptionsInput", {
  fields: (t) => ({
    migrationMode: t.field({ type: MigrationModeEnum, description: "COPY (default) or MOVE." }),
    copyStageFiles: t.boolean({ description: "Copy stage files (default true)." }),
    reprocessStages: t.field({
      type: [StageEnum],
      description: "Stages to re-run on the target (default [INGESTOR]).",
    }),
    preserveOriginal: t.boolean({
      description: "Keep the source documents (default: true for COPY; must not be true for MOVE).",
    }),
    targetDatabases: t.idList({ description: "Databases to write to (default: all of the target realm's)." }),
    conflictPolicy: t.field({ type: ConflictPolicyEnum, description: "Title conflicts (default FAIL)." }),
    sourceDatabaseId: t.id({ description: "CROSS_DATABASE: database to read from." }),
    removeFromSource: t.boolean({ description: "CROSS_DATABASE: remove records from the source after verification." }),
    retrievalParity: t.field({ type: RetrievalParityInput, description: "Retrieval-parity verification settings." }),
  }),
});

export const MigrationInput = builder.inputType("MigrationInput", {
  fields: (t) => ({
    type: t.field({ type: MigrationTypeEnum, required: true, description: "Kind." }),
    sourceRealmId: t.id({ required: true, description: "Realm the documents are in." }),
    targetRealmId: t.id({ description: "Target realm (defaults to the source realm)." }),
    documentIds: t.idList({ description: "Explicit documents (up to 10,000); or use filter." }),
    filter: t.field({ type: SelectionFilterInput, description: "Documents by filter ({} = all)." }),
    options: t.field({ type: MigrationOptionsInput, description: "Options." }),
    scheduledAt: t.field({ type: "DateTime", description: "Start at this time instead of now." }),
  }),
});

export function toRequest(input: typeof MigrationInput.$inferInput): MigrationRequest {
  const o = input.options;
  return {
    type: input.type,
    sourceRealmId: parseId(input.sourceRealmId, "Realm", ["input", "sourceRealmId"]),
    targetRealmId:
      input.targetRealmId != null ? parseId(input.targetRealmId, "Realm", ["input", "targetRealmId"]) : null,
    documentIds:
      input.documentIds?.map((id, i) => parseId(id, "Document", ["input", "documentIds", String(i)])) ?? null,
    filter: input.filter ?? null,
    scheduledAt: input.scheduledAt ?? null,
    options: o
      ? {
          ...o,
          targetDatabases:
            o.targetDatabases?.map((id, i) =>
              parseId(id, "Database", ["input", "options", "targetDatabases", String(i)]),
            ) ?? null,
          sourceDatabaseId:
            o.sourceDatabaseId != null
              ? parseId(o.sourceDatabaseId, "Database", ["input", "options", "sourceDatabaseId"])
              : null,
        }
      : null,
  };
}

export const listFilter = (
  args: Omit<MigrationListFilter, "realmId"> & { realmId?: string | null },
): MigrationListFilter => ({
  ...args,
  realmId: args.realmId != null ? parseId(args.realmId, "Realm", ["realmId"]) : null,
});
