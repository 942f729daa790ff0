// realm-migrate end to end: the real executable (client/cli/realm-migrate.mjs) run as a child process
// against a test server — plan, create, watch (exit 0 on completion, 3 on failure, 4 on cancel, 5 after a
// rollback), retry, cancel, rollback, reschedule, list, --json output that parses, --help per command, and errors mapped to exit codes.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../helpers/app.ts";
import { Faults } from "../../helpers/faults.ts";
import { createEmbeddedDatabase, createRealm, processedDocuments, rawId } from "../../helpers/fixtures.ts";

const BIN = path.resolve(import.meta.dirname, "../../../client/cli/realm-migrate.mjs");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("realm-migrate CLI", () => {
  let t: TestApp;
  let env: Record<string, string>;
  let docs: string[];
  /** A token that reads both realms and may change nothing. */
  let readerEnv: Record<string, string>;
  const faults = new Faults();

  beforeAll(async () => {
    t = await createTestApp(
      "pglite",
      { MIGRATION_MAX_ATTEMPTS: "2", MIGRATION_CONCURRENCY: "1" },
      { wrapConnector: (c, database) => (database.name === "cli-target-db" ? faults.wrap(c) : c) },
    );
    // The server URL without /graphql: the CLI adds it.
    env = { RMS_URL: await t.app.start(0, "127.0.0.1"), RMS_TOKEN: t.adminToken };
    const source = await createRealm(t, "cli-source");
    const target = await createRealm(t, "cli-target");
    await createEmbeddedDatabase(t, "cli-source-db", source);
    await createEmbeddedDatabase(t, "cli-target-db", target);
    docs = await processedDocuments(t, source, 6);
    const { token } = await t.app.services.tokens.issue("cli-reader", false, [
      { realmId: rawId(source), role: "VIEWER" },
      { realmId: rawId(target), role: "VIEWER" },
    ]);
    readerEnv = { ...env, RMS_TOKEN: token };
  });
  beforeEach(() => {
    faults.ingestFailures = [];
    faults.ingestDelayMs = 0;
  });
  afterAll(() => t?.close());

  const select = (...indexes: number[]) => ["--documents", indexes.map((i) => docs[i]!).join(",")];
  const copy = ["--source", "cli-source", "--target", "cli-target", "--conflict", "rename"];

  it("prints --help for every command and exits 2 without one", async () => {
    for (const command of ["plan", "create", "watch", "cancel", "rollback", "reschedule", "retry", "list"]) {
      const result = await run([command, "--help"], {});
      expect(result.code, command).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: realm-migrate ${command}`));
    }
    const main = await run(["--help"], {});
    expect(main).toMatchObject({ code: 0, stdout: expect.stringMatching(/Exit codes:/) });
    expect((await run([], {})).code).toBe(2);
  });

  it("plans without writing, in JSON and as text", async () => {
    const before = await t.app.services.db.prisma.migration.count();
    const json = await run(["plan", ...copy, ...select(0, 1), "--json"], env);
    expect(json.code).toBe(0);
    const [plan] = jsonLines(json.stdout);
    expect(plan).toMatchObject({ type: "DOCUMENT_TO_REALM", totalDocuments: 2, toCreate: 2 });
    const text = await run(["plan", ...copy, ...select(0)], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^DOCUMENT_TO_REALM: 1 documents/);
    expect(text.stdout).toMatch(/CREATE\s+doc-0\.md/);
    // Target databases by name (with their health), not by UUID.
    expect(text.stdout).toMatch(/target databases cli-target-db \(ok\)/);
    expect(await t.app.services.db.prisma.migration.count()).toBe(before);
  });

  it("takes --reprocess as the stages' readable names, shows them so, and refuses an unknown one", async () => {
    const flags = ["plan", ...copy, ...select(0), "--no-copy-stage-files", "--reprocess"];
    const json = await run([...flags, "chunker,FACT_GENERATOR,ingestor", "--json"], env);
    expect(json.code).toBe(0);
    const [plan] = jsonLines(json.stdout);
    // JSON carries the API's values; the chunker's missing input pulls in markdown-conversion.
    expect(plan.options.reprocessStages).toEqual(["CHUNKER", "FACT_GENERATOR", "INGESTOR"]);
    expect(plan.documents[0].stagesRerun).toEqual(["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"]);
    const text = await run([...flags, "chunker,fact-generator,ingestor"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/re-run chunker, fact-generator, ingestor,/);
    expect(text.stdout).toMatch(/CREATE\s+doc-0\.md\s+-\s+markdown-conversion,chunker,fact-generator,ingestor/);
    const unknown = await run([...flags, "chunkr"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--reprocess takes stages among markdown-conversion, .*ingestor \(got "chunkr"\)/);
  });

  it("create --watch follows the migration live and exits 0 when it completes, with JSON lines that parse", async () => {
    faults.ingestDelayMs = 200;
    const created = await run(["create", ...copy, ...select(0, 1, 2), "--watch", "--json"], env);
    expect(created.code).toBe(0);
    const [migration, ...rest] = jsonLines(created.stdout);
    expect(migration).toMatchObject({ id: expect.any(String), totalDocuments: 3 });
    const result = rest.at(-1).result;
    expect(result).toMatchObject({ id: migration.id, status: "COMPLETED", processedDocuments: 3, failedDocuments: 0 });
    const events = rest.slice(0, -1);
    expect(events.filter((e) => e.type === "ITEM_COMPLETED")).toHaveLength(3);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => events[0].sequence + i));
    expect(events.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED", status: "COMPLETED", progress: 1 });
    const stored = await t.app.services.db.prisma.migration.findUniqueOrThrow({ where: { id: rawId(migration.id) } });
    expect(events.at(-1).sequence).toBe(stored.lastSequence);

    // Watching a finished migration reports how it ended at once.
    const again = await run(["watch", migration.id], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/COMPLETED: 3\/3 processed, 0 failed/);
  });

  it("create --watch exits 3 when the migration fails, naming the failed item; retry then completes it", async () => {
    faults.failIngest(1, false, "doc-3.md");
    const failed = await run(["create", ...copy, ...select(3), "--watch"], env);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toMatch(/^Created \S+ {2}DOCUMENT_TO_REALM COPY/);
    expect(failed.stdout).toMatch(/FAILED: 0\/1 processed, 1 failed/);
    expect(failed.stderr).toMatch(/item 1 \(document \S+\) failed at ingestor: .*vector size rejected/);
    expect(failed.stderr).toMatch(/\[[█░]+\]\s+100%\s+1\/1\s+failed 1/);
    const id = /^Created (\S+)/.exec(failed.stdout)![1]!;
    // The next steps the server allows: retry and roll back, not cancel; none for a token that cannot write.
    expect(failed.stdout).toContain(`next: realm-migrate retry ${id}`);
    expect(failed.stdout).toContain(`next: realm-migrate rollback ${id}`);
    expect(failed.stdout).not.toContain("next: realm-migrate cancel");
    const read = await run(["watch", id], readerEnv);
    expect(read.stdout).toMatch(/FAILED: 0\/1 processed, 1 failed/);
    expect(read.stdout).not.toContain("next:");

    const retried = await run(["retry", id, "--json"], env);
    expect(retried.code).toBe(0);
    expect(jsonLines(retried.stdout)[0]).toMatchObject({ id, failedDocuments: 0 });
    const watched = await run(["watch", id], env);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/COMPLETED: 1\/1 processed, 0 failed/);
    expect(watched.stdout).not.toContain("next: realm-migrate retry");
    expect(watched.stdout).toContain(`next: realm-migrate rollback ${id}`);
  });

  it("cancel stops a running migration and watch exits 4", async () => {
    faults.ingestDelayMs = 400;
    const created = await run(["create", ...copy, ...select(0, 1, 2, 4, 5), "--json"], env);
    const [migration] = jsonLines(created.stdout);
    const cancelled = await run(["cancel", migration.id, "--json"], env);
    expect(cancelled.code).toBe(0);
    expect(jsonLines(cancelled.stdout)[0].status).toMatch(/^CANCELL(ING|ED)$/);
    const watched = await run(["watch", migration.id, "--json"], env);
    expect(watched.code).toBe(4);
    expect(jsonLines(watched.stdout).at(-1).result).toMatchObject({ status: "CANCELLED" });
  });

  it("rollback --watch undoes a completed migration and exits 5; rolling back twice exits 1 with CONFLICT", async () => {
    const created = await run(["create", ...copy, ...select(0, 1), "--watch", "--json"], env);
    const [migration] = jsonLines(created.stdout);
    const targets = () =>
      t.app.services.db.prisma.document.count({ where: { migrationId: rawId(migration.id), status: "READY" } });
    expect(await targets()).toBe(2);

    const rolledBack = await run(["rollback", migration.id, "--watch", "--json"], env);
    expect(rolledBack.code).toBe(5);
    const lines = jsonLines(rolledBack.stdout);
    expect(lines.filter((e) => e.type === "ITEM_ROLLED_BACK")).toHaveLength(2);
    expect(lines.at(-1).result).toMatchObject({ status: "ROLLED_BACK", rolledBackDocuments: 2 });
    expect(await targets()).toBe(0);
    const ended = (await run(["watch", migration.id], env)).stdout;
    expect(ended).toMatch(/ROLLED_BACK: .*2 rolled back/);
    expect(ended).not.toContain("next:");

    const again = await run(["rollback", migration.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/CONFLICT.*already ROLLED_BACK/);
  });

  it("reschedule moves a scheduled migration; a bad time is a usage error", async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const created = await run(["create", ...copy, ...select(5), "--scheduled-at", later, "--json"], env);
    const [migration] = jsonLines(created.stdout);
    expect(migration.status).toBe("SCHEDULED");
    const usage = await run(["reschedule", migration.id, "--at", "next tuesday"], env);
    expect(usage.code).toBe(2);
    const moved = await run(["reschedule", migration.id, "--at", "2020-01-01T00:00:00Z", "--json"], env);
    expect(moved.code).toBe(0);
    expect(jsonLines(moved.stdout)[0]).toMatchObject({ id: migration.id, status: "PENDING" });
    expect((await run(["watch", migration.id], env)).code).toBe(0);
  });

  it("lists migrations by realm name, status and page, as JSON and as a table", async () => {
    const json = await run(["list", "--realm", "cli-source", "--status", "completed", "--json"], env);
    expect(json.code).toBe(0);
    const [page] = jsonLines(json.stdout);
    expect(page.totalCount).toBeGreaterThanOrEqual(2);
    expect(page.items.every((m: any) => m.status === "COMPLETED" && m.sourceRealm.name === "cli-source")).toBe(true);
    const first = await run(["list", "--first", "1"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^ID\s+TYPE\s+MODE\s+STATUS/);
    expect(first.stdout).toMatch(/more: --after \S+/);
  });

  it("list shows no COPY/MOVE mode for a database addition", async () => {
    const extra = await createEmbeddedDatabase(t, "cli-extra-db");
    const added = await t.gql(
      `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d, backfill: true }) { __typename } }`,
      { r: (await t.gql(`{ realms { id name } }`)).data.realms.find((r: any) => r.name === "cli-source").id, d: extra },
    );
    expect(added.data.addDatabaseToRealm.__typename).toMatch(/Success/);
    const listed = await run(["list", "--type", "realm_database_addition", "--first", "1"], env);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split("\n")[1]!;
    expect(row).toMatch(/REALM_DATABASE_ADDITION\s+-\s+/);
    expect(row).not.toMatch(/COPY|MOVE/);
  });

  it("maps errors to exit codes and messages, and never prints the token", async () => {
    const missing = await run(["watch", "00000000-0000-4000-8000-000000000000", "--json"], env);
    expect(missing.code).toBe(1);
    expect(jsonLines(missing.stdout)[0].error).toMatchObject({ code: "NOT_FOUND" });

    const badToken = `${t.adminToken}x`;
    const unauthenticated = await run(["list"], { ...env, RMS_TOKEN: badToken });
    expect(unauthenticated.code).toBe(1);
    expect(unauthenticated.stderr).toMatch(/UNAUTHENTICATED/);
    expect(unauthenticated.stderr).toMatch(/token not valid or revoked/);

    const nosuch = await run(["plan", "--source", "nosuchrealm", "--target", "cli-target", "--all"], env);
    expect(nosuch.code).toBe(1);
    expect(nosuch.stderr).toMatch(/no realm named "nosuchrealm"/);
    expect(nosuch.stderr).not.toMatch(/not a valid Realm id/);

    const unreachable = await run(["list"], { ...env, RMS_URL: "http://127.0.0.1:59999" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /NETWORK_ERROR: could not reach http:\/\/127\.0\.0\.1:59999\/graphql \(.*ECONNREFUSED/,
    );
    expect(unauthenticated.stdout + unauthenticated.stderr).not.toContain(badToken);

    const invalid = await run(["create", "--source", "cli-source", "--target", "cli-source", ...select(0)], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/INVALID_INPUT/);

    expect((await run(["list"], { RMS_URL: env.RMS_URL })).code).toBe(2);
    expect((await run(["list", "--bogus"], env)).stderr).toMatch(/Unknown option '--bogus'/);
    expect((await run(["plan", "--source", "cli-source", "--type", "sideways", "--all"], env)).code).toBe(2);
    expect((await run(["plan", "--source", "cli-source"], env)).stderr).toMatch(/Choose the documents/);
    expect((await run(["frobnicate"], env)).code).toBe(2);
  });

  it("passes --parity-* settings, prints the retrieval-parity result when it ends, and refuses a bad threshold", async () => {
    const flags = [
      "create",
      ...copy,
      ...select(0),
      "--parity-k",
      "5",
      "--parity-sample",
      "3",
      "--parity-on-below",
      "fail",
    ];
    const created = await run([...flags, "--watch"], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/COMPLETED: 1\/1 processed/);
    expect(created.stdout).toMatch(/Retrieval parity: recall@5 1\.000 \(threshold 1\).* over 3 sampled chunk/);
    const stored = await t.app.services.db.prisma.migration.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(stored.options).toMatchObject({ retrievalParity: { k: 5, sample: 3, onBelow: "FAIL", threshold: 1 } });
    const bad = await run(["plan", ...copy, ...select(0), "--parity-threshold", "high"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--parity-threshold must be a number from 0 to 1/);
    const off = await run(["plan", ...copy, ...select(0), "--no-parity", "--json"], env);
    expect(off.code).toBe(0);
  });
});
