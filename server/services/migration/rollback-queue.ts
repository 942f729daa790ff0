// The rollback side of the runner's queue: items of ROLLING_BACK migrations, claimed newest first
// (the reverse of the run) with the same leases as a run (queue/leases.ts), their outcome written with an
// event in one transaction, and the migration ending ROLLED_BACK — or FAILED when some items could not be undone.
import type { Prisma } from "../db/open.ts";
import type { MigrationItem } from "../../generated/prisma/client.ts";
import { snapshot, type MigrationEvents } from "./events.ts";
import * as leases from "../queue/leases.ts";
import { MIGRATION_ROLLBACKS } from "../queue/queues.ts";

export class RollbackQueue {
  constructor(
    private readonly prisma: Prisma,
    private readonly events: MigrationEvents,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  /**
   * Claims up to `limit` items to undo: pending and due, in progress under an expired lease, or in progress
   * under this process's lease but not among `working` (what this process still works on: an outcome it
   * could not record while the database was unavailable). `own` marks the latter.
   */
  async claim(
    limit: number,
    working: string[],
  ): Promise<Array<{ item: MigrationItem; takenOver: boolean; own: boolean }>> {
    const claimed = await leases.claim(this.prisma, MIGRATION_ROLLBACKS, {
      owner: this.owner,
      limit,
      leaseMs: this.leaseMs,
      working,
    });
    return claimed
      .map(({ row, takenOver, own }) => ({ item: row, takenOver, own }))
      .sort((a, b) => b.item.ordinal - a.item.ordinal);
  }

  /** The item is undone; false when this process had lost its lease (another one finished it). */
  succeed(item: MigrationItem): Promise<boolean> {
    return this.events.commit(async (tx, emit) => {
      const updated = await leases.leave(tx, MIGRATION_ROLLBACKS, this.leaseOf(item), "DONE", {
        rolledBackAt: new Date(),
        rollbackError: null,
      });
      if (!updated) return false;
      emit(
        await this.events.append(tx, item.migrationId, "item.rolled_back", {
          delta: { rolledBack: 1 },
          item: snapshot(updated),
        }),
      );
      return true;
    });
  }

  /** Back to PENDING after `retryInMs`, or FAILED (null); false when the lease was lost. */
  fail(item: MigrationItem, message: string, retryInMs: number | null): Promise<boolean> {
    return this.events.commit(async (tx, emit) => {
      const retry = retryInMs !== null;
      const updated = await leases.fail(tx, MIGRATION_ROLLBACKS, this.leaseOf(item), retryInMs, {
        rollbackError: message,
        nextAttemptAt: null,
      });
      if (!updated) return false;
      emit(
        await this.events.append(tx, item.migrationId, retry ? "item.rollback_retrying" : "item.rollback_failed", {
          item: snapshot(updated),
          message,
        }),
      );
      return true;
    });
  }

  /** Rollbacks with nothing left to do end ROLLED_BACK, or FAILED when items could not be undone. */
  async finalize(): Promise<Array<{ id: string; status: "ROLLED_BACK" | "FAILED" }>> {
    const open = await this.prisma.$queryRawUnsafe<Array<{ id: string; failed: number }>>(
      `SELECT m.id, (SELECT count(*) FROM "MigrationItem" f WHERE f."migrationId" = m.id AND f."rollbackStatus" = 'FAILED')::int AS failed
       FROM "Migration" m WHERE m.status = 'ROLLING_BACK'
         AND NOT EXISTS (SELECT 1 FROM "MigrationItem" i WHERE i."migrationId" = m.id AND i."rollbackStatus" IN ('PENDING', 'IN_PROGRESS'))`,
    );
    const finished: Array<{ id: string; status: "ROLLED_BACK" | "FAILED" }> = [];
    for (const m of open) {
      const status = Number(m.failed) > 0 ? "FAILED" : "ROLLED_BACK";
      const error =
        status === "FAILED"
          ? `Rollback incomplete: ${m.failed} item(s) could not be undone (see their rollbackError); rollbackMigration again retries them.`
          : null;
      const done = await this.events.commit(async (tx, emit) => {
        const changed = await tx.migration.updateMany({
          where: { id: m.id, status: "ROLLING_BACK" },
          data: { status, error, ...(status === "ROLLED_BACK" ? { rolledBackAt: new Date() } : {}) },
        });
        if (changed.count === 1)
          emit(
            await this.events.append(
              tx,
              m.id,
              status === "ROLLED_BACK" ? "migration.rolled_back" : "migration.rollback_failed",
              { message: error },
            ),
          );
        return changed.count === 1;
      });
      if (done) finished.push({ id: m.id, status });
    }
    return finished;
  }

  /** The attempt fences this claim off from a later one by the same process. */
  private leaseOf(item: MigrationItem) {
    return leases.leaseOf(MIGRATION_ROLLBACKS, item, this.owner);
  }
}
