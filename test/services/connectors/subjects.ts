// The connectors the contract suite runs against, each with the capabilities that change expectations.
// Qdrant and Neo4j need their services (QDRANT_URL, NEO4J_URI); without them their block is skipped, unless
// REQUIRE_SERVICES=1, which makes a missing service fail the run.
import crypto from "node:crypto";
import net from "node:net";
import { QdrantClient } from "@qdrant/js-client-rest";
import neo4j from "neo4j-driver";
import { EmbeddedConnector } from "../../../server/services/connectors/embedded.ts";
import { Neo4jConnector } from "../../../server/services/connectors/neo4j.ts";
import { QdrantConnector } from "../../../server/services/connectors/qdrant.ts";
import type { Connector } from "../../../server/services/connectors/types.ts";
import { postgresUrl, type Dialect } from "../../helpers/services.ts";
import { openTestDb } from "../metadata-db.ts";
import { DIMENSION } from "./fixtures.ts";

export interface Harness {
  /** A connector on the suite's store; every call shares the same collection / graph / database. */
  connector(options?: { batchSize?: number; maxRequestBytes?: number }): Connector;
  /** A connector whose settings the server rejects for good, and what its error must say. */
  misconfigured?: { connector: () => Connector; message: RegExp };
  /** A connector aimed at a port where nothing listens. */
  unreachable?: () => Connector;
  /** Deletes what the suite wrote (the given realms, or its own collection) and closes every client. */
  teardown(realmIds: string[]): Promise<void>;
}

export interface Subject {
  name: string;
  kind: Connector["kind"];
  /** Holds entities and relations. Qdrant holds chunks only: it counts 0 nodes/relationships and exports none. */
  graph: boolean;
  /** Talks to a server, so it can be misconfigured or unreachable. */
  remote: boolean;
  /** Undefined when the service is not configured. */
  setup: (() => Promise<Harness>) | undefined;
}

function serviceEnv(variable: string, service: string): string | undefined {
  const value = process.env[variable];
  if (!value && process.env.REQUIRE_SERVICES === "1") {
    throw new Error(
      `REQUIRE_SERVICES=1 but ${variable} is not set: start ${service} (scripts/services.sh up ${service}).`,
    );
  }
  return value || undefined;
}

/** A local port that was just free: connecting to it is refused (unlike port 1, which fetch rejects as unsafe). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function tracking() {
  const opened: Connector[] = [];
  return {
    track: <C extends Connector>(connector: C): C => (opened.push(connector), connector),
    closeAll: () => Promise.all(opened.map((c) => c.close())),
  };
}

/** The embedded store on one dialect of the metadata database (a fresh PostgreSQL schema, dropped afterwards). */
const embeddedOn = (dialect: Dialect): Subject => ({
  name: `embedded (${dialect === "pglite" ? "PGlite" : "PostgreSQL"})`,
  kind: "EMBEDDED",
  graph: true,
  remote: false,
  setup:
    dialect === "pglite" || postgresUrl()
      ? async () => {
          const test = await openTestDb(dialect);
          const databaseId = crypto.randomUUID();
          return {
            connector: () => new EmbeddedConnector(test.db.prisma, databaseId),
            teardown: () => test.close(),
          };
        }
      : undefined,
});

const qdrantUrl = serviceEnv("QDRANT_URL", "qdrant");
const qdrant: Subject = {
  name: "qdrant",
  kind: "QDRANT",
  graph: false,
  remote: true,
  setup: qdrantUrl
    ? async () => {
        const url = qdrantUrl;
        const apiKey = process.env.QDRANT_API_KEY || undefined;
        const collection = `contract_${crypto.randomUUID().replaceAll("-", "")}`;
        const port = await closedPort();
        const { track, closeAll } = tracking();
        return {
          connector: (o = {}) => track(new QdrantConnector({ url, apiKey, collection, vectorSize: DIMENSION, ...o })),
          misconfigured: {
            connector: () => track(new QdrantConnector({ url, apiKey, collection, vectorSize: DIMENSION + 1 })),
            message: new RegExp(`${DIMENSION}-dimensional.*configured for ${DIMENSION + 1}-dimensional`),
          },
          unreachable: () =>
            track(new QdrantConnector({ url: `http://127.0.0.1:${port}`, collection, vectorSize: DIMENSION })),
          teardown: async () => {
            await closeAll();
            await new QdrantClient({ url, apiKey, checkCompatibility: false }).deleteCollection(collection);
          },
        };
      }
    : undefined,
};

const neo4jUri = serviceEnv("NEO4J_URI", "neo4j");
const neo4jGraph: Subject = {
  name: "neo4j",
  kind: "NEO4J",
  graph: true,
  remote: true,
  setup: neo4jUri
    ? async () => {
        const uri = neo4jUri;
        const username = process.env.NEO4J_USERNAME ?? process.env.NEO4J_USER ?? "neo4j";
        const password = process.env.NEO4J_PASSWORD || undefined;
        const databaseName = process.env.NEO4J_DATABASE ?? "neo4j";
        const port = await closedPort();
        const { track, closeAll } = tracking();
        return {
          connector: (o = {}) => track(new Neo4jConnector({ uri, databaseName, username, password, ...o })),
          // With auth disabled on the server any password passes, so there is nothing to misconfigure.
          ...(password && {
            misconfigured: {
              connector: () =>
                track(new Neo4jConnector({ uri, databaseName, username, password: `${password}-wrong` })),
              message: /rejected the credentials of user .*Check username and password/,
            },
          }),
          unreachable: () => track(new Neo4jConnector({ uri: `bolt://127.0.0.1:${port}`, databaseName, username })),
          teardown: async (realmIds) => {
            await closeAll();
            const driver = neo4j.driver(uri, password ? neo4j.auth.basic(username, password) : undefined);
            try {
              await driver.executeQuery(
                "MATCH (n) WHERE n.realmId IN $realmIds DETACH DELETE n",
                { realmIds },
                {
                  database: databaseName,
                },
              );
            } finally {
              await driver.close();
            }
          },
        };
      }
    : undefined,
};

export const subjects = {
  embedded: embeddedOn("pglite"),
  embeddedPostgres: embeddedOn("postgres"),
  qdrant,
  neo4j: neo4jGraph,
};

/** Where search runs: every kind, and the embedded store on both metadata dialects. */
export const searchSubjects = [
  { label: "embedded (PGlite)", subject: subjects.embedded },
  { label: "embedded (PostgreSQL)", subject: subjects.embeddedPostgres },
  { label: "qdrant", subject: qdrant },
  { label: "neo4j", subject: neo4jGraph },
];
