// The choices of a document migration: target realm, mode, stage files, stages to re-run, conflict policy.
import { useId } from "react";
import type { ConflictPolicy, Stage } from "@realm-migration/sdk";
import { PIPELINE_STAGES, type MigrationChoices } from "./migration-options.ts";
import { stageLabel } from "../format.ts";

export interface MigrationOptionsFormProps {
  choices: MigrationChoices;
  onChange: (change: Partial<MigrationChoices>) => void;
  /** Realms the documents can go to (the source excluded). */
  targets: Array<{ id: string; name: string; documentCount: number }>;
  loadingTargets: boolean;
  targetsError: string | null;
}

const POLICIES: Array<{ value: ConflictPolicy; label: string }> = [
  { value: "FAIL", label: "Refuse the migration" },
  { value: "SKIP", label: "Skip that document" },
  { value: "RENAME", label: "Copy under a new title" },
];

const toggled = (stages: Stage[], stage: Stage, on: boolean) =>
  on ? [...stages, stage] : stages.filter((s) => s !== stage);

export function MigrationOptionsForm({
  choices,
  onChange,
  targets,
  loadingTargets,
  targetsError,
}: MigrationOptionsFormProps) {
  const ids = useId();
  return (
    <form className="rms-form" onSubmit={(event) => event.preventDefault()}>
      <div className="rms-field">
        <label htmlFor={`${ids}-target`}>Target realm</label>
        <select
          id={`${ids}-target`}
          data-autofocus
          value={choices.targetRealmId}
          onChange={(event) => onChange({ targetRealmId: event.target.value })}
        >
          <option value="">{loadingTargets ? "Loading realms…" : "Choose a realm"}</option>
          {targets.map((realm) => (
            <option key={realm.id} value={realm.id}>
              {realm.name} ({realm.documentCount} documents)
            </option>
          ))}
        </select>
        {targetsError && (
          <p role="alert" className="rms-error">
            {targetsError}
          </p>
        )}
      </div>

      <fieldset className="rms-field">
        <legend>Mode</legend>
        <label className="rms-choice">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={choices.mode === "COPY"}
            onChange={() => onChange({ mode: "COPY" })}
          />
          Copy — keep the originals
        </label>
        <label className="rms-choice">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={choices.mode === "MOVE"}
            onChange={() => onChange({ mode: "MOVE" })}
          />
          Move — retire the originals once the copies are verified
        </label>
      </fieldset>

      <label className="rms-choice">
        <input
          type="checkbox"
          checked={choices.copyStageFiles}
          onChange={(event) => onChange({ copyStageFiles: event.target.checked })}
        />
        Copy stage files (re-run only what is listed below)
      </label>

      <fieldset className="rms-field">
        <legend>Stages to re-run</legend>
        <div className="rms-stage-list">
          {PIPELINE_STAGES.map((stage) => (
            <label key={stage} className="rms-choice">
              <input
                type="checkbox"
                checked={choices.reprocessStages.includes(stage)}
                onChange={(event) =>
                  onChange({ reprocessStages: toggled(choices.reprocessStages, stage, event.target.checked) })
                }
              />
              {stageLabel(stage)}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="rms-field">
        <label htmlFor={`${ids}-policy`}>When a title already exists in the target</label>
        <select
          id={`${ids}-policy`}
          value={choices.conflictPolicy}
          onChange={(event) => onChange({ conflictPolicy: event.target.value as ConflictPolicy })}
        >
          {POLICIES.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
