// Realms, databases and processed documents for migration tests, created through the API.
import { ok, type TestApp } from "./app.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Relay's global id of a `type` row (what the API answers for an id). */
export function globalId(type: string, uuid: string): string {
  return Buffer.from(`${type}:${uuid}`).toString("base64");
}

/** The UUID inside a Relay global id (or the UUID itself). */
export function rawId(id: string): string {
  if (UUID.test(id)) return id;
  const [, uuid] = Buffer.from(id, "base64").toString().split(":");
  if (!uuid || !UUID.test(uuid)) throw new Error(`"${id}" is neither a UUID nor a global id`);
  return uuid;
}

export async function createRealm(t: TestApp, name: string): Promise<string> {
  return ok(
    await t.gql(
      `mutation($n: String!) { createRealm(input: { name: $n }) { __typename ... on MutationCreateRealmSuccess { data { id } } } }`,
      { n: name },
    ),
    "createRealm",
  ).id;
}

export async function createEmbeddedDatabase(t: TestApp, name: string, realmId?: string): Promise<string> {
  const id = ok(
    await t.gql(
      `mutation($n: String!) { createDatabase(input: { name: $n, kind: EMBEDDED }) { __typename ... on MutationCreateDatabaseSuccess { data { id } } } }`,
      { n: name },
    ),
    "createDatabase",
  ).id;
  if (realmId) await attach(t, realmId, id);
  return id;
}

export async function attach(t: TestApp, realmId: string, databaseId: string): Promise<void> {
  ok(
    await t.gql(
      `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) { __typename ... on Error { code message } } }`,
      { r: realmId, d: databaseId },
    ),
    "addDatabaseToRealm",
  );
}

export const sampleMarkdown = (n: number) => `# Report ${n}

Ada Lovelace worked with Charles Babbage in London on the Analytical Engine (note ${n}).

## Findings

${"The engine could compute Bernoulli numbers with a careful sequence of operations. ".repeat(8 + (n % 5))}

## People

Grace Hopper joined Harvard University in 1944. NASA and the University of Cambridge cite the work.
`;

/** Uploads and processes `count` documents; returns their global ids in upload order. */
export async function processedDocuments(
  t: TestApp,
  realmId: string,
  count: number,
  prefix = "doc",
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = ok(
      await t.upload({ realmId, name: `${prefix}-${i}.md`, type: "text/markdown", content: sampleMarkdown(i) }),
      "createDocument",
    );
    ids.push(created.id);
    ok(
      await t.gql(
        `mutation($id: ID!) { processDocument(input: { id: $id }) { __typename ... on Error { code message } } }`,
        { id: created.id },
      ),
      "processDocument",
    );
  }
  await t.app.services.processor.idle();
  const failed = await t.app.services.db.prisma.document.findMany({
    where: { id: { in: ids.map(rawId) }, status: { not: "READY" } },
  });
  if (failed.length > 0)
    throw new Error(`processing failed: ${failed.map((d) => `${d.title}: ${d.error}`).join("; ")}`);
  return ids;
}

export const CREATE_MIGRATION = `mutation Create($input: MigrationInput!) {
  createMigration(input: $input) {
    __typename
    ... on MutationCreateMigrationSuccess { data { id status totalDocuments } }
    ... on Error { code message path }
  }
}`;

export const MIGRATION = `query M($id: ID!) {
  migration(id: $id) {
    id type status mode totalDocuments processedDocuments failedDocuments skippedDocuments cancelledDocuments progress lastSequence
    startedAt completedAt
    errors { documentId stage message }
    items(first: 100) { totalCount edges { node { status sourceDocumentId targetDocumentId targetTitle attempt error errorStage migratedStages
      verification { ok stageFiles { stage copied equal sourceSha256 targetSha256 } ingestions { kind equal notHeld expected { points nodes relationships } actual { points nodes relationships } } } } } }
  }
}`;

const FINAL = ["COMPLETED", "FAILED", "CANCELLED", "ROLLED_BACK"];

/** Waits (by reading, in a test) until the migration reaches a final state; returns it. */
export async function waitForMigration(t: TestApp, id: string, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await t.gql(MIGRATION, { id });
    const m = result.data?.migration;
    if (m && FINAL.includes(m.status)) return m;
    if (Date.now() > deadline) throw new Error(`migration ${id} did not finish: ${JSON.stringify(result)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Counters must always equal what the items say. */
export async function expectCountsConsistent(t: TestApp, migrationId: string): Promise<void> {
  const prisma = t.app.services.db.prisma;
  const m = await prisma.migration.findUniqueOrThrow({ where: { id: rawId(migrationId) } });
  const groups = await prisma.migrationItem.groupBy({ by: ["status"], where: { migrationId: m.id }, _count: true });
  const n = (s: string) => groups.find((g) => g.status === s)?._count ?? 0;
  const actual = {
    total: m.totalDocuments,
    processed: m.processedDocuments,
    failed: m.failedDocuments,
    skipped: m.skippedDocuments,
    cancelled: m.cancelledDocuments,
  };
  const expected = {
    total: groups.reduce((a, g) => a + g._count, 0),
    processed: n("COMPLETED") + n("SKIPPED"),
    failed: n("FAILED"),
    skipped: n("SKIPPED"),
    cancelled: n("CANCELLED"),
  };
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`counts ${JSON.stringify(actual)} != items ${JSON.stringify(expected)}`);
}
