// The progress line of `realm-migrate watch`: a bar of finished/total items, failures, the rate since
// watching began and an ETA, or "reconnecting…" while the server is unreachable (the rate is then held, not
// decayed). Pure functions of the counts and the clock, so they are tested directly.

export interface Counts {
  status: string;
  totalDocuments: number;
  /** COMPLETED + SKIPPED items, as the API counts them. */
  processedDocuments: number;
  failedDocuments: number;
  cancelledDocuments: number;
  /** Items undone by a rollback. */
  rolledBackDocuments?: number;
}

const FINAL = ["COMPLETED", "FAILED", "CANCELLED", "ROLLED_BACK"];
const isFinal = (c: Counts) => FINAL.includes(c.status);

const rollingBack = (c: Counts) => c.status === "ROLLING_BACK" || c.status === "ROLLED_BACK";

/** Items that reached a final state; during a rollback, items undone. */
export const finished = (c: Counts): number =>
  rollingBack(c) ? (c.rolledBackDocuments ?? 0) : c.processedDocuments + c.failedDocuments + c.cancelledDocuments;

/** Measures items per second from the first observation on (items finished before watching don't count). */
export class RateMeter {
  private start: { at: number; done: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  observe(counts: Counts): { perSecond: number | null; etaSeconds: number | null } {
    const at = this.now();
    const done = finished(counts);
    this.start ??= { at, done };
    const seconds = (at - this.start.at) / 1000;
    // Under a second the rate is noise while running; once the run ended it is simply what happened.
    const enough = seconds >= 1 || (isFinal(counts) && seconds > 0);
    const perSecond = enough && done > this.start.done ? (done - this.start.done) / seconds : null;
    const remaining = Math.max(0, counts.totalDocuments - done);
    return { perSecond, etaSeconds: perSecond ? remaining / perSecond : remaining === 0 ? 0 : null };
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** e.g. `[██████░░░░]  60%  6/10  failed 1  2.5/s  ETA 0:02  IN_PROGRESS` */
export function renderProgress(
  counts: Counts,
  rate: { perSecond: number | null; etaSeconds: number | null },
  barWidth = 30,
  state: { reconnecting?: boolean } = {},
): string {
  const total = counts.totalDocuments;
  const done = finished(counts);
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * barWidth);
  const parts = [
    `[${"█".repeat(filled)}${"░".repeat(barWidth - filled)}]`,
    `${String(Math.floor(ratio * 100)).padStart(3)}%`,
    `${done}/${total}`,
    rollingBack(counts) ? "rolled back" : `failed ${counts.failedDocuments}`,
  ];
  if (counts.cancelledDocuments > 0) parts.push(`cancelled ${counts.cancelledDocuments}`);
  if (state.reconnecting) parts.push("reconnecting…");
  else if (rate.perSecond !== null) parts.push(`${rate.perSecond.toFixed(rate.perSecond < 10 ? 1 : 0)}/s`);
  // A run that ended before it could be measured has no rate to show; a running one says it is not known yet.
  else if (!isFinal(counts)) parts.push("-/s");
  if (!state.reconnecting && !isFinal(counts))
    parts.push(`ETA ${rate.etaSeconds === null ? "-" : formatDuration(rate.etaSeconds)}`);
  parts.push(counts.status);
  return parts.join("  ");
}
