// Every lease statement, written once for all queues: claim (due rows, expired leases taken over, own leases
// no longer worked on reclaimed; FOR UPDATE SKIP LOCKED), extend, leave (the one way out: owner and attempt
// must still match), fail (ready after a backoff, or failed) and release. The queues differ only in table,
// state and attempt columns, scope and order, so a LeaseQueue descriptor (queues.ts) parameterises one
// statement rather than three copies drifting apart; descriptors are constants, values are always bound.
// Leases are set and judged by the database clock; a retry's nextAttemptAt by this process's (a skew only
// shifts a retry).
import type { PrismaClient, Prisma as P } from "../../generated/prisma/client.ts";

/** A client or a transaction: claims and outcomes are often written with their events. */
export type Db = PrismaClient | P.TransactionClient;

/** The database's "now", as the timestamp(3) columns store it (UTC, no zone). */
export const DB_NOW = `(now() AT TIME ZONE 'UTC')`;

type NumberKeys<Row> = { [K in keyof Row]: Row[K] extends number ? K : never }[keyof Row] & string;

/**
 * Which rows of which table a queue leases, and through which columns. Every leased table has `id` (uuid),
 * "leaseOwner", "leaseExpiresAt", "nextAttemptAt" and "updatedAt"; a row's state column says where it is.
 * SQL fragments name the table `q`; a queue is ordered as a whole (`order`) or claimed by `groups`.
 */
export type LeaseQueue<Row> = LeaseQueueColumns<Row> &
  ({ order: string; groups?: never } | { groups: ClaimGroups<Row>; order?: never });

interface LeaseQueueColumns<Row> {
  table: string;
  /** The state column (also the Prisma field) and its enum type. */
  state: keyof Row & string;
  stateType: string;
  /** Waiting to be claimed / held under a lease / given up. */
  ready: string;
  leased: string;
  failed: string;
  /** The attempt counter, moved on every claim; an outcome is recorded only for the attempt it belongs to. */
  attempt: NumberKeys<Row>;
  /** Only rows matching this are claimed (e.g. those of running migrations). */
  scope?: string;
  /** Further assignments made by a claim. */
  onClaim?: string;
  /** The fenced UPDATE … RETURNING through Prisma, so callers pass typed column data. */
  update(db: Db, where: Record<string, unknown>, data: Record<string, unknown>): Promise<Row[]>;
}

/**
 * A queue claimed group by group (migration by migration) instead of by one scan and sort of the whole
 * table: the groups in scope, in `order`, then each group's ready and leased rows in `key` order through
 * partial indexes on (`column`, `key`) WHERE state = ready / leased, with LIMIT, so a claim costs the same
 * at a thousand rows and at a hundred thousand. The group table is `m`, and `scope` speaks of `m` only.
 */
export interface ClaimGroups<Row> {
  table: string;
  /** The row's group column. */
  column: string;
  /** Order of the groups. */
  order: string;
  /** Order within a group. */
  key: NumberKeys<Row>;
  descending?: boolean;
}

/** The claim a row is held under: an outcome is recorded only while owner and attempt still match. */
export interface Lease {
  id: string;
  owner: string;
  attempt: number;
}

export interface Claimed<Row> {
  row: Row;
  /** The row was leased when claimed: another process's expired lease, or (with `own`) this process's. */
  takenOver: boolean;
  /** It was under this process's lease but not among the rows the caller still works on. */
  own: boolean;
}

export interface ClaimOptions {
  owner: string;
  limit: number;
  leaseMs: number;
  /** Rows the caller still works on: never reclaimed, even though they carry its lease. */
  working: readonly string[];
}

export function leaseOf<Row extends { id: string }>(queue: LeaseQueue<Row>, row: Row, owner: string): Lease {
  return { id: row.id, owner, attempt: row[queue.attempt] as number };
}

/**
 * Claims up to `limit` rows: ready and due, leased under an expired lease (a crashed process), or leased
 * by `owner` but not in `working` (an outcome it could not record while the database was unavailable).
 * Each claimed row is leased to `owner` for `leaseMs` and its attempt counter moves on. Not in claim order.
 */
export async function claim<Row>(db: Db, queue: LeaseQueue<Row>, options: ClaimOptions): Promise<Claimed<Row>[]> {
  if (options.limit <= 0) return [];
  if (queue.order !== undefined) return claimRows(db, queue, options);
  const { table, column, order } = queue.groups;
  // Only groups with something to claim, each probed through its partial indexes: a claim round costs one
  // statement per group that yields rows, however many groups are in scope and idle.
  const claimable = claimableIn(queue, `q."${column}" = m.id`, "$1", "$2");
  const groups = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT m.id FROM "${table}" m
     WHERE ${queue.scope ?? "true"}
       AND (EXISTS (SELECT 1 FROM "${queue.table}" q WHERE ${claimable.ready})
         OR EXISTS (SELECT 1 FROM "${queue.table}" q WHERE ${claimable.leased}))
     ORDER BY ${order}`,
    options.owner,
    [...options.working],
  );
  const claimed: Claimed<Row>[] = [];
  for (const { id } of groups) {
    const limit = options.limit - claimed.length;
    if (limit <= 0) break;
    claimed.push(...(await claimGroup(db, queue, { ...options, limit }, id)));
  }
  return claimed;
}

/**
 * Which rows a claim may take, among those matching `where` (q is the table; `owner` and `working` the
 * placeholders of the owner and the ids it works on: $2 and $4 in a claim).
 */
function claimableIn<Row>(
  queue: LeaseQueue<Row>,
  where: string,
  owner = "$2",
  working = "$4",
): { ready: string; leased: string } {
  const state = `q."${queue.state}"`;
  const base = `${where} AND NOT (q.id = ANY(${working}::uuid[]))`;
  return {
    ready: `${base} AND ${state} = '${queue.ready}' AND (q."nextAttemptAt" IS NULL OR q."nextAttemptAt" <= ${DB_NOW})`,
    leased: `${base} AND ${state} = '${queue.leased}' AND (q."leaseExpiresAt" < ${DB_NOW} OR q."leaseOwner" = ${owner})`,
  };
}

/** The flags a claimed row reports, from the row as locked. */
function flagsOf<Row>(queue: LeaseQueue<Row>): string {
  return `q."${queue.state}" = '${queue.leased}' AS taken_over, coalesce(q."leaseOwner" = $2, false) AS own`;
}

/** The whole table in one scan: for queues without groups (webhook deliveries). */
function claimRows<Row>(
  db: Db,
  queue: LeaseQueue<Row> & { order: string },
  options: ClaimOptions,
): Promise<Claimed<Row>[]> {
  const claimable = claimableIn(queue, "true");
  return update(
    db,
    queue,
    options,
    `SELECT q.id, ${flagsOf(queue)}
     FROM "${queue.table}" q
     WHERE ${queue.scope ?? "true"} AND ((${claimable.ready}) OR (${claimable.leased}))
     ORDER BY ${queue.order}
     LIMIT $1
     FOR UPDATE OF q SKIP LOCKED`,
  );
}

/**
 * One group's rows: its first due ready rows and its takeovers (expired or own leases), each through its
 * partial index in key order, locked as they are read (SKIP LOCKED goes on past rows another claim holds),
 * then the first `limit` of both, while the group is still in scope. Takeovers are rare (a crash, an outcome
 * that could not be recorded); only then are more rows locked than claimed, until the commit. Measured on
 * PostgreSQL (bench/queue-scale.ts, EXPLAIN ANALYZE, 10 claimed): 0.25 ms at 1,000 items and 0.21 ms at
 * 100,000, where the whole-table scan and sort took 0.5 ms and 79–92 ms.
 */
function claimGroup<Row>(
  db: Db,
  queue: LeaseQueue<Row> & { groups: ClaimGroups<Row> },
  options: ClaimOptions,
  group: string,
): Promise<Claimed<Row>[]> {
  const { table, column, key, descending } = queue.groups;
  const direction = descending ? "DESC" : "ASC";
  const claimable = claimableIn(queue, `q."${column}" = $5::uuid`);
  const locked = (where: string) =>
    `SELECT q.id, q."${key}" AS sort_key, ${flagsOf(queue)} FROM "${queue.table}" q WHERE ${where}
     ORDER BY q."${key}" ${direction} LIMIT $1 FOR UPDATE OF q SKIP LOCKED`;
  return update(
    db,
    queue,
    options,
    `WITH ready AS (${locked(claimable.ready)}), leased AS (${locked(claimable.leased)})
     SELECT c.id, c.taken_over, c.own FROM (SELECT * FROM ready UNION ALL SELECT * FROM leased) c
     WHERE EXISTS (SELECT 1 FROM "${table}" m WHERE m.id = $5::uuid AND ${queue.scope ?? "true"})
     ORDER BY c.sort_key ${direction}
     LIMIT $1`,
    group,
  );
}

/** Leases the rows `picked` selects (id, taken_over, own) to the owner and moves their attempt on. */
async function update<Row>(
  db: Db,
  queue: LeaseQueue<Row>,
  options: ClaimOptions,
  picked: string,
  ...params: unknown[]
): Promise<Claimed<Row>[]> {
  const attempt = `"${queue.attempt}"`;
  const rows = await db.$queryRawUnsafe<Array<Row & { taken_over: boolean; own: boolean }>>(
    `WITH picked AS (${picked})
     UPDATE "${queue.table}" q SET "${queue.state}" = '${queue.leased}', "leaseOwner" = $2,
       "leaseExpiresAt" = ${DB_NOW} + ($3 || ' milliseconds')::interval, ${attempt} = q.${attempt} + 1,
       ${queue.onClaim ? `${queue.onClaim}, ` : ""}"updatedAt" = ${DB_NOW}
     FROM picked WHERE q.id = picked.id
     RETURNING q.*, picked.taken_over, picked.own`,
    options.limit,
    options.owner,
    String(options.leaseMs),
    [...options.working],
    ...params,
  );
  // RETURNING q.* is the row as a findMany would read it after the update (same deserialisation).
  return rows.map(({ taken_over, own, ...row }) => ({ row: row as Row, takenOver: taken_over, own }));
}

/**
 * Moves a leased row to `to` with `data`, clearing its lease — the one way out of a lease. Null when the
 * lease is no longer `lease` (expired and taken over, released, or a later attempt of the same owner).
 */
export async function leave<Row>(
  db: Db,
  queue: LeaseQueue<Row>,
  lease: Lease,
  to: string,
  data: Record<string, unknown>,
): Promise<Row | null> {
  const [row] = await queue.update(
    db,
    { id: lease.id, [queue.state]: queue.leased, leaseOwner: lease.owner, [queue.attempt]: lease.attempt },
    { ...data, [queue.state]: to, leaseOwner: null, leaseExpiresAt: null },
  );
  return row ?? null;
}

/** A failed attempt: back to ready, due in `retryInMs`, or (null) to the queue's failed state. */
export function fail<Row>(
  db: Db,
  queue: LeaseQueue<Row>,
  lease: Lease,
  retryInMs: number | null,
  data: Record<string, unknown>,
): Promise<Row | null> {
  if (retryInMs === null) return leave(db, queue, lease, queue.failed, data);
  return leave(db, queue, lease, queue.ready, { ...data, nextAttemptAt: new Date(Date.now() + retryInMs) });
}

/**
 * Renews `owner`'s leases on `ids` to `leaseMs` from now. `queues` are the queues of one table whose leases
 * the caller holds (the runner holds runs and rollbacks of MigrationItem): one statement for all of them.
 */
export async function extend<Row>(
  db: Db,
  queues: ReadonlyArray<LeaseQueue<Row>>,
  options: { owner: string; ids: readonly string[]; leaseMs: number },
): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE "${tableOf(queues)}" SET "leaseExpiresAt" = ${DB_NOW} + ($1 || ' milliseconds')::interval
     WHERE id = ANY($2::uuid[]) AND "leaseOwner" = $3 AND (${leasedIn(queues)})`,
    String(options.leaseMs),
    [...options.ids],
    options.owner,
  );
}

/**
 * Gives `owner`'s leases on `ids` back: each row returns to its queue's ready state, due at once, for any
 * process to claim (a shutdown that could not drain). Returns the released rows.
 */
export async function release<Row>(
  db: Db,
  queues: ReadonlyArray<LeaseQueue<Row>>,
  options: { owner: string; ids: readonly string[] },
): Promise<Row[]> {
  const back = queues.map(
    (q) =>
      `"${q.state}" = CASE WHEN "${q.state}" = '${q.leased}' THEN '${q.ready}'::"${q.stateType}" ELSE "${q.state}" END`,
  );
  return db.$queryRawUnsafe<Row[]>(
    `UPDATE "${tableOf(queues)}" SET ${back.join(", ")},
       "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "nextAttemptAt" = NULL, "updatedAt" = ${DB_NOW}
     WHERE id = ANY($1::uuid[]) AND "leaseOwner" = $2 AND (${leasedIn(queues)})
     RETURNING *`,
    [...options.ids],
    options.owner,
  );
}

function tableOf<Row>(queues: ReadonlyArray<LeaseQueue<Row>>): string {
  const tables = new Set(queues.map((q) => q.table));
  if (tables.size !== 1) throw new Error(`lease statements take queues of one table, not ${[...tables].join(", ")}`);
  return queues[0]!.table;
}

function leasedIn<Row>(queues: ReadonlyArray<LeaseQueue<Row>>): string {
  return queues.map((q) => `"${q.state}" = '${q.leased}'`).join(" OR ");
}

/** One row's way out in leaveMany: its lease, where it goes and the column values it takes. */
export interface Exit {
  lease: Lease;
  to: string;
  data: Record<string, unknown>;
}

/**
 * leave() for many rows of one owner in one statement: each row moves to its own state with its own
 * values, fenced like leave() (a row whose lease is no longer its `lease` is left alone). `columns` names
 * the SQL type of every column the exits set (the values travel as one JSON parameter). Returns the rows
 * that moved.
 */
export async function leaveMany<Row>(
  db: Db,
  queue: LeaseQueue<Row>,
  owner: string,
  exits: readonly Exit[],
  columns: Readonly<Record<string, string>>,
): Promise<Row[]> {
  if (exits.length === 0) return [];
  const names = Object.keys(columns);
  const values = exits.map(({ lease, to, data }) => ({
    ...Object.fromEntries(names.map((name) => [name, data[name] ?? null])),
    id: lease.id,
    attempt: lease.attempt,
    to,
  }));
  return db.$queryRawUnsafe<Row[]>(
    `UPDATE "${queue.table}" q SET "${queue.state}" = v."to"::"${queue.stateType}", "leaseOwner" = NULL,
       "leaseExpiresAt" = NULL, ${names.map((name) => `"${name}" = v."${name}"`).join(", ")}${names.length ? ", " : ""}
       "updatedAt" = ${DB_NOW}
     FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, attempt int, "to" text${names.map((name) => `, "${name}" ${columns[name]}`).join("")})
     WHERE q.id = v.id AND q."${queue.state}" = '${queue.leased}' AND q."leaseOwner" = $2 AND q."${queue.attempt}" = v.attempt
     RETURNING q.*`,
    JSON.stringify(values),
    owner,
  );
}
