// npm run bench -- --search [--search-chunks 10000,100000] [--search-queries 50] [--parity-docs 1000]
// Search latency per connector kind on a synthetic corpus (seeded random unit vectors of the embedding dimension,
// 100 chunks per document, one realm, k = 10), p50/p95 over Q queries; then the time retrieval parity adds to a
// CROSS_DATABASE migration of N documents (EMBEDDED → EMBEDDED, 10 chunks each), read from the verification the
// migration records (durationMs) against the migration's own run time. PostgreSQL when DATABASE_URL is set
// (a throw-away schema), PGlite otherwise; Qdrant and Neo4j when QDRANT_URL / NEO4J_URI are set.
import crypto from "node:crypto";
import pg from "pg";
import { loadConfig } from "../server/config.ts";
import { Viewer } from "../server/services/access.ts";
import { EmbeddedConnector } from "../server/services/connectors/embedded.ts";
import { Neo4jConnector } from "../server/services/connectors/neo4j.ts";
import { QdrantConnector } from "../server/services/connectors/qdrant.ts";
import type { Connector, DocumentRecords } from "../server/services/connectors/types.ts";
import { openMetadataDb, type MetadataDb } from "../server/services/db/open.ts";
import { createServices } from "../server/services/index.ts";
import { retrievalVerificationOf } from "../server/services/migration/parity.ts";

export interface SearchBenchOptions {
  chunks: number[];
  queries: number;
  parityDocs: number;
  dimension: number;
  log: (line: string) => void;
}

/** `--search-chunks a,b` (default 10000,100000; --quick 2000) as options; queries 50, parity on 1,000 documents. */
export function searchBenchOptions(flag: string | undefined, quick: boolean, log: (line: string) => void) {
  const chunks = (flag ?? (quick ? "2000" : "10000,100000")).split(",").map((s) => Number(s.trim()));
  if (chunks.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--search-chunks takes positive integers");
  const dimension = Number(process.env.EMBEDDING_DIMENSION ?? 384);
  return { chunks, queries: quick ? 10 : 50, parityDocs: quick ? 100 : 1000, dimension, log };
}

const CHUNKS_PER_DOC = 100;
const K = 10;

export async function runSearchBench(options: SearchBenchOptions): Promise<void> {
  // Parity first, on its own metadata database (its services close it), then the search latencies.
  const parity = await metadataDb();
  try {
    await measureParity(parity.db, options);
  } finally {
    await parity.dropSchema();
  }
  const { db, close } = await metadataDb();
  try {
    console.log(`\n### Search latency (k = ${K}, ${options.queries} queries, ${options.dimension} dimensions)\n`);
    console.log("| kind | chunks | p50 ms | p95 ms | load s |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const chunks of options.chunks) {
      for (const [kind, open] of connectorsFor(db, options.dimension)) {
        const connector = open();
        options.log(`${kind}: ${chunks} chunks`);
        try {
          const row = await measureSearch(connector, chunks, options, kind);
          console.log(
            `| ${kind} | ${chunks} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.loadS.toFixed(0)} |`,
          );
        } finally {
          await connector.close();
        }
      }
    }
  } finally {
    await close();
  }
}

async function metadataDb(): Promise<{ db: MetadataDb; close: () => Promise<void>; dropSchema: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openMetadataDb({ pgliteDir: "memory://" });
    return { db, close: () => db.close(), dropSchema: async () => undefined };
  }
  const schema = `bench_search_${crypto.randomBytes(4).toString("hex")}`;
  const db = await openMetadataDb({ databaseUrl: url, schema });
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  };
  return { db, close: async () => (await db.close(), await dropSchema()), dropSchema };
}

function connectorsFor(db: MetadataDb, dimension: number): Array<[string, () => Connector]> {
  const list: Array<[string, () => Connector]> = [
    ["EMBEDDED", () => new EmbeddedConnector(db.prisma, crypto.randomUUID())],
  ];
  const qdrant = process.env.QDRANT_URL;
  if (qdrant) {
    const collection = `bench_search_${crypto.randomBytes(4).toString("hex")}`;
    list.push(["QDRANT", () => new QdrantConnector({ url: qdrant, collection, vectorSize: dimension })]);
  }
  const uri = process.env.NEO4J_URI;
  if (uri) {
    const username = process.env.NEO4J_USERNAME ?? "neo4j";
    const password = process.env.NEO4J_PASSWORD;
    list.push(["NEO4J", () => new Neo4jConnector({ uri, databaseName: "neo4j", username, password })]);
  }
  return list;
}

/** Loads `chunks` chunks into a fresh realm, runs the queries, removes the realm's records again. */
async function measureSearch(
  connector: Connector,
  chunks: number,
  { queries, dimension, log }: SearchBenchOptions,
  kind: string,
): Promise<{ p50: number; p95: number; loadS: number }> {
  const realmId = crypto.randomUUID();
  const random = seeded(chunks);
  const documents = Math.ceil(chunks / CHUNKS_PER_DOC);
  const ids: string[] = [];
  await connector.ensureReady();
  const loadStart = performance.now();
  for (let d = 0; d < documents; d++) {
    const documentId = crypto.randomUUID();
    ids.push(documentId);
    const count = Math.min(CHUNKS_PER_DOC, chunks - d * CHUNKS_PER_DOC);
    await connector.ingest(syntheticRecords(realmId, documentId, count, dimension, random));
    if ((d + 1) % 100 === 0) log(`${kind}: loaded ${(d + 1) * CHUNKS_PER_DOC} of ${chunks} chunks`);
  }
  const loadS = (performance.now() - loadStart) / 1000;
  try {
    // Warm-up: connections, the Neo4j index, the planner's statistics.
    await connector.search({ vector: unitVector(dimension, random), k: K, realmId });
    const times: number[] = [];
    for (let q = 0; q < queries; q++) {
      const vector = unitVector(dimension, random);
      const start = performance.now();
      const hits = await connector.search({ vector, k: K, realmId });
      times.push(performance.now() - start);
      if (hits.length !== Math.min(K, chunks)) throw new Error(`${kind} returned ${hits.length} hits`);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), loadS };
  } finally {
    for (const documentId of ids) await connector.remove({ documentId, realmId });
  }
}

/** A CROSS_DATABASE migration of `parityDocs` documents between two embedded databases, with parity on. */
async function measureParity(db: MetadataDb, { parityDocs, dimension, log }: SearchBenchOptions): Promise<void> {
  const config = loadConfig({
    ...process.env,
    DATA_DIR: `/tmp/bench-search-${process.pid}`,
    EMBEDDING_DIMENSION: String(dimension),
    LOG_LEVEL: "silent",
    MIGRATION_POLL_MS: "50",
  });
  const services = await createServices(config, { db });
  const viewer = Viewer.system();
  const prisma = db.prisma;
  try {
    const realm = await services.realms.create(viewer, {
      name: `bench-parity-${crypto.randomBytes(3).toString("hex")}`,
    });
    const [source, target] = await Promise.all(
      ["a", "b"].map((s) =>
        services.databases.create(viewer, { name: `bench-parity-${s}-${realm.id.slice(0, 8)}`, kind: "EMBEDDED" }),
      ),
    );
    for (const d of [source!, target!]) await services.realms.addDatabase(viewer, realm.id, d.id);
    const sha256 = crypto.createHash("sha256").update("bench").digest("hex");
    await prisma.blob.upsert({ where: { sha256 }, create: { sha256, size: 5n }, update: {} });
    const connector = await services.connectors.get(source!);
    const random = seeded(parityDocs);
    const documentIds: string[] = [];
    for (let i = 0; i < parityDocs; i++) {
      const document = await prisma.document.create({
        data: {
          realmId: realm.id,
          title: `doc-${i}`,
          status: "READY",
          fileName: `doc-${i}.md`,
          contentType: "text/markdown",
          sha256,
          size: 5n,
        },
      });
      const counts = await connector.ingest(syntheticRecords(realm.id, document.id, 10, dimension, random));
      await prisma.ingestion.create({
        data: { documentId: document.id, databaseId: source!.id, status: "SUCCEEDED", ...counts },
      });
      documentIds.push(document.id);
    }
    log(`parity: ${parityDocs} documents loaded; migrating`);
    services.start();
    const migration = await services.migrations.create(viewer, {
      type: "CROSS_DATABASE",
      sourceRealmId: realm.id,
      filter: {},
      options: { sourceDatabaseId: source!.id, targetDatabases: [target!.id] },
    });
    for (;;) {
      const row = await prisma.migration.findUniqueOrThrow({ where: { id: migration.id } });
      if (row.status === "COMPLETED" || row.status === "FAILED") {
        const verification = retrievalVerificationOf(row);
        const totalMs = row.completedAt!.getTime() - row.startedAt!.getTime();
        const parityMs = verification?.durationMs ?? 0;
        console.log(`\n### Retrieval parity on a ${parityDocs}-document migration (${parityDocs * 10} chunks)\n`);
        console.log("| migration s | parity ms | share | sampled | recall@k |");
        console.log("| ---: | ---: | ---: | ---: | ---: |");
        console.log(
          `| ${(totalMs / 1000).toFixed(1)} | ${parityMs} | ${((100 * parityMs) / totalMs).toFixed(1)} % | ` +
            `${verification?.sampled ?? 0} | ${verification?.retrievalRecall?.toFixed(3) ?? "-"} |`,
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    // Closes the runner, pub/sub and connectors, and the metadata database with them.
    await services.close();
  }
}

function syntheticRecords(
  realmId: string,
  documentId: string,
  count: number,
  dimension: number,
  random: () => number,
): DocumentRecords {
  return {
    documentId,
    realmId,
    title: `doc ${documentId.slice(0, 8)}`,
    chunks: Array.from({ length: count }, (_, index) => ({
      index,
      text: `chunk ${index} of ${documentId}`,
      vector: unitVector(dimension, random),
      start: index * 100,
      end: index * 100 + 99,
      entities: [],
    })),
    entities: [],
    relations: [],
  };
}

function unitVector(dimension: number, random: () => number): number[] {
  const v = Array.from({ length: dimension }, () => random() * 2 - 1);
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
