// Connector batching, measured: N documents (~10 chunks of 384-dimensional vectors, ~20 entities shared across
// documents, ~20 relations) written one `ingest` at a time vs `ingestMany` batches, on every kind whose service
// is configured (EMBEDDED on PGlite and on PostgreSQL, QDRANT, NEO4J); also count/export/remove of the same
// documents one by one vs in batches. Rounds alternate the order of the two ways, each on a fresh realm; the
// median is printed. Figures only, never assertions:
//   eval "$(scripts/services.sh env)" && npx tsx bench/connectors.ts [--docs 100] [--batch 100] [--rounds 3]
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { EmbeddedConnector } from "../server/services/connectors/embedded.ts";
import { Neo4jConnector } from "../server/services/connectors/neo4j.ts";
import { QdrantConnector } from "../server/services/connectors/qdrant.ts";
import type { Connector, DocumentRecords, DocumentRef } from "../server/services/connectors/types.ts";
import { openMetadataDb, type MetadataDb } from "../server/services/db/open.ts";

const { values: args } = parseArgs({
  options: {
    docs: { type: "string", default: "100" },
    batch: { type: "string", default: "100" },
    rounds: { type: "string", default: "3" },
    chunks: { type: "string", default: "10" },
    entities: { type: "string", default: "20" },
    dimension: { type: "string", default: "384" },
  },
});
const DOCS = Number(args.docs);
const BATCH = Number(args.batch);
const ROUNDS = Number(args.rounds);
const CHUNKS = Number(args.chunks);
const ENTITIES = Number(args.entities);
const DIMENSION = Number(args.dimension);
/** Entities are drawn from a pool a few times larger than one document's share, so documents overlap. */
const POOL = ENTITIES * 10;

interface Subject {
  name: string;
  open(): Promise<{ connector: Connector; close(): Promise<void> }>;
}

function subjects(): Subject[] {
  const list: Subject[] = [
    { name: "EMBEDDED (PGlite)", open: () => embedded(openMetadataDb({ pgliteDir: "memory://" })) },
  ];
  const postgresUrl = process.env.DATABASE_URL;
  if (postgresUrl) {
    const schema = `bench_conn_${crypto.randomBytes(4).toString("hex")}`;
    list.push({
      name: "EMBEDDED (PostgreSQL)",
      open: () =>
        embedded(openMetadataDb({ databaseUrl: postgresUrl, schema }), async () => {
          const client = new pg.Client({ connectionString: postgresUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
        }),
    });
  }
  const qdrantUrl = process.env.QDRANT_URL;
  if (qdrantUrl) {
    list.push({
      name: "QDRANT",
      open: async () => {
        const collection = `bench_conn_${crypto.randomBytes(4).toString("hex")}`;
        const connector = new QdrantConnector({
          url: qdrantUrl,
          collection,
          vectorSize: DIMENSION,
          timeoutMs: 120_000,
        });
        await connector.ensureReady();
        const close = async () => {
          await fetch(`${qdrantUrl}/collections/${collection}`, { method: "DELETE" });
        };
        return { connector, close };
      },
    });
  }
  const neo4jUri = process.env.NEO4J_URI;
  if (neo4jUri) {
    list.push({
      name: "NEO4J",
      open: async () => {
        const connector = new Neo4jConnector({
          uri: neo4jUri,
          databaseName: process.env.NEO4J_DATABASE ?? "neo4j",
          username: process.env.NEO4J_USERNAME,
          password: process.env.NEO4J_PASSWORD,
          maxRetryTimeMs: 30_000,
        });
        await connector.ensureReady();
        return { connector, close: () => connector.close() };
      },
    });
  }
  return list;
}

async function embedded(opening: Promise<MetadataDb>, drop?: () => Promise<void>) {
  const db = await opening;
  const connector = new EmbeddedConnector(db.prisma, crypto.randomUUID());
  return {
    connector,
    close: async () => {
      await db.close();
      await drop?.();
    },
  };
}

/** Deterministic pseudo-random numbers, so every kind and round writes the same shapes. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function documentsOf(realmId: string, seed: number): DocumentRecords[] {
  const next = random(seed);
  return Array.from({ length: DOCS }, (_, d) => {
    const keys = new Set<string>();
    while (keys.size < ENTITIES) keys.add(`entity:${Math.floor(next() * POOL)}`);
    const entities = [...keys].map((key) => ({ key, name: key.replace("entity:", "name "), type: "CONCEPT" }));
    const names = entities.map((e) => e.name);
    const chunks = Array.from({ length: CHUNKS }, (_, index) => {
      const text = `Document ${d}, chunk ${index}. `.padEnd(1000, "lorem ipsum dolor sit amet ");
      return {
        index,
        text,
        vector: Array.from({ length: DIMENSION }, () => next() * 2 - 1),
        start: index * 1000,
        end: index * 1000 + text.length,
        entities: [names[index % names.length]!, names[(index * 7 + 3) % names.length]!],
      };
    });
    const relations = entities
      .slice(1)
      .map((e, i) => ({ source: entities[i]!.key, target: e.key, type: "RELATED_TO" }));
    return { documentId: crypto.randomUUID(), realmId, title: `Document ${d}`, chunks, entities, relations };
  });
}

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

const batches = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));

interface Times {
  ingest: number;
  count: number;
  export: number;
  remove: number;
}

/** One way of writing, counting, exporting and removing the documents of a fresh realm. */
async function round(connector: Connector, batched: boolean, seed: number): Promise<Times> {
  const realmId = crypto.randomUUID();
  const documents = documentsOf(realmId, seed);
  const refs: DocumentRef[] = documents.map(({ documentId }) => ({ documentId, realmId }));
  const ids = refs.map((r) => r.documentId);
  const times: Times = batched
    ? {
        ingest: await timed(async () => {
          for (const batch of batches(documents)) await connector.ingestMany(batch);
        }),
        count: await timed(async () => {
          for (const batch of batches(ids)) await connector.countMany({ realmId, documentIds: batch });
        }),
        export: await timed(async () => {
          for (const batch of batches(refs)) await connector.exportMany(batch);
        }),
        remove: await timed(async () => {
          for (const batch of batches(refs)) await connector.removeMany(batch);
        }),
      }
    : {
        ingest: await timed(async () => {
          for (const records of documents) await connector.ingest(records);
        }),
        count: await timed(async () => {
          for (const documentId of ids) await connector.count({ realmId, documentId });
        }),
        export: await timed(async () => {
          for (const ref of refs) await connector.export(ref);
        }),
        remove: await timed(async () => {
          for (const ref of refs) await connector.remove(ref);
        }),
      };
  const left = await connector.count({ realmId });
  if (left.points + left.nodes + left.relationships !== 0)
    throw new Error(`realm ${realmId} not emptied: ${JSON.stringify(left)}`);
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  console.log(
    `${DOCS} documents × ${CHUNKS} chunks (${DIMENSION}-dim), ${ENTITIES} entities (pool ${POOL}), ` +
      `${ENTITIES - 1} relations; batches of ${BATCH}; median of ${ROUNDS} rounds\n`,
  );
  const header = ["kind", "operation", "one by one ms", "batched ms", "speed-up", "docs/s batched", "points/s batched"];
  const rows: string[][] = [];
  for (const subject of subjects()) {
    const { connector, close } = await subject.open();
    try {
      await round(connector, true, 1); // warm-up: connections, caches, JIT
      const single: Times[] = [];
      const batched: Times[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate which way goes first, so drifting load does not favour one of them.
        if (r % 2 === 0) {
          single.push(await round(connector, false, 100 + r));
          batched.push(await round(connector, true, 100 + r));
        } else {
          batched.push(await round(connector, true, 100 + r));
          single.push(await round(connector, false, 100 + r));
        }
      }
      for (const operation of ["ingest", "count", "export", "remove"] as const) {
        const one = median(single.map((t) => t[operation]));
        const many = median(batched.map((t) => t[operation]));
        rows.push([
          subject.name,
          operation,
          one.toFixed(0),
          many.toFixed(0),
          `${(one / many).toFixed(1)}×`,
          ((DOCS * 1000) / many).toFixed(0),
          operation === "ingest" || operation === "export" ? ((DOCS * CHUNKS * 1000) / many).toFixed(0) : "",
        ]);
      }
      console.log(`${subject.name}: done`);
    } finally {
      await close();
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\n${line(header)}\n| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const row of rows) console.log(line(row));
}

await main();
