// Human-readable output of realm-migrate: aligned tables and one-line migration summaries. Machine output
// (--json) is printed by the commands directly, one JSON value per line.
import type { MigrationPlan, MigrationSummary } from "@realm-migration/sdk";
import { STAGE_LABELS, realmRoute, type Stage } from "@realm-migration/sdk";

const stageList = (stages: readonly Stage[], separator: string) => stages.map((s) => STAGE_LABELS[s]).join(separator);

export interface Writer {
  write(text: string): unknown;
}

export function table(rows: string[][]): string {
  if (rows.length === 0) return "";
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return (
    rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n") +
    "\n"
  );
}

export function counts(
  m: Pick<MigrationSummary, "totalDocuments" | "processedDocuments" | "failedDocuments" | "cancelledDocuments"> & {
    rolledBackDocuments?: number;
  },
): string {
  const parts = [`${m.processedDocuments}/${m.totalDocuments} processed`, `${m.failedDocuments} failed`];
  if (m.cancelledDocuments > 0) parts.push(`${m.cancelledDocuments} cancelled`);
  if (m.rolledBackDocuments) parts.push(`${m.rolledBackDocuments} rolled back`);
  return parts.join(", ");
}

/** COPY/MOVE, or "-" where the API says it does not apply (mode null: types that write into databases). */
export const modeOf = (m: Pick<MigrationSummary, "mode">): string => m.mode ?? "-";

export function summaryLine(m: MigrationSummary): string {
  return `${m.id}  ${m.type}${m.mode ? ` ${m.mode}` : ""}  ${m.status}  ${counts(m)}  (${realmRoute(m)})`;
}

/**
 * What the caller may do next with a migration, as the server decides it (canCancel/canRetry/canRollBack);
 * one line per allowed action, "" when none is.
 */
export function nextSteps(m: Pick<MigrationSummary, "id" | "canCancel" | "canRetry" | "canRollBack">): string {
  const steps = [
    m.canCancel.allowed && `realm-migrate cancel ${m.id}`,
    m.canRetry.allowed && `realm-migrate retry ${m.id}      (re-queue the failed items)`,
    m.canRollBack.allowed && `realm-migrate rollback ${m.id}   (undo it)`,
  ].filter((step): step is string => typeof step === "string");
  return steps.map((step) => `next: ${step}\n`).join("");
}

export function migrationsTable(items: MigrationSummary[]): string {
  return table([
    ["ID", "TYPE", "MODE", "STATUS", "DONE", "FAILED", "REALMS", "CREATED"],
    ...items.map((m) => [
      m.id,
      m.type,
      modeOf(m),
      m.status,
      `${m.processedDocuments}/${m.totalDocuments}`,
      String(m.failedDocuments),
      realmRoute(m),
      String(m.createdAt),
    ]),
  ]);
}

export function planText(plan: MigrationPlan): string {
  const head =
    `${plan.type}: ${plan.totalDocuments} documents — ${plan.toCreate} to create, ${plan.toRename} renamed, ` +
    `${plan.toSkip} skipped, ${plan.conflicts} conflicts; ${plan.bytesReferenced} bytes referenced\n`;
  const o = plan.options;
  // Databases by name (the plan's health check names each target), with their health.
  const databases = plan.targetDatabaseHealth.length
    ? plan.targetDatabaseHealth.map((h) => `${h.database.name} (${h.ok ? "ok" : "unreachable"})`).join(", ")
    : o.targetDatabases.length
      ? o.targetDatabases.join(", ")
      : "none";
  const options =
    `options: ${plan.type === "DOCUMENT_TO_REALM" ? `mode ${o.migrationMode}, conflicts ${o.conflictPolicy}, ` : ""}` +
    `copy stage files ${o.copyStageFiles}, re-run ${stageList(o.reprocessStages, ", ") || "nothing"}, target databases ${databases}\n`;
  const warnings = plan.warnings.map((w) => `warning: ${w.message}\n`).join("");
  const rows = plan.documents.map((d) => [
    d.action,
    d.targetTitle && d.targetTitle !== d.title ? `${d.title} → ${d.targetTitle}` : d.title,
    stageList(d.stagesCopied, ",") || "-",
    stageList(d.stagesRerun, ",") || "-",
  ]);
  const more =
    plan.totalDocuments > plan.documents.length ? `… and ${plan.totalDocuments - plan.documents.length} more\n` : "";
  return (
    head + options + warnings + (rows.length ? table([["ACTION", "DOCUMENT", "COPIED", "RE-RUN"], ...rows]) : "") + more
  );
}
