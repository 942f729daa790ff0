// The lease statements against a real database, for the three queues that use them: what a claim takes (due,
// in scope, in order; an expired lease taken over; an own lease no longer worked on reclaimed; never a row
// another claim holds), that leases are timed by the database clock, that leaving is fenced by owner and
// attempt so a row ends once, and what fail, extend and release do to exactly the rows they may touch.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Prisma } from "../../../server/services/db/open.ts";
import type { MigrationItem, MigrationStatus } from "../../../server/generated/prisma/client.ts";
import * as leases from "../../../server/services/queue/leases.ts";
import {
  MIGRATION_ITEM_QUEUES,
  MIGRATION_ROLLBACKS,
  MIGRATION_RUNS,
  WEBHOOK_DELIVERIES,
} from "../../../server/services/queue/queues.ts";
import { dialects } from "../../helpers/services.ts";
import { openTestDb, type TestDb } from "../metadata-db.ts";

const ME = "host-a:100:aaaaaa";
const OTHER = "host-b:200:bbbbbb";
const LEASE_MS = 30_000;
const MINUTE = 60_000;

describe.each(dialects())("lease statements (%s)", (dialect) => {
  let testDb: TestDb;
  let prisma: Prisma;
  let realmId: string;

  beforeAll(async () => {
    testDb = await openTestDb(dialect);
    prisma = testDb.db.prisma;
    realmId = (await prisma.realm.create({ data: { name: `queue-${dialect}` } })).id;
  });

  afterAll(async () => {
    await testDb?.close();
  });

  beforeEach(async () => {
    await prisma.migrationItem.deleteMany();
    await prisma.migration.deleteMany();
    await prisma.webhookDelivery.deleteMany();
    await prisma.webhook.deleteMany();
  });

  async function migration(status: MigrationStatus, items: number, createdAt = new Date()) {
    const m = await prisma.migration.create({
      data: {
        type: "DOCUMENT_TO_REALM",
        status,
        sourceRealmId: realmId,
        targetRealmId: realmId,
        createdAt,
        rollbackRequestedAt: status === "ROLLING_BACK" ? createdAt : null,
      },
    });
    await prisma.migrationItem.createMany({
      data: Array.from({ length: items }, (_, ordinal) => ({
        migrationId: m.id,
        ordinal,
        sourceDocumentId: crypto.randomUUID(),
        status: status === "ROLLING_BACK" ? ("COMPLETED" as const) : ("PENDING" as const),
        rollbackStatus: status === "ROLLING_BACK" ? ("PENDING" as const) : null,
      })),
    });
    const rows = await prisma.migrationItem.findMany({ where: { migrationId: m.id }, orderBy: { ordinal: "asc" } });
    return { id: m.id, items: rows };
  }

  async function dbNow(): Promise<number> {
    const [row] = await prisma.$queryRawUnsafe<Array<{ now: Date }>>(`SELECT ${leases.DB_NOW} AS now`);
    return new Date(row!.now).getTime();
  }

  const claimRuns = (owner: string, limit = 10, working: string[] = []) =>
    leases.claim(prisma, MIGRATION_RUNS, { owner, limit, leaseMs: LEASE_MS, working });

  const item = (id: string) => prisma.migrationItem.findUniqueOrThrow({ where: { id } });

  it("claims due items of running migrations only, oldest migration first, leased by the database clock", async () => {
    const older = await migration("IN_PROGRESS", 3, new Date(Date.now() - MINUTE));
    const newer = await migration("IN_PROGRESS", 2);
    await migration("PENDING", 2);
    await migration("CANCELLING", 2);
    await prisma.migrationItem.update({
      where: { id: older.items[2]!.id },
      data: { nextAttemptAt: new Date(Date.now() + MINUTE) },
    });

    const before = await dbNow();
    const claimed = await claimRuns(ME, 3);
    const after = await dbNow();

    expect(claimed.map((c) => c.row.id).sort()).toEqual(
      [older.items[0]!.id, older.items[1]!.id, newer.items[0]!.id].sort(),
    );
    for (const { row, takenOver, own } of claimed) {
      expect({ takenOver, own, status: row.status, leaseOwner: row.leaseOwner, attempt: row.attempt }).toEqual({
        takenOver: false,
        own: false,
        status: "IN_PROGRESS",
        leaseOwner: ME,
        attempt: 1,
      });
      const expires = row.leaseExpiresAt!.getTime();
      expect(expires).toBeGreaterThanOrEqual(before + LEASE_MS - 5);
      expect(expires).toBeLessThanOrEqual(after + LEASE_MS + 5);
      expect(row.startedAt).not.toBeNull();
    }
    // The lease a claim returns is the lease as stored.
    const lease = ({ status, leaseOwner, leaseExpiresAt, attempt, startedAt }: MigrationItem) => ({
      status,
      leaseOwner,
      leaseExpiresAt,
      attempt,
      startedAt,
    });
    expect(lease(await item(claimed[0]!.row.id))).toEqual(lease(claimed[0]!.row));
    // What is left: the newer migration's second item; the retry not yet due and other migrations stay.
    expect((await claimRuns(OTHER)).map((c) => c.row.id)).toEqual([newer.items[1]!.id]);
    expect(await claimRuns(OTHER, 10, [newer.items[1]!.id])).toEqual([]);
  });

  it("never hands one row to two claims", async () => {
    const m = await migration("IN_PROGRESS", 8);
    const [a, b] = await Promise.all([claimRuns(ME, 5), claimRuns(OTHER, 5)]);
    const ids = [...a, ...b].map((c) => c.row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(m.items.map((i) => i.id).sort());
  });

  it("takes over an expired lease of another owner, and leaves an unexpired one alone", async () => {
    const m = await migration("IN_PROGRESS", 2);
    const [expired, held] = m.items;
    await prisma.migrationItem.update({
      where: { id: expired!.id },
      data: { status: "IN_PROGRESS", leaseOwner: OTHER, leaseExpiresAt: new Date(Date.now() - 1000), attempt: 2 },
    });
    await prisma.migrationItem.update({
      where: { id: held!.id },
      data: { status: "IN_PROGRESS", leaseOwner: OTHER, leaseExpiresAt: new Date(Date.now() + MINUTE), attempt: 1 },
    });

    const claimed = await claimRuns(ME);
    expect(claimed.map(({ row, takenOver, own }) => ({ id: row.id, takenOver, own, attempt: row.attempt }))).toEqual([
      { id: expired!.id, takenOver: true, own: false, attempt: 3 },
    ]);
    expect((await item(held!.id)).leaseOwner).toBe(OTHER);
  });

  it("reclaims its own lease at once when it no longer works on the row, never one it still works on", async () => {
    const m = await migration("IN_PROGRESS", 2);
    const first = await claimRuns(ME);
    expect(first).toHaveLength(2);
    const [working, dropped] = m.items;

    const again = await claimRuns(ME, 10, [working!.id]);
    expect(again.map(({ row, takenOver, own }) => ({ id: row.id, takenOver, own, attempt: row.attempt }))).toEqual([
      { id: dropped!.id, takenOver: true, own: true, attempt: 2 },
    ]);
    // Another owner sees neither: both leases are live.
    expect(await claimRuns(OTHER)).toEqual([]);
  });

  it("claims migration by migration in claim order: takeovers merged by ordinal, the older migration first", async () => {
    const older = await migration("IN_PROGRESS", 6, new Date(Date.now() - MINUTE));
    const newer = await migration("IN_PROGRESS", 4);
    const ordinals = (claimed: leases.Claimed<MigrationItem>[]) =>
      claimed.map(({ row, takenOver, own }) => [
        { [older.id]: "older", [newer.id]: "newer" }[row.migrationId],
        row.ordinal,
        takenOver,
        own,
      ]);
    // Of the older migration: 0 done, 1 leased to OTHER (expired), 2 leased to OTHER (live), 3 leased to ME
    // (no longer worked on), 4 a retry not yet due, 5 pending.
    await prisma.migrationItem.update({ where: { id: older.items[0]!.id }, data: { status: "COMPLETED" } });
    const leased = (id: string, owner: string, expiresIn: number) =>
      prisma.migrationItem.update({
        where: { id },
        data: {
          status: "IN_PROGRESS",
          leaseOwner: owner,
          leaseExpiresAt: new Date(Date.now() + expiresIn),
          attempt: 1,
        },
      });
    await leased(older.items[1]!.id, OTHER, -1000);
    await leased(older.items[2]!.id, OTHER, MINUTE);
    await leased(older.items[3]!.id, ME, MINUTE);
    await prisma.migrationItem.update({
      where: { id: older.items[4]!.id },
      data: { nextAttemptAt: new Date(Date.now() + MINUTE) },
    });

    const first = await claimRuns(ME, 4);
    expect(ordinals(first).sort()).toEqual(
      [
        ["older", 1, true, false],
        ["older", 3, true, true],
        ["older", 5, false, false],
        ["newer", 0, false, false],
      ].sort(),
    );
    // Limits hold across migrations: what is left of the newer one, in plan order, a few at a time (a third
    // owner: OTHER would reclaim its own live lease on item 2, which no caller of its claims works on).
    const THIRD = "host-c:300:cccccc";
    const second = await claimRuns(THIRD, 2);
    expect(ordinals(second)).toEqual([
      ["newer", 1, false, false],
      ["newer", 2, false, false],
    ]);
    const working = second.map((c) => c.row.id);
    expect(ordinals(await claimRuns(THIRD, 2, working))).toEqual([["newer", 3, false, false]]);
    // Its own leases, no longer worked on, come back first: merged with pending rows by ordinal.
    expect(ordinals(await claimRuns(THIRD, 2, [])).sort()).toEqual([
      ["newer", 1, true, true],
      ["newer", 2, true, true],
    ]);
    // A migration that is no longer running is not claimed from, even with due items.
    await prisma.migration.update({ where: { id: older.id }, data: { status: "CANCELLING" } });
    await prisma.migrationItem.update({ where: { id: older.items[4]!.id }, data: { nextAttemptAt: null } });
    expect(await claimRuns("host-d:400:dddddd")).toEqual([]);
  });

  it("claims the first due rows of a large migration while another claim holds the ones before", async () => {
    const m = await migration("IN_PROGRESS", 300);
    // A claim in an open transaction holds rows 0-9: a second claim skips past them in index order.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstIds: string[] = [];
    const holder =
      dialect === "pglite"
        ? null
        : prisma.$transaction(async (tx) => {
            firstIds = (
              await leases.claim(tx, MIGRATION_RUNS, { owner: ME, limit: 10, leaseMs: LEASE_MS, working: [] })
            ).map((c) => c.row.id);
            await held;
          });
    if (holder) {
      while (firstIds.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const second = await claimRuns(OTHER, 10);
      expect(second.map((c) => c.row.ordinal)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
      release();
      await holder;
      expect(firstIds.sort()).toEqual(
        m.items
          .slice(0, 10)
          .map((i) => i.id)
          .sort(),
      );
    } else {
      // PGlite has one connection: no claim can be held open beside another; the order still holds.
      expect((await claimRuns(OTHER, 10)).map((c) => c.row.ordinal).sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    }
  });

  it("leaves a lease only with its owner and attempt, and only once", async () => {
    const m = await migration("IN_PROGRESS", 1);
    const [{ row: claimed }] = (await claimRuns(ME)) as [leases.Claimed<MigrationItem>];
    const lease = leases.leaseOf(MIGRATION_RUNS, claimed, ME);
    expect(lease).toEqual({ id: m.items[0]!.id, owner: ME, attempt: 1 });

    const done = { completedAt: new Date(), targetTitle: "done" };
    expect(await leases.leave(prisma, MIGRATION_RUNS, { ...lease, owner: OTHER }, "COMPLETED", done)).toBeNull();
    expect(await leases.leave(prisma, MIGRATION_RUNS, { ...lease, attempt: 0 }, "COMPLETED", done)).toBeNull();
    expect((await item(lease.id)).status).toBe("IN_PROGRESS");

    const left = await leases.leave(prisma, MIGRATION_RUNS, lease, "COMPLETED", done);
    expect(left).toMatchObject({ status: "COMPLETED", leaseOwner: null, leaseExpiresAt: null, targetTitle: "done" });
    expect(await item(lease.id)).toEqual(left);
    expect(await leases.leave(prisma, MIGRATION_RUNS, lease, "FAILED", { error: "late" })).toBeNull();
    expect((await item(lease.id)).status).toBe("COMPLETED");
  });

  it("fences a reclaimed row off from the attempt before it", async () => {
    await migration("IN_PROGRESS", 1);
    const [{ row: first }] = (await claimRuns(ME)) as [leases.Claimed<MigrationItem>];
    const [{ row: second }] = (await claimRuns(ME)) as [leases.Claimed<MigrationItem>];
    expect(second.attempt).toBe(first.attempt + 1);
    const stale = leases.leaseOf(MIGRATION_RUNS, first, ME);
    expect(await leases.leave(prisma, MIGRATION_RUNS, stale, "COMPLETED", {})).toBeNull();
    expect(
      await leases.leave(prisma, MIGRATION_RUNS, leases.leaseOf(MIGRATION_RUNS, second, ME), "COMPLETED", {}),
    ).toMatchObject({ status: "COMPLETED" });
  });

  it("fails back to ready after the retry delay, or to the failed state", async () => {
    await migration("IN_PROGRESS", 2);
    const [a, b] = (await claimRuns(ME)).map((c) => leases.leaseOf(MIGRATION_RUNS, c.row, ME));

    const sent = Date.now();
    const retried = await leases.fail(prisma, MIGRATION_RUNS, a!, 400, { error: "timeout" });
    expect(retried).toMatchObject({ status: "PENDING", leaseOwner: null, leaseExpiresAt: null, error: "timeout" });
    expect(retried!.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(sent + 400);
    expect(retried!.nextAttemptAt!.getTime()).toBeLessThan(Date.now() + 400 + 5);
    const failed = await leases.fail(prisma, MIGRATION_RUNS, b!, null, { error: "bad input" });
    expect(failed).toMatchObject({ status: "FAILED", leaseOwner: null, error: "bad input" });

    // Not due yet; due after the delay, with the next attempt.
    expect(await claimRuns(OTHER)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [again] = (await claimRuns(OTHER)) as [leases.Claimed<MigrationItem>];
    expect({ id: again.row.id, attempt: again.row.attempt, takenOver: again.takenOver }).toEqual({
      id: a!.id,
      attempt: 2,
      takenOver: false,
    });
  });

  it("extends only the owner's live leases, by the database clock", async () => {
    const m = await migration("IN_PROGRESS", 3);
    await claimRuns(ME, 2);
    const [mine1, mine2, theirs] = m.items;
    await leases.claim(prisma, MIGRATION_RUNS, { owner: OTHER, limit: 1, leaseMs: 1000, working: [] });
    const theirsBefore = (await item(theirs!.id)).leaseExpiresAt;

    const before = await dbNow();
    const extended = await leases.extend(prisma, MIGRATION_ITEM_QUEUES, {
      owner: ME,
      ids: m.items.map((i) => i.id),
      leaseMs: 10 * MINUTE,
    });
    expect(extended).toBe(2);
    for (const id of [mine1!.id, mine2!.id])
      expect((await item(id)).leaseExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 10 * MINUTE - 5);
    expect((await item(theirs!.id)).leaseExpiresAt).toEqual(theirsBefore);
  });

  it("releases runs and rollbacks of one table in one statement, back to ready and due at once", async () => {
    const run = await migration("IN_PROGRESS", 2);
    const rollback = await migration("ROLLING_BACK", 2);
    await claimRuns(ME, 1);
    await leases.claim(prisma, MIGRATION_ROLLBACKS, { owner: ME, limit: 1, leaseMs: LEASE_MS, working: [] });
    await claimRuns(OTHER, 1);
    const all = [...run.items, ...rollback.items].map((i) => i.id);

    const released = await leases.release(prisma, MIGRATION_ITEM_QUEUES, { owner: ME, ids: all });
    expect(released.map((r) => r.id).sort()).toEqual([run.items[0]!.id, rollback.items[1]!.id].sort());
    for (const row of released)
      expect(row).toMatchObject({ leaseOwner: null, leaseExpiresAt: null, nextAttemptAt: null });
    expect(await item(run.items[0]!.id)).toMatchObject({ status: "PENDING", rollbackStatus: null });
    expect(await item(rollback.items[1]!.id)).toMatchObject({ status: "COMPLETED", rollbackStatus: "PENDING" });
    expect(await item(run.items[1]!.id)).toMatchObject({ status: "IN_PROGRESS", leaseOwner: OTHER });
    // Released rows are claimable by anyone right away.
    expect((await claimRuns(OTHER, 10, [run.items[1]!.id])).map((c) => c.row.id)).toEqual([run.items[0]!.id]);
  });

  it("refuses to extend or release queues of different tables together", async () => {
    await expect(
      leases.release(prisma, [MIGRATION_RUNS, WEBHOOK_DELIVERIES] as never, { owner: ME, ids: [] }),
    ).rejects.toThrow(/one table/);
  });

  it("rolls back items of rolling-back migrations only, newest item first", async () => {
    await migration("IN_PROGRESS", 2);
    await migration("ROLLING_BACK", 4);
    const claimed = await leases.claim(prisma, MIGRATION_ROLLBACKS, {
      owner: ME,
      limit: 2,
      leaseMs: LEASE_MS,
      working: [],
    });
    expect(claimed.map((c) => c.row.ordinal).sort()).toEqual([2, 3]);
    for (const { row } of claimed)
      expect(row).toMatchObject({ status: "COMPLETED", rollbackStatus: "IN_PROGRESS", rollbackAttempt: 1 });

    const lease = leases.leaseOf(MIGRATION_ROLLBACKS, claimed[0]!.row, ME);
    expect(lease.attempt).toBe(1);
    // A run's fence does not fit a rollback's lease: the state column differs.
    expect(await leases.leave(prisma, MIGRATION_RUNS, lease, "COMPLETED", {})).toBeNull();
    expect(await leases.leave(prisma, MIGRATION_ROLLBACKS, lease, "DONE", {})).toMatchObject({
      rollbackStatus: "DONE",
      leaseOwner: null,
    });
  });

  it("rolls back migration by migration, earliest request first, newest item first, expired leases taken over", async () => {
    const first = await migration("ROLLING_BACK", 3, new Date(Date.now() - MINUTE));
    const second = await migration("ROLLING_BACK", 3);
    await prisma.migrationItem.update({
      where: { id: first.items[0]!.id },
      data: { rollbackStatus: "IN_PROGRESS", leaseOwner: OTHER, leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    const working: string[] = [];
    const claim = async (limit: number) => {
      const claimed = await leases.claim(prisma, MIGRATION_ROLLBACKS, { owner: ME, limit, leaseMs: LEASE_MS, working });
      working.push(...claimed.map((c) => c.row.id));
      return claimed;
    };
    const got = (await claim(4)).map(({ row, takenOver }) => [row.migrationId === first.id, row.ordinal, takenOver]);
    expect(got.sort()).toEqual(
      [
        [true, 2, false],
        [true, 1, false],
        [true, 0, true],
        [false, 2, false],
      ].sort(),
    );
    const rest = await claim(4);
    expect(rest.map((c) => [c.row.migrationId, c.row.ordinal]).sort()).toEqual([
      [second.id, 0],
      [second.id, 1],
    ]);
  });

  it("leases webhook deliveries with the same statements: due first, expired ones taken over", async () => {
    const webhook = await prisma.webhook.create({ data: { url: "https://example.test/hook", secret: "sealed" } });
    const migrationId = crypto.randomUUID();
    const delivery = (sequence: number, data: object = {}) =>
      prisma.webhookDelivery.create({
        data: { webhookId: webhook.id, migrationId, event: "migration.started", sequence, payload: {}, ...data },
      });
    const due = await delivery(1, { nextAttemptAt: new Date(Date.now() - MINUTE) });
    const later = await delivery(2, { nextAttemptAt: new Date(Date.now() + MINUTE) });
    const crashed = await delivery(3, {
      status: "DELIVERING",
      attempts: 2,
      leaseOwner: OTHER,
      leaseExpiresAt: new Date(Date.now() - 1000),
    });

    const claimed = await leases.claim(prisma, WEBHOOK_DELIVERIES, {
      owner: ME,
      limit: 10,
      leaseMs: 5000,
      working: [],
    });
    expect(
      claimed.map(({ row, takenOver }) => ({ id: row.id, takenOver, attempts: row.attempts, status: row.status })),
    ).toEqual(
      expect.arrayContaining([
        { id: due.id, takenOver: false, attempts: 1, status: "DELIVERING" },
        { id: crashed.id, takenOver: true, attempts: 3, status: "DELIVERING" },
      ]),
    );
    expect(claimed).toHaveLength(2);
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("PENDING");

    const lease = leases.leaseOf(WEBHOOK_DELIVERIES, claimed.find((c) => c.row.id === due.id)!.row, ME);
    const delivered = await leases.leave(prisma, WEBHOOK_DELIVERIES, lease, "SUCCEEDED", { lastStatusCode: 204 });
    expect(delivered).toMatchObject({
      status: "SUCCEEDED",
      leaseOwner: null,
      leaseExpiresAt: null,
      lastStatusCode: 204,
    });
    const failed = await leases.fail(
      prisma,
      WEBHOOK_DELIVERIES,
      leases.leaseOf(WEBHOOK_DELIVERIES, claimed.find((c) => c.row.id === crashed.id)!.row, ME),
      null,
      { lastError: "HTTP 500" },
    );
    expect(failed).toMatchObject({ status: "FAILED", lastError: "HTTP 500", leaseOwner: null });
  });

  it("reclaims a webhook delivery whose outcome this process could not record, not one it is sending", async () => {
    const webhook = await prisma.webhook.create({ data: { url: "https://example.test/hook", secret: "sealed" } });
    const leased = (sequence: number) =>
      prisma.webhookDelivery.create({
        data: {
          webhookId: webhook.id,
          migrationId: crypto.randomUUID(),
          event: "migration.started",
          sequence,
          payload: {},
          status: "DELIVERING",
          attempts: 1,
          leaseOwner: ME,
          leaseExpiresAt: new Date(Date.now() + MINUTE),
        },
      });
    const unrecorded = await leased(1);
    const sending = await leased(2);
    const claimed = await leases.claim(prisma, WEBHOOK_DELIVERIES, {
      owner: ME,
      limit: 10,
      leaseMs: 5000,
      working: [sending.id],
    });
    expect(claimed.map(({ row, takenOver, own }) => ({ id: row.id, takenOver, own, attempts: row.attempts }))).toEqual([
      { id: unrecorded.id, takenOver: true, own: true, attempts: 2 },
    ]);
  });
});
