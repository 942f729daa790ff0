// DocumentMigrationDialog: copy or move documents of a realm to another realm. Every change of the
// choices runs planMigration (a dry run) and shows its preview; "Start migration" creates exactly the
// planned migration and is only offered once the current choices have a plan without blocking conflicts.
import { useEffect, useId, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Dialog } from "../dialog.tsx";
import { MigrationDialogPlanMutation, MigrationDialogRealmsQuery } from "./operations.ts";
import { defaultChoices, toMigrationInput, type MigrationChoices } from "./migration-options.ts";
import { MigrationOptionsForm } from "./migration-options-form.tsx";
import { PlanPreview, type MigrationPlanPreview } from "./plan-preview.tsx";
import { readMigrationDetails, readTypedError, type MigrationDetails, type MigrationInput } from "@realm-migration/sdk";
import { CreateMigrationMutation } from "@realm-migration/sdk/operations";

/** A migration just created, as createMigration returned it: the monitor's `initialMigration`. */
export type StartedMigration = MigrationDetails;

export interface DocumentMigrationDialogProps {
  open: boolean;
  sourceRealm: { id: string; name: string };
  /** Documents to migrate; all of the realm's documents when omitted. */
  documentIds?: string[];
  onClose: () => void;
  /**
   * Called with the new migration once it was created; pass it on as the monitor's `initialMigration` to show
   * it without reading it again.
   */
  onStarted: (migration: StartedMigration) => void;
}

type Preview =
  | { key: string; state: "planning" }
  | { key: string; state: "ready"; plan: MigrationPlanPreview }
  | { key: string; state: "error"; message: string };

export function DocumentMigrationDialog(props: DocumentMigrationDialogProps) {
  const { open, sourceRealm, documentIds, onClose, onStarted } = props;
  const [choices, setChoices] = useState<MigrationChoices>(defaultChoices);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [realms] = useQuery({ query: MigrationDialogRealmsQuery, pause: !open });
  const [, plan] = useMutation(MigrationDialogPlanMutation);
  const [creating, create] = useMutation(CreateMigrationMutation);
  const blockedReasonId = useId();
  const conflictMessageId = useId();

  useEffect(() => {
    if (open) {
      setChoices(defaultChoices);
      setPreview(null);
      setStartError(null);
    }
  }, [open, sourceRealm.id]);

  const targets = (realms.data?.realms ?? []).filter((r) => r.id !== sourceRealm.id);
  // The input's JSON is its identity: a new documentIds array with the same ids plans nothing new.
  const key = JSON.stringify(toMigrationInput(sourceRealm.id, documentIds, choices));

  useEffect(() => {
    if (!open || !choices.targetRealmId) return;
    let current = true;
    setPreview({ key, state: "planning" });
    const timer = setTimeout(() => {
      void plan({ input: JSON.parse(key) as MigrationInput }).then((result) => {
        if (!current) return;
        const outcome = result.data?.planMigration;
        if (outcome && "data" in outcome) setPreview({ key, state: "ready", plan: outcome.data });
        else
          setPreview({
            key,
            state: "error",
            message: readTypedError(outcome)?.message ?? result.error?.message ?? "Planning failed.",
          });
      });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, key, plan, choices.targetRealmId]);

  const ready = preview?.key === key && preview.state === "ready" ? preview.plan : null;
  const blocked = !ready || ready.totalDocuments === 0 || (choices.conflictPolicy === "FAIL" && ready.conflicts > 0);
  const conflicting = ready !== null && choices.conflictPolicy === "FAIL" && ready.conflicts > 0;
  // Why Start is not offered: the button stays focusable (aria-disabled) and is described by the reason (for
  // conflicts, the preview's own message).
  const blockedReason = !choices.targetRealmId
    ? "Choose a target realm first."
    : !ready
      ? "Waiting for the preview."
      : ready.totalDocuments === 0
        ? "No documents are selected."
        : null;
  const describedBy = !blocked
    ? undefined
    : conflicting
      ? conflictMessageId
      : blockedReason
        ? blockedReasonId
        : undefined;

  const start = async () => {
    if (blocked || creating.fetching) return;
    setStartError(null);
    const result = await create({ input: JSON.parse(key) as MigrationInput });
    const outcome = result.data?.createMigration;
    if (outcome && "data" in outcome) {
      onStarted(readMigrationDetails(outcome.data));
      onClose();
    } else {
      setStartError(readTypedError(outcome)?.message ?? result.error?.message ?? "Could not start.");
    }
  };

  return (
    <Dialog
      open={open}
      title="Migrate documents"
      description={
        <>
          {documentIds
            ? `${documentIds.length} selected document${documentIds.length === 1 ? "" : "s"}`
            : "All documents"}{" "}
          of <strong>{sourceRealm.name}</strong>
        </>
      }
      onClose={onClose}
      footer={
        <>
          <button type="button" className="rms-button rms-button--quiet" onClick={onClose}>
            Cancel
          </button>
          {blocked && !conflicting && blockedReason && (
            <span id={blockedReasonId} className="rms-visually-hidden">
              {blockedReason}
            </span>
          )}
          <button
            type="button"
            className="rms-button rms-button--primary"
            aria-disabled={blocked || creating.fetching}
            aria-describedby={describedBy}
            onClick={() => void start()}
          >
            {creating.fetching ? "Starting…" : "Start migration"}
          </button>
        </>
      }
    >
      <MigrationOptionsForm
        choices={choices}
        onChange={(change) => setChoices((c) => ({ ...c, ...change }))}
        targets={targets}
        loadingTargets={realms.fetching}
        targetsError={realms.error?.message ?? null}
      />

      <section
        className="rms-preview"
        aria-label="Preview"
        aria-live="polite"
        aria-busy={preview?.state === "planning"}
      >
        <h3>Preview</h3>
        {!choices.targetRealmId && <p className="rms-muted">Choose a target realm to see what will happen.</p>}
        {choices.targetRealmId && preview?.state === "planning" && <p className="rms-muted">Planning…</p>}
        {preview?.key === key && preview.state === "error" && (
          <p role="alert" className="rms-error">
            {preview.message}
          </p>
        )}
        {ready && <PlanPreview plan={ready} requestedStages={choices.reprocessStages} />}
        {ready && conflicting && (
          <p id={conflictMessageId} className="rms-warning">
            {ready.conflicts} title{ready.conflicts === 1 ? " exists" : "s exist"} in the target realm: choose to skip
            or rename them.
          </p>
        )}
        {ready && ready.totalDocuments === 0 && <p className="rms-warning">No documents are selected.</p>}
      </section>
      {startError && (
        <p role="alert" className="rms-error">
          {startError}
        </p>
      )}
    </Dialog>
  );
}
