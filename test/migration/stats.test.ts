// migrationStats: every figure equals the one computed here from the items and stage runs (read with
// Prisma) of real migrations — completed, failed (two messages), skipped, scheduled, cancelled and a
// backfill — with realm filtering, access, and the since/until range.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { Faults } from "../helpers/faults.ts";
import { dialects } from "../helpers/services.ts";
import {
  CREATE_MIGRATION,
  createEmbeddedDatabase,
  createRealm,
  processedDocuments,
  rawId,
  waitForMigration,
} from "../helpers/fixtures.ts";
import { STAGE_NAMES } from "../../server/services/stages/types.ts";
import { graphqlEnumName } from "../../server/services/vocabulary.ts";
import { chooseBucket } from "../../server/services/migration/stats.ts";
import { createMigrationClient } from "../../client/sdk/index.ts";

const STATS = `query Stats($realmId: ID, $since: DateTime, $until: DateTime, $bucket: StatsBucket) {
  migrationStats(realmId: $realmId, since: $since, until: $until, bucket: $bucket) {
    since until migrations
    byStatus { status count }
    byType { type count }
    documentsMigrated documentsFailed documentsSkipped documentsCancelled failureRate
    itemDurationP50Ms itemDurationP95Ms activeFrom activeUntil documentsPerMinute
    topErrors { stage message count }
    timePerStage { stage runs failures totalMs avgMs p50Ms p95Ms }
    bucket
    timeline { start completed failed activeMinutes documentsPerMinute failedPerMinute }
  }
}`;

const STATUSES = [
  "PENDING",
  "SCHEDULED",
  "IN_PROGRESS",
  "COMPLETED",
  "FAILED",
  "CANCELLING",
  "CANCELLED",
  "ROLLING_BACK",
  "ROLLED_BACK",
];
const TYPES = ["DOCUMENT_TO_REALM", "REALM_DATABASE_ADDITION", "CROSS_DATABASE"];
const BUCKET_MS = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 } as const;

/** Continuous percentile (linear interpolation between closest ranks), as SQL's percentile_cont. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe.each(dialects())("migrationStats on %s", (dialect) => {
  let t: TestApp;
  let source: string;
  let target: string;
  let other: string;
  const faults = new Faults();
  const migrations: Record<"failed" | "scheduled" | "cancelled" | "backfill", string> = {
    failed: "",
    scheduled: "",
    cancelled: "",
    backfill: "",
  };

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      { MIGRATION_MAX_ATTEMPTS: "2", MIGRATION_CONCURRENCY: "2" },
      { wrapConnector: (connector, db) => (db.name === "st-target-db" ? faults.wrap(connector) : connector) },
    );
    source = await createRealm(t, "st-source");
    target = await createRealm(t, "st-target");
    other = await createRealm(t, "st-other");
    await createEmbeddedDatabase(t, "st-source-db", source);
    await createEmbeddedDatabase(t, "st-target-db", target);
    await createEmbeddedDatabase(t, "st-other-db", other);
    const docs = await processedDocuments(t, source, 8);
    await processedDocuments(t, target, 1); // "doc-0.md": the copy of the source's doc-0 is skipped
    await processedDocuments(t, other, 2, "other");

    const create = async (documentIds: string[], options: object, scheduledAt?: string) =>
      ok(
        await t.gql(CREATE_MIGRATION, {
          input: {
            type: "DOCUMENT_TO_REALM",
            sourceRealmId: source,
            targetRealmId: target,
            documentIds,
            options,
            scheduledAt,
          },
        }),
        "createMigration",
      ).id as string;

    // Two permanent failures with one message, one transient failure that exhausts its attempts, one skip.
    faults.failIngest(1, false, "doc-1.md");
    faults.failIngest(1, false, "doc-2.md");
    faults.failIngest(2, true, "doc-3.md");
    migrations.failed = await create(docs, { conflictPolicy: "SKIP" });
    expect((await waitForMigration(t, migrations.failed)).status).toBe("FAILED");

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    migrations.scheduled = await create([docs[4]!], { conflictPolicy: "RENAME" }, tomorrow);
    migrations.cancelled = await create([docs[5]!, docs[6]!], { conflictPolicy: "RENAME" }, tomorrow);
    ok(
      await t.gql(`mutation($id: ID!) { cancelMigration(id: $id) { __typename ... on Error { code message } } }`, {
        id: migrations.cancelled,
      }),
      "cancelMigration",
    );

    const extra = await createEmbeddedDatabase(t, "st-other-extra");
    const attached = ok(
      await t.gql(
        `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d, backfill: true }) {
          __typename ... on MutationAddDatabaseToRealmSuccess { data { migration { id } } } } }`,
        { r: other, d: extra },
      ),
      "addDatabaseToRealm",
    );
    migrations.backfill = attached.migration.id;
    expect((await waitForMigration(t, migrations.backfill)).status).toBe("COMPLETED");
  });
  afterAll(() => t?.close());

  const prisma = () => t.app.services.db.prisma;

  /** Every figure, computed from the rows of the given migrations. */
  async function expected(ids: string[], since: string | null = null, until: string | null = null) {
    const rows = await prisma().migration.findMany({ where: { id: { in: ids.map(rawId) } } });
    const migrationIds = rows.map((m) => m.id);
    const items = await prisma().migrationItem.findMany({ where: { migrationId: { in: migrationIds } } });
    const runs = await prisma().stageRun.findMany({ where: { migrationId: { in: migrationIds } } });
    const withStatus = (s: string) => items.filter((i) => i.status === s);
    const completed = withStatus("COMPLETED");
    const failed = withStatus("FAILED");
    const durations = completed.filter((i) => i.startedAt && i.completedAt);
    const ran = items.filter((i) => i.startedAt && i.completedAt);
    const activeFrom = ran.length ? Math.min(...ran.map((i) => i.startedAt!.getTime())) : null;
    const activeUntil = ran.length ? Math.max(...ran.map((i) => i.completedAt!.getTime())) : null;
    const activeMs = activeFrom !== null && activeUntil !== null ? activeUntil - activeFrom : 0;

    const errors = new Map<string, { stage: string | null; message: string; count: number }>();
    for (const item of failed) {
      const key = JSON.stringify([item.errorStage, item.error]);
      const entry = errors.get(key) ?? { stage: item.errorStage, message: item.error ?? "failed", count: 0 };
      entry.count++;
      errors.set(key, entry);
    }
    const byCode = (a: string | null, b: string | null) =>
      a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
    const topErrors = [...errors.values()]
      .sort((a, b) => b.count - a.count || byCode(a.message, b.message) || byCode(a.stage, b.stage))
      .slice(0, 10);

    const stages = [...new Set(runs.map((r) => r.stage))].sort(
      (a, b) => STAGE_NAMES.indexOf(a as never) - STAGE_NAMES.indexOf(b as never),
    );
    const timePerStage = stages.map((stage) => {
      const of = runs.filter((r) => r.stage === stage);
      const ms = of.flatMap((r) => (r.durationMs === null ? [] : [r.durationMs]));
      const total = ms.reduce((a, b) => a + b, 0);
      return {
        stage,
        runs: of.length,
        failures: of.filter((r) => r.status === "FAILED").length,
        totalMs: total,
        avgMs: ms.length ? total / ms.length : null,
        p50Ms: percentile(ms, 0.5),
        p95Ms: percentile(ms, 0.95),
      };
    });

    const ended = [...completed, ...failed].filter((i) => i.completedAt);
    const ends = ended.map((i) => i.completedAt!.getTime());
    const span = (size: number) =>
      ends.length ? Math.floor(Math.max(...ends) / size) - Math.floor(Math.min(...ends) / size) + 1 : 1;
    const bucket = span(BUCKET_MS.MINUTE) <= 120 ? "MINUTE" : span(BUCKET_MS.HOUR) <= 120 ? "HOUR" : "DAY";
    const timeline = (size: number) => {
      if (ends.length === 0) return [];
      const first = Math.floor(Math.min(...ends) / size) * size;
      return Array.from({ length: span(size) }, (_, k) => {
        const start = first + k * size;
        const inBucket = ended.filter((i) => Math.floor(i.completedAt!.getTime() / size) * size === start);
        const done = inBucket.filter((i) => i.status === "COMPLETED").length;
        // The bucket's minutes inside the active window.
        const minutes =
          Math.max(0, Math.min(start + size, activeUntil ?? 0) - Math.max(start, activeFrom ?? 0)) / 60_000;
        return {
          start: iso(start),
          completed: done,
          failed: inBucket.length - done,
          activeMinutes: minutes,
          documentsPerMinute: minutes > 0 ? done / minutes : 0,
          failedPerMinute: minutes > 0 ? (inBucket.length - done) / minutes : 0,
        };
      });
    };

    return {
      figures: {
        since,
        until,
        migrations: rows.length,
        byStatus: STATUSES.map((status) => ({ status, count: rows.filter((m) => m.status === status).length })),
        byType: TYPES.map((type) => ({ type, count: rows.filter((m) => m.type === type).length })),
        documentsMigrated: completed.length,
        documentsFailed: failed.length,
        documentsSkipped: withStatus("SKIPPED").length,
        documentsCancelled: withStatus("CANCELLED").length,
        failureRate: completed.length + failed.length ? failed.length / (completed.length + failed.length) : 0,
        itemDurationP50Ms: percentile(
          durations.map((i) => i.completedAt!.getTime() - i.startedAt!.getTime()),
          0.5,
        ),
        itemDurationP95Ms: percentile(
          durations.map((i) => i.completedAt!.getTime() - i.startedAt!.getTime()),
          0.95,
        ),
        activeFrom: iso(activeFrom),
        activeUntil: iso(activeUntil),
        documentsPerMinute: activeMs > 0 ? completed.length / (activeMs / 60_000) : 0,
        // Stages as GraphQL sends them (the Stage enum's names); the rows hold the pipeline's names.
        topErrors: topErrors.map((e) => ({ ...e, stage: e.stage === null ? null : graphqlEnumName(e.stage) })),
        timePerStage: timePerStage.map((s) => ({ ...s, stage: graphqlEnumName(s.stage) })),
        bucket,
        timeline: timeline(BUCKET_MS[bucket]),
      },
      hourly: timeline(BUCKET_MS.HOUR),
    };
  }

  const stats = async (variables: Record<string, unknown> = {}, token?: string) => {
    const result = await t.gql(STATS, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data.migrationStats;
  };

  it("computes every figure over all migrations from the items and stage runs", async () => {
    const all = Object.values(migrations);
    const actual = await stats();
    expect(actual).toEqual((await expected(all)).figures);

    // The scenario itself, so that the comparison above is not between two empty sets.
    expect(actual.migrations).toBe(4);
    expect(actual.byStatus.filter((s: any) => s.count > 0)).toEqual([
      { status: "SCHEDULED", count: 1 },
      { status: "COMPLETED", count: 1 },
      { status: "FAILED", count: 1 },
      { status: "CANCELLED", count: 1 },
    ]);
    expect(actual.byType).toEqual([
      { type: "DOCUMENT_TO_REALM", count: 3 },
      { type: "REALM_DATABASE_ADDITION", count: 1 },
      { type: "CROSS_DATABASE", count: 0 },
    ]);
    expect(actual).toMatchObject({
      documentsMigrated: 6, // doc-4…doc-7 and the two backfilled documents
      documentsFailed: 3,
      documentsSkipped: 1,
      documentsCancelled: 2,
      failureRate: 3 / 9,
      bucket: "MINUTE",
    });
    expect(actual.topErrors).toEqual([
      { stage: "INGESTOR", message: expect.stringMatching(/vector size rejected/), count: 2 },
      { stage: "INGESTOR", message: expect.stringMatching(/connection reset/), count: 1 },
    ]);
    expect(actual.itemDurationP95Ms).toBeGreaterThanOrEqual(actual.itemDurationP50Ms);
    expect(actual.documentsPerMinute).toBeGreaterThan(0);
    const ingestor = actual.timePerStage.find((s: any) => s.stage === "INGESTOR");
    expect(ingestor.runs).toBeGreaterThanOrEqual(6);
    expect(actual.timeline.reduce((n: number, b: any) => n + b.completed, 0)).toBe(6);
    expect(actual.timeline.reduce((n: number, b: any) => n + b.failed, 0)).toBe(3);

    const hourly = await stats({ bucket: "HOUR" });
    expect(hourly.bucket).toBe("HOUR");
    expect(hourly.timeline).toEqual((await expected(all)).hourly);
  });

  it("filters by realm, and a token sees only the realms it may read", async () => {
    expect(await stats({ realmId: other })).toEqual((await expected([migrations.backfill])).figures);
    const toTarget = [migrations.failed, migrations.scheduled, migrations.cancelled];
    expect(await stats({ realmId: target })).toEqual((await expected(toTarget)).figures);

    const { token } = await t.app.services.tokens.issue("other reader", false, [
      { realmId: rawId(other), role: "VIEWER" },
    ]);
    const visible = await stats({}, token);
    expect(visible).toEqual((await expected([migrations.backfill])).figures);
    expect(visible.migrations).toBe(1);
    const denied = await t.gql(STATS, { realmId: source }, token);
    expect(denied.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(denied.data).toBeNull();
  });

  it("selects migrations created in [since, until)", async () => {
    const created = await prisma().migration.findMany({ orderBy: { createdAt: "asc" } });
    const backfill = created.find((m) => m.id === rawId(migrations.backfill))!;
    const earlier = created.filter((m) => m.createdAt < backfill.createdAt).map((m) => m.id);
    expect(earlier).toHaveLength(3);
    const at = backfill.createdAt.toISOString();

    expect(await stats({ since: at })).toEqual((await expected([migrations.backfill], at)).figures);
    expect(await stats({ until: at })).toEqual((await expected(earlier, null, at)).figures);
    const next = new Date(backfill.createdAt.getTime() + 1).toISOString();
    expect(await stats({ since: at, until: next })).toEqual((await expected([migrations.backfill], at, next)).figures);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const empty = await stats({ since: future });
    expect(empty).toEqual((await expected([], future)).figures);
    expect(empty).toMatchObject({ migrations: 0, failureRate: 0, itemDurationP50Ms: null, documentsPerMinute: 0 });
  });

  it("refuses since >= until", async () => {
    const at = new Date().toISOString();
    for (const until of [at, new Date(Date.parse(at) - 1000).toISOString()]) {
      const result = await t.gql(STATS, { since: at, until });
      expect(result.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/until .* must be later than since/),
        extensions: { code: "INVALID_INPUT" },
      });
    }
  });

  it("is available through the SDK", async () => {
    const base = await t.app.start(0, "127.0.0.1");
    const sdk = createMigrationClient({ url: `${base}/graphql`, token: t.adminToken });
    try {
      // urql adds __typename to every object; the figures are the same.
      expect(await sdk.stats({ realmId: other })).toMatchObject(await stats({ realmId: other }));
      await expect(sdk.stats({ since: "2030-01-01T00:00:00Z", until: "2020-01-01T00:00:00Z" })).rejects.toMatchObject({
        code: "INVALID_INPUT",
      });
    } finally {
      await sdk.close();
    }
  });
});

describe("timeline bucket choice", () => {
  const minute = 60_000;
  it("picks the finest bucket giving at most 120 points and refuses too fine an explicit one", () => {
    expect(chooseBucket(null, null, null)).toBe("MINUTE");
    expect(chooseBucket(null, 0, 119 * minute)).toBe("MINUTE");
    expect(chooseBucket(null, 0, 120 * minute)).toBe("HOUR");
    expect(chooseBucket(null, 0, 200 * 60 * minute)).toBe("DAY");
    expect(chooseBucket("MINUTE", 0, 999 * minute)).toBe("MINUTE");
    expect(() => chooseBucket("MINUTE", 0, 1000 * minute)).toThrow(/at most 1000/);
    expect(chooseBucket("DAY", 0, 5000 * 1440 * minute)).toBe("DAY");
  });
});
