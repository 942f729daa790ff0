// Analytics: `migrationStats`, figures over the migrations a token can see. The definitions live in the
// field descriptions; the computation is in services/migration/stats.ts.
import { builder, viewerOf } from "../builder.ts";
import { parseId } from "./ids.ts";
import { MigrationStatusEnum, MigrationTypeEnum } from "./migration/index.ts";
import { StageEnum, stageOf, stageOrNull } from "./vocabulary.ts";
import type { MigrationStats, StageStats, TimelineBucket } from "../services/migration/stats.ts";
import { AUTO_BUCKET_POINTS, MAX_BUCKET_POINTS, TOP_ERRORS } from "../services/migration/stats.ts";

const StatsBucketEnum = builder.enumType("StatsBucket", {
  description: "Length of one timeline point; buckets are aligned to UTC.",
  values: {
    MINUTE: { description: "One minute." },
    HOUR: { description: "One hour." },
    DAY: { description: "One UTC day." },
  } as const,
});

const StatusCount = builder.objectRef<MigrationStats["byStatus"][number]>("MigrationStatusCount").implement({
  description: "Migrations in one state.",
  fields: (t) => ({
    status: t.field({ type: MigrationStatusEnum, description: "State.", resolve: (c) => c.status }),
    count: t.exposeInt("count", { description: "Migrations." }),
  }),
});

const TypeCount = builder.objectRef<MigrationStats["byType"][number]>("MigrationTypeCount").implement({
  description: "Migrations of one kind.",
  fields: (t) => ({
    type: t.field({ type: MigrationTypeEnum, description: "Kind.", resolve: (c) => c.type }),
    count: t.exposeInt("count", { description: "Migrations." }),
  }),
});

const ErrorCount = builder.objectRef<MigrationStats["topErrors"][number]>("MigrationErrorCount").implement({
  description: "How many failed items ended with one error message (at one stage).",
  fields: (t) => ({
    stage: t.field({
      type: StageEnum,
      nullable: true,
      description: "Stage that failed, if a stage did.",
      resolve: (e) => stageOrNull(e.stage),
    }),
    message: t.exposeString("message", { description: "The error message." }),
    count: t.exposeInt("count", { description: "Failed items with this message." }),
  }),
});

const StageStatsRef = builder.objectRef<StageStats>("StageStats").implement({
  description: "Stage runs recorded for the selected migrations, for one stage. Durations in milliseconds.",
  fields: (t) => ({
    stage: t.field({ type: StageEnum, description: "Stage.", resolve: (s) => stageOf(s.stage) }),
    runs: t.exposeInt("runs", { description: "Runs (attempts), whatever their outcome." }),
    failures: t.exposeInt("failures", { description: "Runs that failed." }),
    totalMs: t.exposeFloat("totalMs", { description: "Sum of the finished runs' durations." }),
    avgMs: t.exposeFloat("avgMs", { nullable: true, description: "Mean duration of finished runs." }),
    p50Ms: t.exposeFloat("p50Ms", { nullable: true, description: "Median duration (continuous percentile)." }),
    p95Ms: t.exposeFloat("p95Ms", { nullable: true, description: "95th percentile duration (continuous)." }),
  }),
});

const TimelineBucketRef = builder.objectRef<TimelineBucket>("MigrationStatsBucket").implement({
  description: "Items that ended in one timeline bucket (by their completedAt).",
  fields: (t) => ({
    start: t.expose("start", { type: "DateTime", description: "Start of the bucket." }),
    completed: t.exposeInt("completed", { description: "Items completed in the bucket." }),
    failed: t.exposeInt("failed", { description: "Items that failed in the bucket." }),
    activeMinutes: t.exposeFloat("activeMinutes", {
      description:
        "Minutes of the bucket inside [activeFrom, activeUntil] (the whole bucket except at the window's ends): " +
        "the denominator of the rates.",
    }),
    documentsPerMinute: t.exposeFloat("documentsPerMinute", {
      description: "Throughput in the bucket: completed / activeMinutes (0 when activeMinutes is 0).",
    }),
    failedPerMinute: t.exposeFloat("failedPerMinute", {
      description: "failed / activeMinutes (0 when activeMinutes is 0).",
    }),
  }),
});

const MigrationStatsRef = builder.objectRef<MigrationStats>("MigrationStats").implement({
  description:
    "Figures over the migrations you can see that were created in [since, until). Item figures count the " +
    "items of those migrations whenever they ran; rollbacks show only in the migration counts by status.",
  fields: (t) => ({
    since: t.expose("since", { type: "DateTime", nullable: true, description: "Range start (inclusive)." }),
    until: t.expose("until", { type: "DateTime", nullable: true, description: "Range end (exclusive)." }),
    migrations: t.exposeInt("migrations", { description: "Migrations selected." }),
    byStatus: t.field({
      type: [StatusCount],
      description: "Migrations by status, every status listed (zeros included).",
      resolve: (s) => s.byStatus,
    }),
    byType: t.field({
      type: [TypeCount],
      description: "Migrations by type, every type listed (zeros included).",
      resolve: (s) => s.byType,
    }),
    documentsMigrated: t.exposeInt("documentsMigrated", { description: "Items COMPLETED." }),
    documentsFailed: t.exposeInt("documentsFailed", { description: "Items FAILED." }),
    documentsSkipped: t.exposeInt("documentsSkipped", { description: "Items SKIPPED (conflictPolicy SKIP)." }),
    documentsCancelled: t.exposeInt("documentsCancelled", { description: "Items CANCELLED." }),
    failureRate: t.exposeFloat("failureRate", {
      description: "documentsFailed / (documentsMigrated + documentsFailed), 0–1; 0 when neither.",
    }),
    itemDurationP50Ms: t.exposeFloat("itemDurationP50Ms", {
      nullable: true,
      description:
        "Median of completedAt − startedAt over COMPLETED items, in ms (continuous percentile; from the first " +
        "attempt's start, so retries and their backoff count). Null when no item completed.",
    }),
    itemDurationP95Ms: t.exposeFloat("itemDurationP95Ms", {
      nullable: true,
      description: "95th percentile of the same durations (continuous), in ms.",
    }),
    activeFrom: t.expose("activeFrom", {
      type: "DateTime",
      nullable: true,
      description: "Earliest startedAt of the items that ran (have both startedAt and completedAt).",
    }),
    activeUntil: t.expose("activeUntil", {
      type: "DateTime",
      nullable: true,
      description: "Latest completedAt of the items that ran.",
    }),
    documentsPerMinute: t.exposeFloat("documentsPerMinute", {
      description:
        "Throughput: documentsMigrated / the minutes from activeFrom to activeUntil (wall-clock time, idle " +
        "gaps between migrations included); 0 when that window is empty.",
    }),
    topErrors: t.field({
      type: [ErrorCount],
      description: `The ${TOP_ERRORS} most frequent (stage, message) pairs of FAILED items, most frequent first.`,
      resolve: (s) => s.topErrors,
    }),
    timePerStage: t.field({
      type: [StageStatsRef],
      description: "Stage runs recorded for these migrations, per stage, in pipeline order.",
      resolve: (s) => s.timePerStage,
    }),
    bucket: t.field({ type: StatsBucketEnum, description: "Bucket length of the timeline.", resolve: (s) => s.bucket }),
    timeline: t.field({
      type: [TimelineBucketRef],
      description:
        "Completed and failed items per bucket, from the first to the last bucket with an item end " +
        "(empty buckets in between included).",
      resolve: (s) => s.timeline,
    }),
  }),
});

builder.queryFields((t) => ({
  migrationStats: t.field({
    type: MigrationStatsRef,
    description:
      "Analytics over the migrations you can see (from or to `realmId` when given) created in [since, until).",
    args: {
      realmId: t.arg.id({ description: "Only migrations from or to this realm." }),
      since: t.arg({ type: "DateTime", description: "Only migrations created at or after this." }),
      until: t.arg({ type: "DateTime", description: "Only migrations created before this; later than since." }),
      bucket: t.arg({
        type: StatsBucketEnum,
        description:
          `Timeline bucket. Default: the finest of MINUTE, HOUR, DAY giving at most ${AUTO_BUCKET_POINTS} points. ` +
          `MINUTE and HOUR are refused beyond ${MAX_BUCKET_POINTS} points.`,
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.stats.compute(viewerOf(ctx), {
        realmId: args.realmId != null ? parseId(args.realmId, "Realm", ["realmId"]) : null,
        since: args.since,
        until: args.until,
        bucket: args.bucket,
      }),
  }),
}));
