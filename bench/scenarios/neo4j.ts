// neo4j: ingest throughput of the Neo4j connector (UNWIND batches, one transaction per document) against
// the same records written with one statement per chunk (and per entity and relation), also one transaction
// per document, through neo4j-driver directly. Documents are written one after another in both variants.
import crypto from "node:crypto";
import type { Driver } from "neo4j-driver";
import { EmbeddedConnector } from "../../server/services/connectors/embedded.ts";
import { Neo4jConnector } from "../../server/services/connectors/neo4j.ts";
import type { DocumentRecords } from "../../server/services/connectors/types.ts";
import { chunkId } from "../../server/services/ids.ts";
import { clearNeo4jRealms, neo4jDriver } from "../neo4j.ts";
import { fmt, summarise } from "../report.ts";
import type { ScenarioContext, ScenarioResult } from "./context.ts";

export async function neo4jScenario(ctx: ScenarioContext, documents: number): Promise<ScenarioResult> {
  const { bench, log } = ctx;
  const source = await bench.source(documents);
  const sample = Math.min(documents, ctx.quick ? 20 : 100);
  const { rows } = await bench.setupPool.query(
    `SELECT id FROM "Document" WHERE "realmId" = $1 AND "retiredAt" IS NULL ORDER BY "createdAt", id LIMIT $2`,
    [source.realmId, sample],
  );
  const embedded = new EmbeddedConnector(bench.services.db.prisma, source.databaseId);
  const records: DocumentRecords[] = [];
  for (const { id } of rows) records.push(await embedded.export({ documentId: id, realmId: source.realmId }));
  const chunks = records.reduce((n, r) => n + r.chunks.length, 0);
  const settings = bench.env.neo4j;
  if (!settings) throw new Error('NEO4J_URI is not set: eval "$(scripts/services.sh up neo4j)"');
  const connector = new Neo4jConnector({ ...settings, databaseName: "neo4j" });
  const driver = neo4jDriver(bench.env);
  const batched: number[] = [];
  const single: number[] = [];
  try {
    await connector.ensureReady();
    for (let run = 1; run <= ctx.runs; run++) {
      log(`neo4j ingest run ${run}/${ctx.runs}: ${records.length} documents, ${chunks} chunks …`);
      const realmA = crypto.randomUUID();
      const realmB = crypto.randomUUID();
      try {
        let t = performance.now();
        for (const r of records) await connector.ingest(rebase(r, realmA));
        batched.push(chunks / ((performance.now() - t) / 1000));
        t = performance.now();
        for (const r of records) await ingestOneByOne(driver, rebase(r, realmB));
        single.push(chunks / ((performance.now() - t) / 1000));
        log(
          `  connector ${batched.at(-1)!.toFixed(0)} chunks/s, one statement per chunk ${single.at(-1)!.toFixed(0)} chunks/s`,
        );
      } finally {
        await clearNeo4jRealms(driver, [realmA, realmB]);
      }
    }
  } finally {
    await connector.close();
    await driver.close();
  }
  const ratio = summarise(batched.map((b, i) => b / single[i]!));
  const result = { documents: records.length, chunks, batched: summarise(batched), single: summarise(single), ratio };
  return {
    name: "neo4j",
    tables: [
      {
        title: `neo4j ingest — ${records.length} documents, ${chunks} chunks, written one document after another`,
        columns: ["variant", "chunks/s", "documents/s"],
        rows: [
          ["connector (UNWIND batches)", fmt(result.batched, 0), fmt(scale(result.batched, records.length / chunks))],
          ["one statement per chunk", fmt(result.single, 0), fmt(scale(result.single, records.length / chunks))],
          ["connector ÷ per-chunk", fmt(ratio, 2), ""],
        ],
      },
    ],
    json: result,
  };
}

function scale(s: ReturnType<typeof summarise>, factor: number) {
  return { ...s, median: s.median * factor, min: s.min * factor, max: s.max * factor };
}

/** The same document under fresh ids in another realm, so each variant writes into an empty graph. */
function rebase(records: DocumentRecords, realmId: string): DocumentRecords {
  return { ...records, documentId: crypto.randomUUID(), realmId };
}

/** The naive writer: one statement per entity, per chunk and per relation, in one transaction per document. */
async function ingestOneByOne(driver: Driver, records: DocumentRecords): Promise<void> {
  const { documentId, realmId, title } = records;
  const keysByName = new Map<string, string[]>();
  for (const e of records.entities) keysByName.set(e.name, [...(keysByName.get(e.name) ?? []), e.key]);
  const session = driver.session({ database: "neo4j" });
  try {
    await session.executeWrite(async (tx) => {
      await tx.run("MERGE (d:Document {id: $documentId}) SET d.realmId = $realmId, d.title = $title", {
        documentId,
        realmId,
        title,
      });
      for (const e of records.entities) {
        await tx.run(
          `MATCH (d:Document {id: $documentId})
           MERGE (e:Entity {realmId: $realmId, key: $key}) ON CREATE SET e.name = $name, e.type = $type
           MERGE (d)-[:MENTIONS]->(e)`,
          { documentId, realmId, key: e.key, name: e.name, type: e.type },
        );
      }
      for (const c of records.chunks) {
        await tx.run(
          `MATCH (d:Document {id: $documentId})
           MERGE (c:Chunk {id: $id})
           SET c.documentId = $documentId, c.realmId = $realmId, c.index = toInteger($index), c.text = $text,
               c.embedding = $embedding, c.start = toInteger($start), c.end = toInteger($end), c.entityNames = $names
           MERGE (d)-[:HAS_CHUNK]->(c)
           WITH c UNWIND $mentions AS key
           MATCH (e:Entity {realmId: $realmId, key: key})
           MERGE (c)-[:MENTIONS]->(e)`,
          {
            documentId,
            realmId,
            id: chunkId(documentId, c.index),
            index: c.index,
            text: c.text,
            embedding: c.vector,
            start: c.start,
            end: c.end,
            names: c.entities,
            mentions: [...new Set(c.entities.flatMap((n) => keysByName.get(n) ?? []))],
          },
        );
      }
      for (const r of records.relations) {
        await tx.run(
          `MATCH (s:Entity {realmId: $realmId, key: $source}), (t:Entity {realmId: $realmId, key: $target})
           MERGE (s)-[r:RELATED {documentId: $documentId, type: $type}]->(t) SET r.realmId = $realmId`,
          { documentId, realmId, source: r.source, target: r.target, type: r.type },
        );
      }
    });
  } finally {
    await session.close();
  }
}
