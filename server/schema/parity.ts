// Retrieval parity in the API: the request's settings (input and resolved) and the verification a migration
// records when its items are done (services/migration/parity.ts).
import { builder } from "../builder.ts";
import { PARITY_STATUSES, type RetrievalVerification } from "../services/migration/parity.ts";
import {
  DEFAULT_PARITY,
  PARITY_LIMITS,
  PARITY_OUTCOMES,
  type ParitySettings,
} from "../services/migration/parity-settings.ts";

const ParityOutcomeEnum = builder.enumType("RetrievalParityOutcome", {
  description: "What a migration below the retrieval-parity threshold becomes.",
  values: {
    WARN: { description: "COMPLETED, with the verification below threshold as a warning (default)." },
    FAIL: { description: "FAILED (as does a check that could not run)." },
  } satisfies Record<(typeof PARITY_OUTCOMES)[number], { description: string }>,
});

const ParityStatusEnum = builder.enumType("RetrievalParityStatus", {
  description: "How the retrieval-parity check ended.",
  values: {
    PASSED: { description: "Recall@k is at or above the threshold." },
    BELOW_THRESHOLD: {
      description: "Recall@k is below the threshold: the targets do not return what the source does.",
    },
    SKIPPED: {
      description:
        "Nothing to compare (a MOVE or removeFromSource removed the source's records, or no document is ingested on both sides).",
    },
    ERROR: { description: "The check could not run; `message` says why." },
  } satisfies Record<(typeof PARITY_STATUSES)[number], { description: string }>,
});

export const RetrievalParityInput = builder.inputType("RetrievalParityInput", {
  description: "Retrieval-parity verification once the migration's items are done.",
  fields: (t) => ({
    enabled: t.boolean({ description: `Run the check (default ${DEFAULT_PARITY.enabled}).` }),
    sample: t.int({
      description: `Chunks sampled as queries, ${PARITY_LIMITS.sample.min} to ${PARITY_LIMITS.sample.max} (default ${DEFAULT_PARITY.sample}; all chunks when fewer).`,
    }),
    k: t.int({
      description: `Hits compared per query, ${PARITY_LIMITS.k.min} to ${PARITY_LIMITS.k.max} (default ${DEFAULT_PARITY.k}).`,
    }),
    threshold: t.float({
      description: `Lowest acceptable mean recall@k, 0 to 1 (default ${DEFAULT_PARITY.threshold}: both sides are searched exactly).`,
    }),
    onBelow: t.field({
      type: ParityOutcomeEnum,
      description: `Below the threshold (default ${DEFAULT_PARITY.onBelow}).`,
    }),
  }),
});

export const RetrievalParitySettings = builder.objectRef<ParitySettings>("RetrievalParitySettings").implement({
  description: "The retrieval-parity settings of a migration, defaults applied.",
  fields: (t) => ({
    enabled: t.exposeBoolean("enabled", { description: "The check runs." }),
    sample: t.exposeInt("sample", { description: "Chunks sampled as queries." }),
    k: t.exposeInt("k", { description: "Hits compared per query." }),
    threshold: t.exposeFloat("threshold", { description: "Lowest acceptable mean recall@k." }),
    onBelow: t.field({ type: ParityOutcomeEnum, description: "Below the threshold.", resolve: (s) => s.onBelow }),
  }),
});

type PairResult = RetrievalVerification["pairs"][number];
type WorstQuery = RetrievalVerification["worst"][number];

const ParityPairRef = builder.objectRef<PairResult>("RetrievalParityPair").implement({
  description: "One source database compared with one target database.",
  fields: (t) => ({
    sourceDatabaseId: t.exposeID("sourceDatabaseId", { description: "Database searched as the reference." }),
    targetDatabaseId: t.exposeID("targetDatabaseId", { description: "Database compared with it." }),
    documents: t.exposeInt("documents", { description: "Migrated documents held by both, the search was limited to." }),
    sampled: t.exposeInt("sampled", { description: "Chunks whose vectors were the queries." }),
    recall: t.exposeFloat("recall", {
      description: "Mean recall@k: the share of the source's top k the target returned.",
    }),
    meanRankDisplacement: t.exposeFloat("meanRankDisplacement", {
      description: "Mean |rank in source − rank in target| per source hit (k for a hit the target missed).",
    }),
  }),
});

const WorstQueryRef = builder.objectRef<WorstQuery>("RetrievalParityQuery").implement({
  description: "A sampled query whose target answer differed most from the source's.",
  fields: (t) => ({
    sourceDatabaseId: t.exposeID("sourceDatabaseId", { description: "Reference database." }),
    targetDatabaseId: t.exposeID("targetDatabaseId", { description: "Compared database." }),
    documentId: t.exposeID("documentId", { description: "Source document of the sampled chunk." }),
    chunkIndex: t.exposeInt("chunkIndex", { description: "The sampled chunk, whose own vector was the query." }),
    recall: t.exposeFloat("recall", { description: "Recall@k of this query." }),
    rankDisplacement: t.exposeFloat("rankDisplacement", { description: "Mean rank displacement of this query." }),
    missing: t.exposeStringList("missing", {
      description: 'Source hits the target did not return, as "documentId:chunkIndex" (source ids).',
    }),
  }),
});

export const RetrievalVerificationRef = builder.objectRef<RetrievalVerification>("RetrievalVerification").implement({
  description:
    "Retrieval parity, checked once the items were done: sampled chunks' own vectors as queries, exact top-k of the " +
    "source side vs each target side over the migrated documents.",
  fields: (t) => ({
    status: t.field({ type: ParityStatusEnum, description: "How the check ended.", resolve: (v) => v.status }),
    retrievalRecall: t.exposeFloat("retrievalRecall", {
      nullable: true,
      description:
        "Lowest mean recall@k over the pairs (1 = every source hit came back); null when nothing was compared.",
    }),
    meanRankDisplacement: t.exposeFloat("meanRankDisplacement", {
      nullable: true,
      description: "Highest mean rank displacement over the pairs.",
    }),
    sampled: t.exposeInt("sampled", { description: "Chunks used as queries." }),
    k: t.exposeInt("k", { description: "Hits compared per query." }),
    threshold: t.exposeFloat("threshold", { description: "The threshold applied." }),
    onBelow: t.field({
      type: ParityOutcomeEnum,
      description: "The outcome chosen below it.",
      resolve: (v) => v.onBelow,
    }),
    pairs: t.field({ type: [ParityPairRef], description: "Each pair compared.", resolve: (v) => v.pairs }),
    worst: t.field({
      type: [WorstQueryRef],
      description: "Up to 5 queries that differed most.",
      resolve: (v) => v.worst,
    }),
    message: t.exposeString("message", { description: "A one-line summary." }),
    durationMs: t.exposeInt("durationMs", { description: "Time the check took." }),
    checkedAt: t.field({ type: "DateTime", description: "When it ran.", resolve: (v) => new Date(v.checkedAt) }),
  }),
});
