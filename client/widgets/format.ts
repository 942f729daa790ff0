// Small display helpers shared by the widgets.
import { STAGE_LABELS, type Stage } from "@realm-migration/sdk";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

/** The first block of a UUID: enough to tell documents apart in a list. */
export function shortId(id: string): string {
  return id.split("-")[0] ?? id;
}

export { ACTIVE_MIGRATION_STATUSES as ACTIVE_STATUSES } from "@realm-migration/sdk";

/** A stage as people read it: CHUNKER is shown as "chunker", as the pipeline names it. */
export function stageLabel(stage: Stage): string {
  return STAGE_LABELS[stage];
}

export function statusLabel(status: string): string {
  const lower = status.toLowerCase().replace(/_/g, " ");
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** A duration in milliseconds, in the unit that reads best: "850 ms", "4.2 s", "3.5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A rate or other fractional figure with at most two decimals. */
export function formatNumber(value: number): string {
  return decimal.format(value);
}
