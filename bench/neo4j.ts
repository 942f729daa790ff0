// Neo4j helpers for the bench: a driver from NEO4J_URI/USERNAME/PASSWORD and removal of a realm's nodes.
import neo4j, { type Driver } from "neo4j-driver";
import type { BenchEnv } from "./env.ts";

export function neo4jDriver(env: BenchEnv): Driver {
  const settings = env.neo4j;
  if (!settings)
    throw new Error(
      'NEO4J_URI is not set: start Neo4j and export its settings: eval "$(scripts/services.sh up neo4j)"',
    );
  const auth =
    settings.password !== undefined ? neo4j.auth.basic(settings.username ?? "neo4j", settings.password) : undefined;
  return neo4j.driver(settings.uri, auth, { disableLosslessIntegers: true });
}

/**
 * Deletes every node and relationship carrying one of `realmIds`, in small transactions: an entity shared by
 * a thousand documents has thousands of relationships, more than one transaction may hold in a small heap.
 */
export async function clearNeo4jRealms(driver: Driver, realmIds: string[]): Promise<void> {
  const session = driver.session({ database: "neo4j" });
  const steps = [
    "MATCH (c:Chunk) WHERE c.realmId IN $realmIds WITH c LIMIT 500 DETACH DELETE c RETURN count(*) AS n",
    "MATCH ()-[r:RELATED]->() WHERE r.realmId IN $realmIds WITH r LIMIT 5000 DELETE r RETURN count(*) AS n",
    "MATCH (d:Document) WHERE d.realmId IN $realmIds WITH d LIMIT 100 DETACH DELETE d RETURN count(*) AS n",
    "MATCH (e:Entity) WHERE e.realmId IN $realmIds WITH e LIMIT 500 DETACH DELETE e RETURN count(*) AS n",
  ];
  try {
    for (const step of steps) {
      for (;;) {
        const result = await session.run(step, { realmIds });
        if ((result.records[0]?.get("n") ?? 0) === 0) break;
      }
    }
  } finally {
    await session.close();
  }
}
