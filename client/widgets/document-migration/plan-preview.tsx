// The planMigration preview: counts, conflicts, the stages that will run, the target databases by name with
// their health, the plan's warnings (no database, one that does not answer), and the first documents.
import type { ResultOf } from "@graphql-typed-document-node/core";
import type { MigrationDialogPlanMutation } from "./operations.ts";
import type { Stage } from "@realm-migration/sdk";
import { formatBytes, stageLabel } from "../format.ts";

type PlanResult = ResultOf<typeof MigrationDialogPlanMutation>["planMigration"];
export type MigrationPlanPreview = Extract<PlanResult, { data: unknown }>["data"];

export function PlanPreview({ plan, requestedStages }: { plan: MigrationPlanPreview; requestedStages: Stage[] }) {
  const rerun = [...new Set(plan.documents.flatMap((d) => d.stagesRerun))];
  const pulledIn = rerun.filter((s) => !requestedStages.includes(s));
  return (
    <div className="rms-plan">
      <dl className="rms-plan__counts">
        <div>
          <dt>Documents</dt>
          <dd>{plan.totalDocuments}</dd>
        </div>
        <div>
          <dt>To create</dt>
          <dd>{plan.toCreate}</dd>
        </div>
        <div>
          <dt>Renamed</dt>
          <dd>{plan.toRename}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd>{plan.toSkip}</dd>
        </div>
        <div className={plan.conflicts > 0 ? "rms-plan__conflicts" : undefined}>
          <dt>Conflicts</dt>
          <dd>{plan.conflicts}</dd>
        </div>
        <div>
          <dt>Referenced</dt>
          <dd>{formatBytes(plan.bytesReferenced)}</dd>
        </div>
      </dl>
      <p className="rms-muted">
        Stages re-run: {rerun.length > 0 ? rerun.map(stageLabel).join(", ") : "none"}
        {pulledIn.length > 0 && (
          <> (pulled in because their inputs are not copied: {pulledIn.map(stageLabel).join(", ")})</>
        )}
      </p>
      {plan.warnings.length > 0 && (
        <ul className="rms-plan__warnings" aria-label="Warnings">
          {plan.warnings.map((w, i) => (
            <li key={`${w.code}-${w.database?.id ?? i}`} className="rms-warning" data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {plan.targetDatabaseHealth.length > 0 && (
        <>
          <h4 className="rms-plan__subheading">
            Into {plan.targetDatabaseHealth.length} database{plan.targetDatabaseHealth.length === 1 ? "" : "s"}
          </h4>
          <ul className="rms-plan__databases" aria-label="Target databases">
            {plan.targetDatabaseHealth.map((h) => (
              <li key={h.database.id} data-ok={h.ok}>
                <span className={`rms-health rms-health--${h.ok ? "ok" : "down"}`}>
                  {h.ok ? "Reachable" : "Not reachable"}
                </span>{" "}
                <strong>{h.database.name}</strong> <span className="rms-muted">({h.database.kind.toLowerCase()})</span>
                {/* A warning above already says why, in full. */}
                {!h.ok && !plan.warnings.some((w) => w.database?.id === h.database.id) && (
                  <span className="rms-failure-message">{h.message}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.documents.length > 0 && (
        <ul className="rms-plan__documents" aria-label="Planned documents">
          {plan.documents.map((d) => (
            <li key={d.documentId} data-action={d.action}>
              <span className={`rms-action rms-action--${d.action.toLowerCase()}`}>{d.action}</span> {d.title}
              {d.action === "RENAME" && d.targetTitle && <> → {d.targetTitle}</>}
            </li>
          ))}
          {plan.totalDocuments > plan.documents.length && (
            <li className="rms-muted">and {plan.totalDocuments - plan.documents.length} more</li>
          )}
        </ul>
      )}
    </div>
  );
}
