// Which external services the tests may use. With REQUIRE_SERVICES=1 (CI) a missing service fails
// the run instead of skipping its suites.
export function postgresUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url && process.env.REQUIRE_SERVICES === "1") {
    throw new Error(
      "REQUIRE_SERVICES=1 but neither TEST_DATABASE_URL nor DATABASE_URL is set: start PostgreSQL (scripts/services.sh up).",
    );
  }
  return url;
}

export type Dialect = "pglite" | "postgres";

/** The metadata databases to run a suite against: PGlite always, PostgreSQL when configured. */
export function dialects(): Dialect[] {
  return postgresUrl() ? ["pglite", "postgres"] : ["pglite"];
}

export function redisUrl(): string | undefined {
  const url = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (!url && process.env.REQUIRE_SERVICES === "1") {
    throw new Error("REQUIRE_SERVICES=1 but REDIS_URL is not set: start Redis (scripts/services.sh up redis).");
  }
  return url;
}

export type PubSubKind = "memory" | "redis";

/** The pub/sub implementations to run a suite against: in-memory always, Redis when configured. */
export function pubsubKinds(): PubSubKind[] {
  return redisUrl() ? ["memory", "redis"] : ["memory"];
}

function required(variable: string, service: string): string | undefined {
  const value = process.env[variable];
  if (!value && process.env.REQUIRE_SERVICES === "1") {
    throw new Error(
      `REQUIRE_SERVICES=1 but ${variable} is not set: start ${service} (scripts/services.sh up ${service}).`,
    );
  }
  return value || undefined;
}

export function qdrantUrl(): string | undefined {
  return required("QDRANT_URL", "qdrant");
}

export function neo4jSettings():
  { uri: string; username: string | undefined; password: string | undefined } | undefined {
  const uri = required("NEO4J_URI", "neo4j");
  return uri ? { uri, username: process.env.NEO4J_USERNAME, password: process.env.NEO4J_PASSWORD } : undefined;
}
