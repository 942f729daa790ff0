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

/** Deletes every node (and its relationships) carrying one of `realmIds`, in batches. */
export async function clearNeo4jRealms(driver: Driver, realmIds: string[]): Promise<void> {
  const session = driver.session({ database: "neo4j" });
  try {
    await session.run(
      `MATCH (n) WHERE n.realmId IN $realmIds CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS`,
      { realmIds },
    );
  } finally {
    await session.close();
  }
}
