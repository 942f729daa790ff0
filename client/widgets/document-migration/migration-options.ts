// The choices of a DOCUMENT_TO_REALM migration as the dialog holds them, and the API input they make.
import {
  STAGE_NAMES,
  type ConflictPolicy,
  type MigrationInput,
  type MigrationMode,
  type Stage,
} from "@realm-migration/sdk";

/** The processing pipeline, in order (MARKDOWN_OPTIMIZER is optional). */
export const PIPELINE_STAGES: readonly Stage[] = STAGE_NAMES;

export interface MigrationChoices {
  targetRealmId: string;
  mode: MigrationMode;
  copyStageFiles: boolean;
  reprocessStages: Stage[];
  conflictPolicy: ConflictPolicy;
}

export const defaultChoices: MigrationChoices = {
  targetRealmId: "",
  mode: "COPY",
  copyStageFiles: true,
  reprocessStages: ["INGESTOR"],
  conflictPolicy: "FAIL",
};

export function toMigrationInput(
  sourceRealmId: string,
  documentIds: string[] | undefined,
  c: MigrationChoices,
): MigrationInput {
  return {
    type: "DOCUMENT_TO_REALM",
    sourceRealmId,
    targetRealmId: c.targetRealmId,
    ...(documentIds ? { documentIds } : { filter: {} }),
    options: {
      migrationMode: c.mode,
      copyStageFiles: c.copyStageFiles,
      reprocessStages: PIPELINE_STAGES.filter((s) => c.reprocessStages.includes(s)),
      conflictPolicy: c.conflictPolicy,
    },
  };
}
