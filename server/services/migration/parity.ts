// Retrieval parity: once a migration's items are done, does retrieval still return the same passages? Samples
// S chunks of the migrated documents (deterministically, seeded by the migration id), uses each chunk's own
// vector (read from the source) as a query, and compares the exact top-k of the source side with the exact
// top-k of each target side, both restricted to the compared documents: recall@k and mean rank displacement.
// Counts cannot see a wrong vector; this can. Runs once per migration, before it ends (runner.finalize).
import { z } from "zod";
import type { Migration } from "../../generated/prisma/client.ts";
import type { ConnectorRegistry } from "../connectors/registry.ts";
import type { Connector, ManyQuery, SearchHit } from "../connectors/types.ts";
import type { Prisma } from "../db/open.ts";
import { parseJsonColumn } from "../json-column.ts";
import type { MigrationEvents, MigrationEventPayload, Tx } from "./events.ts";
import { kindOf } from "./kinds/registry.ts";
import type { ParityPair, ParitySettings } from "./parity-settings.ts";
import { resolvedOf } from "./stored.ts";

export const PARITY_STATUSES = ["PASSED", "BELOW_THRESHOLD", "SKIPPED", "ERROR"] as const;
/** The longest a parity check may take before the migration ends with the check's status ERROR. */
const PARITY_TIMEOUT_MS = 120_000;
/** Queries run at once against one database. */
const QUERY_CONCURRENCY = 4;
const WORST_SHOWN = 5;

const pairResultSchema = z.object({
  sourceDatabaseId: z.string(),
  targetDatabaseId: z.string(),
  documents: z.int(),
  sampled: z.int(),
  recall: z.number(),
  meanRankDisplacement: z.number(),
});

const worstQuerySchema = z.object({
  sourceDatabaseId: z.string(),
  targetDatabaseId: z.string(),
  /** The sampled chunk (of the source document) whose vector was the query. */
  documentId: z.string(),
  chunkIndex: z.int(),
  recall: z.number(),
  rankDisplacement: z.number(),
  /** Source hits ("documentId:chunkIndex") the target did not return. */
  missing: z.array(z.string()),
});

/** Stored in Migration.verification. */
export const retrievalVerificationSchema = z.object({
  status: z.enum(PARITY_STATUSES),
  /** The lowest mean recall@k over the compared pairs; null when nothing was compared. */
  retrievalRecall: z.number().nullable(),
  meanRankDisplacement: z.number().nullable(),
  sampled: z.int(),
  k: z.int(),
  threshold: z.number(),
  onBelow: z.enum(["WARN", "FAIL"]),
  pairs: z.array(pairResultSchema),
  worst: z.array(worstQuerySchema),
  message: z.string(),
  durationMs: z.number(),
  checkedAt: z.string(),
});
export type RetrievalVerification = z.infer<typeof retrievalVerificationSchema>;
type PairResult = z.infer<typeof pairResultSchema>;
type WorstQuery = z.infer<typeof worstQuerySchema>;

export interface ParityOutcome {
  verification: RetrievalVerification;
  /** The request chose FAIL and the check is below its threshold (or could not run). */
  failed: boolean;
}

export function retrievalVerificationOf(
  migration: Pick<Migration, "id" | "verification">,
): RetrievalVerification | null {
  if (migration.verification == null) return null;
  return parseJsonColumn(retrievalVerificationSchema, migration.verification, "Migration.verification", migration.id);
}

/** The check for a migration whose items are all done; null when its request turned parity off. */
export async function checkParity(
  deps: { prisma: Prisma; connectors: ConnectorRegistry },
  migrationId: string,
): Promise<ParityOutcome | null> {
  const started = performance.now();
  const migration = await deps.prisma.migration.findUniqueOrThrow({ where: { id: migrationId } });
  const resolved = resolvedOf(migration);
  const settings = resolved.options.retrievalParity;
  if (!settings.enabled) return null;
  const base = { k: settings.k, threshold: settings.threshold, onBelow: settings.onBelow };
  const finish = (v: Omit<RetrievalVerification, "durationMs" | "checkedAt" | keyof typeof base>): ParityOutcome => {
    const verification = {
      ...v,
      ...base,
      durationMs: Math.round(performance.now() - started),
      checkedAt: new Date().toISOString(),
    };
    const failed = settings.onBelow === "FAIL" && (v.status === "BELOW_THRESHOLD" || v.status === "ERROR");
    return { verification, failed };
  };
  const empty = { retrievalRecall: null, meanRankDisplacement: null, sampled: 0, pairs: [], worst: [] };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`it did not finish within ${PARITY_TIMEOUT_MS / 1000} s`)),
      PARITY_TIMEOUT_MS,
    );
    timer.unref();
  });
  try {
    return await Promise.race([compare(), timedOut]);
  } catch (error) {
    // A check that cannot run is this check's result, never a reason to hold the migration open: the
    // migration ends with status ERROR on its verification (FAILED when the request chose onBelow FAIL).
    return finish({
      ...empty,
      status: "ERROR",
      message: `Retrieval parity could not run: ${error instanceof Error ? error.message : String(error)}`,
    });
  } finally {
    clearTimeout(timer);
  }

  async function compare(): Promise<ParityOutcome> {
    const pairs = kindOf(migration.type).parityPairs(resolved);
    if (pairs.length === 0) {
      return finish({
        ...empty,
        status: "SKIPPED",
        message:
          "Retrieval parity skipped: the migration removed the source's records, so there is nothing to compare.",
      });
    }
    const results: Array<{ pair: PairResult; worst: WorstQuery[] }> = [];
    const skipped: string[] = [];
    for (const pair of pairs) {
      const result = await comparePair(deps, migration, pair, settings, resolved.options.targetDatabases);
      if (typeof result === "string") skipped.push(result);
      else results.push(result);
    }
    if (results.length === 0)
      return finish({ ...empty, status: "SKIPPED", message: `Retrieval parity skipped: ${skipped.join(" ")}` });
    const recall = Math.min(...results.map((r) => r.pair.recall));
    const displacement = Math.max(...results.map((r) => r.pair.meanRankDisplacement));
    const sampled = Math.max(...results.map((r) => r.pair.sampled));
    const below = recall < settings.threshold - 1e-9;
    const summary =
      `Retrieval parity: recall@${settings.k} ${recall.toFixed(3)} (threshold ${settings.threshold}), mean rank ` +
      `displacement ${displacement.toFixed(2)}, over ${sampled} sampled chunk(s) and ${results.length} database pair(s).`;
    return finish({
      status: below ? "BELOW_THRESHOLD" : "PASSED",
      retrievalRecall: recall,
      meanRankDisplacement: displacement,
      sampled,
      pairs: results.map((r) => r.pair),
      worst: results
        .flatMap((r) => r.worst)
        .sort((a, b) => a.recall - b.recall || b.rankDisplacement - a.rankDisplacement)
        .slice(0, WORST_SHOWN),
      message: below
        ? `${summary} Below the threshold: the target databases do not return what the source returns.`
        : summary,
    });
  }
}

/** Inside the transaction that ends the migration: stores the verification and appends retrieval.verified. */
export async function recordParity(
  tx: Tx,
  events: MigrationEvents,
  migrationId: string,
  { verification, failed }: ParityOutcome,
): Promise<MigrationEventPayload> {
  return events.append(tx, migrationId, "retrieval.verified", {
    data: { verification, ...(failed ? { error: verification.message } : {}) },
    message: verification.message,
  });
}

interface ComparedDocument {
  sourceId: string;
  targetId: string;
  points: number;
}

/** One pair's result, or why it could not be compared. */
async function comparePair(
  { prisma, connectors }: { prisma: Prisma; connectors: ConnectorRegistry },
  migration: Migration,
  pair: ParityPair,
  settings: ParitySettings,
  targets: string[],
): Promise<{ pair: PairResult; worst: WorstQuery[] } | string> {
  const items = await prisma.migrationItem.findMany({
    where: { migrationId: migration.id, status: "COMPLETED" },
    select: { sourceDocumentId: true, targetDocumentId: true },
    orderBy: { ordinal: "asc" },
  });
  const targetOf = new Map(items.map((i) => [i.sourceDocumentId, i.targetDocumentId ?? i.sourceDocumentId]));
  const sourceIds = [...targetOf.keys()];
  const sourceDatabaseId = pair.source.databaseId ?? (await busiestDatabase(prisma, pair, sourceIds, targets));
  if (!sourceDatabaseId) return `No database of the source realm holds the migrated documents.`;
  const ingested = async (databaseId: string, documentIds: string[]) =>
    new Map(
      (
        await prisma.ingestion.findMany({
          where: { databaseId, documentId: { in: documentIds }, status: "SUCCEEDED" },
          select: { documentId: true, points: true },
        })
      ).map((i) => [i.documentId, i.points]),
    );
  const inSource = await ingested(sourceDatabaseId, sourceIds);
  const inTarget = await ingested(pair.target.databaseId, [...targetOf.values()]);
  const compared: ComparedDocument[] = sourceIds
    .filter((id) => (inSource.get(id) ?? 0) > 0 && inTarget.has(targetOf.get(id)!))
    .map((id) => ({ sourceId: id, targetId: targetOf.get(id)!, points: inSource.get(id)! }));
  if (compared.length === 0)
    return `No migrated document is ingested both in database ${sourceDatabaseId} and in ${pair.target.databaseId}.`;

  const [sourceDb, targetDb] = await Promise.all(
    [sourceDatabaseId, pair.target.databaseId].map((id) => prisma.database.findUniqueOrThrow({ where: { id } })),
  );
  const source = await connectors.get(sourceDb!);
  const target = await connectors.get(targetDb!);
  const samples = await sampleQueries(source, pair.source.realmId, compared, settings.sample, migration.id);
  const sourceOfTarget = new Map(compared.map((d) => [d.targetId, d.sourceId]));
  const key = (documentId: string, chunkIndex: number) => `${documentId}:${chunkIndex}`;
  const vectors = samples.map((sample) => sample.vector);
  const [expectedAll, actualAll] = await Promise.all([
    searchAll(source, {
      vectors,
      k: settings.k,
      exact: true,
      realmId: pair.source.realmId,
      documentIds: compared.map((d) => d.sourceId),
    }),
    searchAll(target, {
      vectors,
      k: settings.k,
      exact: true,
      realmId: pair.target.realmId,
      documentIds: compared.map((d) => d.targetId),
    }),
  ]);
  const scored = samples.map((sample, n) => {
    const [expected, actual] = [expectedAll[n]!, actualAll[n]!];
    const expectedKeys = expected.map((h) => key(h.documentId, h.chunkIndex));
    const actualRank = new Map(
      actual.map((h: SearchHit, i) => [key(sourceOfTarget.get(h.documentId) ?? h.documentId, h.chunkIndex), i]),
    );
    const missing = expectedKeys.filter((k) => !actualRank.has(k));
    const displacement =
      expectedKeys.length === 0
        ? 0
        : expectedKeys.reduce(
            (sum, k, i) => sum + (actualRank.has(k) ? Math.abs(actualRank.get(k)! - i) : settings.k),
            0,
          ) / expectedKeys.length;
    return {
      sourceDatabaseId,
      targetDatabaseId: pair.target.databaseId,
      documentId: sample.documentId,
      chunkIndex: sample.chunkIndex,
      recall: expectedKeys.length === 0 ? 1 : (expectedKeys.length - missing.length) / expectedKeys.length,
      rankDisplacement: displacement,
      missing: missing.slice(0, settings.k),
    };
  });
  const mean = (values: number[]) => (values.length === 0 ? 1 : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    pair: {
      sourceDatabaseId,
      targetDatabaseId: pair.target.databaseId,
      documents: compared.length,
      sampled: scored.length,
      recall: mean(scored.map((s) => s.recall)),
      meanRankDisplacement: scored.length === 0 ? 0 : mean(scored.map((s) => s.rankDisplacement)),
    },
    worst: scored
      .filter((s) => s.recall < 1 || s.rankDisplacement > 0)
      .sort((a, b) => a.recall - b.recall || b.rankDisplacement - a.rankDisplacement)
      .slice(0, WORST_SHOWN),
  };
}

/** Every query's answer: in one pass where the connector can (searchMany), else QUERY_CONCURRENCY at a time. */
function searchAll(connector: Connector, query: ManyQuery): Promise<SearchHit[][]> {
  if (connector.searchMany) return connector.searchMany(query);
  const { vectors, ...rest } = query;
  return mapLimited(vectors, QUERY_CONCURRENCY, (vector) => connector.search({ ...rest, vector }));
}

/** The realm's database (not a target of the migration) holding the most migrated documents. */
async function busiestDatabase(
  prisma: Prisma,
  pair: ParityPair,
  documentIds: string[],
  targets: string[],
): Promise<string | null> {
  const links = await prisma.realmDatabase.findMany({
    where: { realmId: pair.source.realmId, databaseId: { notIn: [...targets, pair.target.databaseId] } },
    select: { databaseId: true },
    orderBy: [{ addedAt: "asc" }, { databaseId: "asc" }],
  });
  let best: { id: string; n: number } | null = null;
  for (const { databaseId } of links) {
    const n = await prisma.ingestion.count({
      where: { databaseId, documentId: { in: documentIds }, status: "SUCCEEDED" },
    });
    if (n > 0 && (!best || n > best.n)) best = { id: databaseId, n };
  }
  return best?.id ?? null;
}

/**
 * S distinct chunks over the compared documents' chunks (all of them when fewer), chosen by a generator
 * seeded with the migration id, so a re-run samples the same ones; their vectors come from the source.
 */
async function sampleQueries(
  source: Connector,
  realmId: string,
  documents: ComparedDocument[],
  size: number,
  seed: string,
): Promise<Array<{ documentId: string; chunkIndex: number; vector: number[] }>> {
  const total = documents.reduce((sum, d) => sum + d.points, 0);
  const random = seededRandom(seed);
  const positions = new Set<number>();
  if (total <= size) for (let i = 0; i < total; i++) positions.add(i);
  else while (positions.size < size) positions.add(Math.floor(random() * total));
  // Positions → (document, index among its chunks), one export per document sampled.
  const wanted = new Map<string, number[]>();
  let offset = 0;
  const sorted = [...positions].sort((a, b) => a - b);
  let next = 0;
  for (const d of documents) {
    while (next < sorted.length && sorted[next]! < offset + d.points) {
      wanted.set(d.sourceId, [...(wanted.get(d.sourceId) ?? []), sorted[next]! - offset]);
      next++;
    }
    offset += d.points;
  }
  const samples: Array<{ documentId: string; chunkIndex: number; vector: number[] }> = [];
  for (const [documentId, ordinals] of wanted) {
    const { chunks } = await source.export({ documentId, realmId });
    for (const ordinal of ordinals) {
      const chunk = chunks[ordinal];
      if (chunk) samples.push({ documentId, chunkIndex: chunk.index, vector: chunk.vector });
    }
  }
  return samples;
}

/** mulberry32 over a string hash: deterministic, good enough to spread a sample. */
function seededRandom(seed: string): () => number {
  let state = 0;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function mapLimited<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]!);
      }
    }),
  );
  return results;
}
