// The client packages as another team gets them: `npm pack` the workspaces, install the tarballs into a
// fresh project in a temporary folder (its own package.json, nothing pointing back into this repository),
// then (a) a Node script plans, creates and watches a migration to completion with the SDK's async
// iterator, and (b) a Vite React host app with its own urql Provider for another GraphQL endpoint renders
// the migration dialog and the progress monitor (each given the SDK's client) in Chromium, against a real
// server. The host's own query keeps working beside them. Screenshot: test-output/packages/host-app.png.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { createEmbeddedDatabase, createRealm, processedDocuments } from "../helpers/fixtures.ts";
import { chromiumAvailable, launchChromium, type Browser } from "../client/browser/chromium.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCREENSHOTS = path.join(ROOT, "test-output", "packages");
const PACKAGES = ["@realm-migration/sdk", "@realm-migration/widgets", "@realm-migration/cli"];

/** Versions the scratch project asks the registry for (what a host app would have). */
const HOST_DEPENDENCIES = {
  "@urql/core": "^6.0.3",
  "@vitejs/plugin-react": "^6.0.0",
  graphql: "^16.8.0",
  react: "^19.0.0",
  "react-dom": "^19.0.0",
  urql: "^5.0.0",
  vite: "^8.0.0",
  ws: "^8.18.0",
};

const WATCH_SCRIPT = `// Plans, creates and watches a migration with the installed SDK; prints one JSON line.
import WebSocket from "ws";
import { createMigrationClient, SdkError } from "@realm-migration/sdk";

const [url, sourceRealmId, targetRealmId] = process.argv.slice(2);
let calls = 0;
const client = createMigrationClient({
  url,
  // A function: asked for the token per request and per socket connection.
  token: async () => { calls++; return process.env.RMS_TOKEN; },
  webSocketImpl: WebSocket,
});
const input = { type: "DOCUMENT_TO_REALM", sourceRealmId, targetRealmId, filter: {}, options: { conflictPolicy: "RENAME" } };
const plan = await client.plan(input);
const migration = await client.create(input);
const events = [];
for await (const event of client.watch(migration.id)) events.push({ type: event.type, status: event.status, sequence: event.sequence });
let refused = null;
try { await client.cancel("00000000-0000-4000-8000-000000000000"); } catch (error) { refused = error instanceof SdkError ? error.code : String(error); }
await client.close();
console.log(JSON.stringify({ plan: { toCreate: plan.toCreate, total: plan.totalDocuments }, migration, events, refused, tokenCalls: calls }));
`;

const HOST_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Host app</title></head>
  <body><div id="root"></div><script type="module" src="/main.jsx"></script></body>
</html>
`;

const HOST_MAIN = `// A host application with its own urql client (its own API at /host-graphql), embedding the widgets,
// each given the migration service's client.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { Client, Provider, cacheExchange, fetchExchange, useQuery } from "urql";
import { createMigrationClient } from "@realm-migration/sdk";
import { DocumentMigrationDialog, MigrationProgressMonitor } from "@realm-migration/widgets";
import "@realm-migration/widgets/widgets.css";

const params = new URLSearchParams(location.search);
const hostClient = new Client({ url: "/host-graphql", exchanges: [cacheExchange, fetchExchange] });
const rms = createMigrationClient({ url: "/graphql", token: () => params.get("token") });

function HostGreeting() {
  const [{ data, error }] = useQuery({ query: "query HostGreeting { greeting }" });
  return <p role="note">{error ? "host error: " + error.message : data ? "Host says: " + data.greeting : "…"}</p>;
}

function App() {
  const [open, setOpen] = useState(true);
  const [migrationId, setMigrationId] = useState(null);
  return (
    <main>
      <h1>Host app</h1>
      <HostGreeting />
      <DocumentMigrationDialog
        client={rms.urql}
        open={open}
        sourceRealm={{ id: params.get("source"), name: "consumer-source" }}
        onClose={() => setOpen(false)}
        onStarted={(m) => { setOpen(false); setMigrationId(m.id); }}
      />
      {migrationId && <MigrationProgressMonitor client={rms.urql} migrationId={migrationId} />}
      <HostGreeting />
    </main>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode><Provider value={hostClient}><App /></Provider></StrictMode>,
);
`;

const viteConfig = (service: string, host: string) => `import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  preview: {
    proxy: {
      "/graphql": { target: ${JSON.stringify(service)}, ws: true },
      "/host-graphql": { target: ${JSON.stringify(host)} },
    },
  },
});
`;

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("client packages installed from their tarballs", () => {
  let t: TestApp;
  let service: string;
  let scratch: string;
  let source: string;
  let target: string;
  let hostApi: http.Server;
  let hostApiUrl: string;
  const hostRequests: string[] = [];

  beforeAll(async () => {
    t = await createTestApp("pglite");
    service = await t.app.start(0, "127.0.0.1");
    source = await createRealm(t, "consumer-source");
    target = await createRealm(t, "consumer-target");
    await createEmbeddedDatabase(t, "consumer-source-db", source);
    await createEmbeddedDatabase(t, "consumer-target-db", target);
    await processedDocuments(t, source, 3, "consumer");

    // The host's own API: one field, so its Provider's answers are told apart from the service's.
    hostApi = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        hostRequests.push(req.headers.authorization ?? "(no authorization)");
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { greeting: "hello" } }));
      });
    });
    await new Promise<void>((resolve) => hostApi.listen(0, "127.0.0.1", resolve));
    hostApiUrl = `http://127.0.0.1:${(hostApi.address() as AddressInfo).port}`;

    scratch = await fs.mkdtemp(path.join(os.tmpdir(), "rms-consumer-"));
    const packs = path.join(scratch, "packs");
    await fs.mkdir(packs);
    const packed = await run(
      "npm",
      ["pack", "--silent", ...PACKAGES.flatMap((p) => ["-w", p]), "--pack-destination", packs],
      {
        cwd: ROOT,
        maxBuffer: 1 << 24,
      },
    );
    const tarballs = packed.stdout
      .trim()
      .split(/\s+/)
      .filter((f) => f.endsWith(".tgz"));
    expect(tarballs).toHaveLength(3);
    console.log(`packed: ${tarballs.join(", ")}`);

    const app = path.join(scratch, "app");
    await fs.mkdir(app);
    await fs.writeFile(
      path.join(app, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: HOST_DEPENDENCIES }, null, 2),
    );
    const started = Date.now();
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs.map((f) => path.join(packs, f))],
      { cwd: app, maxBuffer: 1 << 24 },
    );
    console.log(`npm install of the tarballs and the host's dependencies: ${Date.now() - started} ms`);
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => hostApi?.close(resolve));
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  it("installs each package with only its own dependencies, nothing of the server, and a compiled CLI", async () => {
    const app = path.join(scratch, "app");
    const manifest = JSON.parse(await fs.readFile(path.join(app, "package-lock.json"), "utf8"));
    const installed = Object.keys(manifest.packages).map((p) => p.replace(/^.*node_modules\//, ""));
    for (const server of ["prisma", "@prisma/client", "pg", "neo4j-driver", "graphql-yoga", "ioredis", "tsx"])
      expect(installed, server).not.toContain(server);
    // One React, the host's.
    expect(installed.filter((p) => p === "react")).toHaveLength(1);
    const lockText = JSON.stringify(manifest);
    expect(lockText).not.toContain(ROOT.replace(/\/$/, ""));

    const cli = await run(path.join(app, "node_modules", ".bin", "realm-migrate"), ["--help"], { cwd: app });
    expect(cli.stdout).toMatch(/^realm-migrate/);
    const bin = await fs.realpath(path.join(app, "node_modules", ".bin", "realm-migrate"));
    expect(bin).toMatch(/@realm-migration\/cli\/dist\/main\.js$/);
    expect(await fs.readFile(bin, "utf8")).not.toMatch(/\.ts["']/);
  });

  it(
    "(a) plans, creates and watches a migration to completion with the SDK's async iterator",
    { timeout: 120_000 },
    async () => {
      const app = path.join(scratch, "app");
      await fs.writeFile(path.join(app, "watch.mjs"), WATCH_SCRIPT);
      const { stdout } = await run("node", ["watch.mjs", `${service}/graphql`, source, target], {
        cwd: app,
        env: { ...process.env, RMS_TOKEN: t.adminToken },
      });
      const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
      expect(result.plan).toEqual({ toCreate: 3, total: 3 });
      expect(result.migration).toMatchObject({
        status: expect.stringMatching(/PENDING|IN_PROGRESS/),
        totalDocuments: 3,
      });
      const types = result.events.map((e: { type: string }) => e.type);
      expect(types.filter((type: string) => type === "ITEM_COMPLETED")).toHaveLength(3);
      expect(result.events.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED", status: "COMPLETED" });
      const sequences = result.events.map((e: { sequence: number }) => e.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(result.refused).toBe("NOT_FOUND");
      // plan, create, the cancel, the watch's socket (and its snapshot, if any): the function was asked each time.
      expect(result.tokenCalls).toBeGreaterThanOrEqual(4);
    },
  );

  describe.runIf(chromiumAvailable())("(b) a Vite React host app with its own urql Provider", () => {
    let preview: ChildProcess;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      const app = path.join(scratch, "app");
      await fs.writeFile(path.join(app, "index.html"), HOST_HTML);
      await fs.writeFile(path.join(app, "main.jsx"), HOST_MAIN);
      await fs.writeFile(path.join(app, "vite.config.js"), viteConfig(service, hostApiUrl));
      await run(path.join(app, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], { cwd: app });
      const port = await freePort();
      preview = spawn(
        path.join(app, "node_modules", ".bin", "vite"),
        ["preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"],
        { cwd: app, stdio: ["ignore", "pipe", "pipe"] },
      );
      base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        const up = await fetch(base).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (i > 100) throw new Error("vite preview did not start");
        await new Promise((r) => setTimeout(r, 100));
      }
      await fs.mkdir(SCREENSHOTS, { recursive: true });
      browser = await launchChromium();
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      preview?.kill();
    });

    it("renders the migration dialog and the progress monitor, which reaches 100%, beside the host's own query", async () => {
      const page = browser.page;
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(error.message));
      await page.goto(`${base}/?token=${encodeURIComponent(t.adminToken)}&source=${encodeURIComponent(source)}`);
      await expect
        .poll(() => page.getByRole("note").first().textContent(), { timeout: 20_000 })
        .toBe("Host says: hello");

      const dialog = page.getByRole("dialog", { name: "Migrate documents" });
      await dialog.getByLabel("Target realm").selectOption(target, { timeout: 20_000 });
      await dialog.getByLabel("When a title already exists in the target").selectOption("RENAME");
      await expect.poll(() => dialog.getByRole("button", { name: "Start migration" }).isEnabled()).toBe(true);
      await dialog.getByRole("button", { name: "Start migration" }).click();

      const monitor = page.locator("section.rms-monitor");
      await expect
        .poll(() => monitor.getByRole("status").textContent(), { timeout: 30_000 })
        .toMatch(/^3 of 3 documents processed · 100%/);
      await expect.poll(() => monitor.locator(".rms-badge").textContent()).toBe("Completed");
      await page.screenshot({ path: path.join(SCREENSHOTS, "host-app.png"), fullPage: true });

      // The host's Provider still answers the host's components, and never saw the service's token.
      expect(await page.getByRole("note").allTextContents()).toEqual(["Host says: hello", "Host says: hello"]);
      expect(hostRequests.length).toBeGreaterThanOrEqual(1);
      expect(hostRequests.every((h) => h === "(no authorization)")).toBe(true);
      expect(problems).toEqual([]);
    });
  });
});
