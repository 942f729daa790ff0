// Migration analytics: figures over the migrations a viewer can see, created in [since, until).
// Everything is aggregated by the database (a handful of grouped queries, never the items themselves),
// so the cost does not grow with what is sent back. Rollback state is ignored except through the
// migration statuses ROLLING_BACK / ROLLED_BACK.
import type { Prisma } from "../db/open.ts";
import type { Viewer } from "../access.ts";
import { MigrationStatus, MigrationType } from "../../generated/prisma/enums.ts";
import { InvalidInputError } from "../errors.ts";
import { STAGE_NAMES } from "../stages/types.ts";

export type StatsBucket = "MINUTE" | "HOUR" | "DAY";

export const BUCKET_MS: Record<StatsBucket, number> = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };
/** Without an explicit bucket, the finest one giving at most this many timeline points is used. */
export const AUTO_BUCKET_POINTS = 120;
/** An explicit MINUTE or HOUR bucket may give at most this many points. */
export const MAX_BUCKET_POINTS = 1000;
export const TOP_ERRORS = 10;

export interface StatsFilter {
  realmId?: string | null | undefined;
  since?: Date | null | undefined;
  until?: Date | null | undefined;
  bucket?: StatsBucket | null | undefined;
}

export interface StageStats {
  stage: string;
  runs: number;
  failures: number;
  totalMs: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface TimelineBucket {
  start: Date;
  completed: number;
  failed: number;
  /** Minutes of the bucket inside the active window [activeFrom, activeUntil]: the rates' denominator. */
  activeMinutes: number;
  /** completed / activeMinutes (0 when activeMinutes is 0). */
  documentsPerMinute: number;
  /** failed / activeMinutes (0 when activeMinutes is 0). */
  failedPerMinute: number;
}

export interface MigrationStats {
  since: Date | null;
  until: Date | null;
  migrations: number;
  byStatus: Array<{ status: MigrationStatus; count: number }>;
  byType: Array<{ type: MigrationType; count: number }>;
  documentsMigrated: number;
  documentsFailed: number;
  documentsSkipped: number;
  documentsCancelled: number;
  failureRate: number;
  itemDurationP50Ms: number | null;
  itemDurationP95Ms: number | null;
  /** The window throughput is measured over: first item start to last item end (items that ran). */
  activeFrom: Date | null;
  activeUntil: Date | null;
  documentsPerMinute: number;
  topErrors: Array<{ stage: string | null; message: string; count: number }>;
  timePerStage: StageStats[];
  bucket: StatsBucket;
  timeline: TimelineBucket[];
}

/** `sel`: the selected migrations, as a CTE every query starts from. */
interface Selection {
  cte: string;
  params: unknown[];
}

const DURATION_MS = `(extract(epoch from (i."completedAt" - i."startedAt")) * 1000)::float8`;
const EPOCH_MS = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

export class MigrationStatsService {
  constructor(private readonly prisma: Prisma) {}

  async compute(viewer: Viewer, filter: StatsFilter = {}): Promise<MigrationStats> {
    const since = filter.since ?? null;
    const until = filter.until ?? null;
    if (since && until && since.getTime() >= until.getTime()) {
      throw new InvalidInputError(`until (${until.toISOString()}) must be later than since (${since.toISOString()}).`, [
        "until",
      ]);
    }
    // The requested window bounds the timeline too: refused up front, whatever data it holds.
    if (filter.bucket && since) chooseBucket(filter.bucket, since.getTime(), (until ?? new Date()).getTime());
    if (filter.realmId) viewer.assertRead(filter.realmId);
    const realms = filter.realmId ? [filter.realmId] : viewer.readableRealmIds();
    const selection = select(realms, viewer.readableRealmIds(), since, until);

    const [groups, items, topErrors, timePerStage] = await Promise.all([
      this.migrationCounts(selection),
      this.itemFigures(selection),
      this.topErrors(selection),
      this.timePerStage(selection),
    ]);
    // The timeline spans the ends of completed and failed items.
    const bucket = chooseBucket(filter.bucket ?? null, items.first_decided, items.last_decided);
    const { first_start: firstStart, last_end: lastEnd } = items;
    const timeline =
      items.first_decided === null ? [] : await this.timeline(selection, bucket, firstStart ?? 0, lastEnd ?? 0);

    const count = <K extends "status" | "type">(key: K, value: string) =>
      groups.filter((g) => g[key] === value).reduce((sum, g) => sum + g.count, 0);
    const activeMs = firstStart !== null && lastEnd !== null ? lastEnd - firstStart : 0;
    const decided = items.completed + items.failed;
    return {
      since,
      until,
      migrations: groups.reduce((sum, g) => sum + g.count, 0),
      byStatus: Object.values(MigrationStatus).map((status) => ({ status, count: count("status", status) })),
      byType: Object.values(MigrationType).map((type) => ({ type, count: count("type", type) })),
      documentsMigrated: items.completed,
      documentsFailed: items.failed,
      documentsSkipped: items.skipped,
      documentsCancelled: items.cancelled,
      failureRate: decided === 0 ? 0 : items.failed / decided,
      itemDurationP50Ms: items.p50,
      itemDurationP95Ms: items.p95,
      activeFrom: firstStart === null ? null : new Date(firstStart),
      activeUntil: lastEnd === null ? null : new Date(lastEnd),
      documentsPerMinute: activeMs > 0 ? items.completed / (activeMs / 60_000) : 0,
      topErrors,
      timePerStage,
      bucket,
      timeline,
    };
  }

  private migrationCounts({ cte, params }: Selection) {
    return this.prisma.$queryRawUnsafe<Array<{ status: string; type: string; count: number }>>(
      `${cte} SELECT status::text AS status, type::text AS type, count(*)::int AS count FROM sel GROUP BY 1, 2`,
      ...params,
    );
  }

  private async itemFigures({ cte, params }: Selection) {
    // "Ran": the runner started the item and it ended (completed, failed, skipped or cancelled in flight).
    const ran = `i."startedAt" IS NOT NULL AND i."completedAt" IS NOT NULL`;
    const done = `i.status = 'COMPLETED' AND ${ran}`;
    const decided = `i.status IN ('COMPLETED', 'FAILED') AND i."completedAt" IS NOT NULL`;
    const [row] = await this.prisma.$queryRawUnsafe<
      Array<{
        completed: number;
        failed: number;
        skipped: number;
        cancelled: number;
        p50: number | null;
        p95: number | null;
        first_start: number | null;
        last_end: number | null;
        first_decided: number | null;
        last_decided: number | null;
      }>
    >(
      `${cte} SELECT
         count(*) FILTER (WHERE i.status = 'COMPLETED')::int AS completed,
         count(*) FILTER (WHERE i.status = 'FAILED')::int AS failed,
         count(*) FILTER (WHERE i.status = 'SKIPPED')::int AS skipped,
         count(*) FILTER (WHERE i.status = 'CANCELLED')::int AS cancelled,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DURATION_MS}) FILTER (WHERE ${done}) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY ${DURATION_MS}) FILTER (WHERE ${done}) AS p95,
         ${EPOCH_MS(`min(i."startedAt") FILTER (WHERE ${ran})`)} AS first_start,
         ${EPOCH_MS(`max(i."completedAt") FILTER (WHERE ${ran})`)} AS last_end,
         ${EPOCH_MS(`min(i."completedAt") FILTER (WHERE ${decided})`)} AS first_decided,
         ${EPOCH_MS(`max(i."completedAt") FILTER (WHERE ${decided})`)} AS last_decided
       FROM "MigrationItem" i JOIN sel ON sel.id = i."migrationId"`,
      ...params,
    );
    if (!row) throw new Error("an aggregate query returned no row");
    return row;
  }

  private topErrors({ cte, params }: Selection) {
    return this.prisma.$queryRawUnsafe<Array<{ stage: string | null; message: string; count: number }>>(
      `${cte}, e AS (
         SELECT i."errorStage" AS stage, CASE WHEN sel.detail THEN coalesce(i.error, 'failed') ELSE $${params.length + 1}::text END AS message
         FROM "MigrationItem" i JOIN sel ON sel.id = i."migrationId"
         WHERE i.status = 'FAILED')
       SELECT stage, message, count(*)::int AS count FROM e
       GROUP BY 1, 2
       ORDER BY count(*) DESC, message COLLATE "C", stage COLLATE "C" NULLS FIRST
       LIMIT ${TOP_ERRORS}`,
      ...params,
      HIDDEN_ERROR,
    );
  }

  private async timePerStage({ cte, params }: Selection): Promise<StageStats[]> {
    const rows = await this.prisma.$queryRawUnsafe<StageStats[]>(
      `${cte} SELECT r.stage,
         count(*)::int AS runs,
         count(*) FILTER (WHERE r.status = 'FAILED')::int AS failures,
         coalesce(sum(r."durationMs"), 0)::float8 AS "totalMs",
         avg(r."durationMs"::float8) AS "avgMs",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY r."durationMs") AS "p50Ms",
         percentile_cont(0.95) WITHIN GROUP (ORDER BY r."durationMs") AS "p95Ms"
       FROM "StageRun" r WHERE r."migrationId" IN (SELECT id FROM sel)
       GROUP BY r.stage`,
      ...params,
    );
    return rows.sort((a, b) => stageRank(a.stage) - stageRank(b.stage) || (a.stage < b.stage ? -1 : 1));
  }

  /** Buckets by completedAt; rates are per minute of the bucket inside the active window [from, to]. */
  private async timeline(
    { cte, params }: Selection,
    bucket: StatsBucket,
    from: number,
    to: number,
  ): Promise<TimelineBucket[]> {
    const unit = bucket.toLowerCase();
    const rows = await this.prisma.$queryRawUnsafe<Array<{ start: number; completed: number; failed: number }>>(
      `${cte}, b AS (
         SELECT date_trunc('${unit}', i."completedAt") AS bucket,
           count(*) FILTER (WHERE i.status = 'COMPLETED')::int AS completed,
           count(*) FILTER (WHERE i.status = 'FAILED')::int AS failed
         FROM "MigrationItem" i JOIN sel ON sel.id = i."migrationId"
         WHERE i.status IN ('COMPLETED', 'FAILED') AND i."completedAt" IS NOT NULL
         GROUP BY 1)
       SELECT ${EPOCH_MS("g")} AS start, coalesce(b.completed, 0)::int AS completed, coalesce(b.failed, 0)::int AS failed
       FROM generate_series((SELECT min(bucket) FROM b), (SELECT max(bucket) FROM b), interval '1 ${unit}') g
       LEFT JOIN b ON b.bucket = g
       ORDER BY g`,
      ...params,
    );
    return rows.map((r) => {
      const activeMinutes = Math.max(0, Math.min(r.start + BUCKET_MS[bucket], to) - Math.max(r.start, from)) / 60_000;
      const perMinute = (n: number) => (activeMinutes > 0 ? n / activeMinutes : 0);
      return {
        start: new Date(r.start),
        completed: r.completed,
        failed: r.failed,
        activeMinutes,
        documentsPerMinute: perMinute(r.completed),
        failedPerMinute: perMinute(r.failed),
      };
    });
  }
}

/**
 * The CTE `sel` of migrations in range, from or to `realms` (null: every realm). `detail` says whether the
 * caller reads both realms (`readable`, null: all) and so may see error texts (see visibility.ts).
 */
function select(realms: string[] | null, readable: string[] | null, since: Date | null, until: Date | null): Selection {
  const params: unknown[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  let detail = "true";
  if (readable) {
    const list = add(readable);
    detail = `(m."sourceRealmId" = ANY(${list}::uuid[]) AND m."targetRealmId" = ANY(${list}::uuid[]))`;
  }
  if (realms) {
    const list = add(realms);
    where.push(`(m."sourceRealmId" = ANY(${list}::uuid[]) OR m."targetRealmId" = ANY(${list}::uuid[]))`);
  }
  // Columns hold UTC wall-clock time (timestamp without time zone).
  if (since) where.push(`m."createdAt" >= (${add(since.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (until) where.push(`m."createdAt" < (${add(until.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  return {
    cte: `WITH sel AS (SELECT m.id, m.status, m.type, ${detail} AS detail FROM "Migration" m${where.length ? ` WHERE ${where.join(" AND ")}` : ""})`,
    params,
  };
}

/** Timeline points a bucket gives between two instants (inclusive); buckets are aligned to UTC. */
export function bucketCount(bucket: StatsBucket, fromMs: number, toMs: number): number {
  const size = BUCKET_MS[bucket];
  return Math.floor(toMs / size) - Math.floor(fromMs / size) + 1;
}

/**
 * The requested bucket (refused when a MINUTE/HOUR timeline would exceed MAX_BUCKET_POINTS), or the finest
 * of MINUTE, HOUR, DAY giving at most AUTO_BUCKET_POINTS over the timeline's span (DAY beyond that).
 */
export function chooseBucket(requested: StatsBucket | null, fromMs: number | null, toMs: number | null): StatsBucket {
  const points = (bucket: StatsBucket) => (fromMs === null || toMs === null ? 1 : bucketCount(bucket, fromMs, toMs));
  if (requested) {
    if (requested !== "DAY" && points(requested) > MAX_BUCKET_POINTS) {
      throw new InvalidInputError(
        `A ${requested} timeline would have ${points(requested)} points (at most ${MAX_BUCKET_POINTS}): choose a coarser bucket or narrow since/until.`,
        ["bucket"],
      );
    }
    return requested;
  }
  return (["MINUTE", "HOUR"] as const).find((b) => points(b) <= AUTO_BUCKET_POINTS) ?? "DAY";
}

/** topErrors' message for failures of migrations whose other realm the caller cannot read. */
export const HIDDEN_ERROR = "(hidden: the migration's other realm is not readable with your token)";

function stageRank(stage: string): number {
  const index = (STAGE_NAMES as readonly string[]).indexOf(stage);
  return index < 0 ? STAGE_NAMES.length : index;
}
