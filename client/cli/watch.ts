// `realm-migrate watch`: follows a migration over the subscription (resuming after its last stored
// sequence, so nothing is missed or repeated) until it ends, drawing progress, and maps how it ended
// to the exit code. Stopping the watch (Ctrl-C) never touches the migration.
import type { MigrationClient, MigrationProgressEvent } from "@realm-migration/sdk";
import { STAGE_LABELS, SdkError, isFinalEvent, realmRoute } from "@realm-migration/sdk";
import { RateMeter, formatDuration, renderProgress, type Counts } from "./progress.ts";
import { counts, nextSteps, type Writer } from "./output.ts";

export const EXIT = { OK: 0, ERROR: 1, USAGE: 2, FAILED: 3, CANCELLED: 4, ROLLED_BACK: 5, INTERRUPTED: 130 } as const;

const FINAL: Record<string, number> = {
  COMPLETED: EXIT.OK,
  FAILED: EXIT.FAILED,
  CANCELLED: EXIT.CANCELLED,
  ROLLED_BACK: EXIT.ROLLED_BACK,
};

export interface WatchIo {
  stdout: Writer;
  stderr: Writer & { isTTY?: boolean; columns?: number };
  signal?: AbortSignal;
}

/** `afterSequence`: follow from there even if the migration has ended since (e.g. a rollback just requested). */
export async function watchCommand(
  client: MigrationClient,
  id: string,
  json: boolean,
  io: WatchIo,
  afterSequence?: number,
): Promise<number> {
  const migration = await client.migration(id);
  if (!migration) throw new SdkError("NOT_FOUND", `No migration "${id}" (or this token may not see it).`);
  let state = countsOf(migration);
  // What the server lets this token do next, as of the latest event (or read) seen.
  let allowed: Abilities = migration;
  const started = Date.now();
  const display = json ? undefined : new ProgressDisplay(io.stderr);
  if (!json) io.stdout.write(`Watching ${migration.type} ${migration.id} (${realmRoute(migration)})\n`);

  if (afterSequence !== undefined || !(state.status in FINAL)) {
    display?.update(state);
    const from = afterSequence ?? migration.lastSequence;
    const events = client.watch(migration.id, {
      afterSequence: from,
      signal: io.signal,
      onResubscribe: () => display?.reconnecting(),
    });
    try {
      for await (const event of events) {
        state = countsOf(event);
        allowed = event;
        if (json) io.stdout.write(JSON.stringify(event) + "\n");
        else display!.event(event, state);
      }
    } finally {
      display?.stop();
    }
    if (io.signal?.aborted) {
      // The hint only when the server says this token may cancel it.
      const hint = allowed.canCancel.allowed ? ` (realm-migrate cancel ${migration.id} stops it)` : "";
      io.stderr.write(`Stopped watching; the migration goes on${hint}.\n`);
      return EXIT.INTERRUPTED;
    }
    // The stream can end without a final event (e.g. the server shut down): ask for the status.
    if (!(state.status in FINAL)) {
      const read = await client.migration(migration.id);
      if (read) [state, allowed] = [countsOf(read), read];
    }
  }

  const code = FINAL[state.status];
  const result = { id: migration.id, type: migration.type, ...state };
  if (json) io.stdout.write(JSON.stringify({ result }) + "\n");
  else {
    io.stdout.write(`${state.status}: ${counts(state)} — watched ${formatDuration((Date.now() - started) / 1000)}\n`);
    const verification = state.status in FINAL ? (await client.migration(migration.id))?.verification : null;
    if (verification) io.stdout.write(`${verification.message}\n`);
    // What may follow (retry, roll back), as the server decided it for this token.
    io.stdout.write(nextSteps({ id: migration.id, ...allowed }));
  }
  return code ?? EXIT.ERROR;
}

type Abilities = Pick<MigrationProgressEvent, "canCancel" | "canRetry" | "canRollBack">;

function countsOf(c: Counts): Counts {
  return {
    status: c.status,
    totalDocuments: c.totalDocuments,
    processedDocuments: c.processedDocuments,
    failedDocuments: c.failedDocuments,
    cancelledDocuments: c.cancelledDocuments,
    rolledBackDocuments: c.rolledBackDocuments ?? 0,
  };
}

/** A bar redrawn in place on a terminal (and every second, for the ETA); a line a second otherwise. */
class ProgressDisplay {
  private readonly rate = new RateMeter();
  private readonly tty: boolean;
  private last: Counts | undefined;
  private lastLineAt = 0;
  /** The connection was lost and the SDK subscribes again; cleared by the next event. */
  private lost = false;
  /** The rate and ETA of the last draw while connected: held, not decayed, while reconnecting. */
  private lastRate: { perSecond: number | null; etaSeconds: number | null } = { perSecond: null, etaSeconds: null };
  private readonly ticker: NodeJS.Timeout | undefined;

  constructor(private readonly out: Writer & { isTTY?: boolean; columns?: number }) {
    this.tty = out.isTTY === true;
    if (this.tty) this.ticker = setInterval(() => this.last && this.draw(this.last), 1000).unref();
  }

  update(counts: Counts): void {
    this.last = counts;
    this.draw(counts);
  }

  reconnecting(): void {
    const first = !this.lost;
    this.lost = true;
    if (this.last) this.draw(this.last, first);
  }

  event(event: MigrationProgressEvent, counts: Counts): void {
    this.last = counts;
    this.lost = false;
    const item = event.item;
    if (item && (event.type === "ITEM_FAILED" || event.type === "ITEM_RETRYING")) {
      const what = event.type === "ITEM_FAILED" ? "failed" : `will be retried (attempt ${item.attempt} failed)`;
      const where = item.errorStage ? ` at ${STAGE_LABELS[item.errorStage]}` : "";
      this.print(`item ${item.ordinal}${documentOf(item)} ${what}${where}: ${item.error ?? event.message ?? ""}`);
    }
    if (item && event.type === "ITEM_ROLLBACK_FAILED")
      this.print(
        `item ${item.ordinal}${documentOf(item)} could not be rolled back: ${item.rollbackError ?? event.message ?? ""}`,
      );
    if (event.type === "RETRIEVAL_VERIFIED" && event.message) this.print(event.message);
    const final = isFinalEvent(event);
    this.draw(counts, final);
  }

  stop(): void {
    clearInterval(this.ticker);
    if (this.tty && this.last) this.out.write("\n");
  }

  private print(line: string): void {
    this.out.write(this.tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
    if (this.tty && this.last) this.draw(this.last);
  }

  private draw(counts: Counts, force = false): void {
    if (!this.lost) this.lastRate = this.rate.observe(counts);
    const state = { reconnecting: this.lost };
    if (this.tty) {
      const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - 70));
      this.out.write(`\r\x1b[2K${renderProgress(counts, this.lastRate, width, state)}`);
    } else if (force || Date.now() - this.lastLineAt >= 1000) {
      this.lastLineAt = Date.now();
      this.out.write(`${renderProgress(counts, this.lastRate, 20, state)}\n`);
    }
  }
}

/** " (document <id>)", or nothing when the server hid the source document (a realm the token cannot read). */
function documentOf(item: { sourceDocumentId?: string | null }): string {
  return item.sourceDocumentId ? ` (document ${item.sourceDocumentId})` : "";
}
