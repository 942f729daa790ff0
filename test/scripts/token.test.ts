// `npm run token -- --admin`: mints an admin token against the configured database (PGlite data directory or
// PostgreSQL), prints it once, and the token authenticates against the API. On PGlite it refuses while a
// server holds the data directory.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type ChildServer } from "../helpers/child.ts";
import { postgresUrl } from "../helpers/services.ts";

const root = path.resolve(import.meta.dirname, "../..");

async function mintToken(env: Record<string, string>, args = ["--admin"]) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/token.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, stderr };
}

async function viewer(server: ChildServer, token: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ viewer { admin } apiTokens { name admin } }" }),
  });
  return response.json();
}

describe("npm run token -- --admin", { timeout: 240_000 }, () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("mints an admin token on the PGlite data directory; refused while a server holds it", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-token-"));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const minted = await mintToken({ DATA_DIR: dataDir }, ["--admin", "--name", "recovered"]);
    expect(minted.code, minted.stderr).toBe(0);
    // Exactly the token on stdout, so `TOKEN=$(npm run -s token -- --admin)` works.
    expect(minted.stdout).toMatch(/^rms_[A-Za-z0-9_-]{40,}\n$/);
    const token = minted.stdout.trim();

    const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "" });
    cleanups.push(() => server.kill());
    expect(await viewer(server, token)).toEqual({
      data: { viewer: { admin: true }, apiTokens: [{ name: "recovered", admin: true }] },
    });

    const refused = await mintToken({ DATA_DIR: dataDir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(
      new RegExp(`DATA_DIR .* in use by another server process \\(pid ${server.process.pid}\\)`),
    );
  });

  it.runIf(postgresUrl())("mints an admin token on PostgreSQL while a server runs on it", async () => {
    const schema = `t_token_${crypto.randomBytes(4).toString("hex")}`;
    const url = new URL(postgresUrl()!);
    url.searchParams.set("schema", schema);
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: postgresUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    });
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-token-pg-"));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: url.toString(), REDIS_URL: "" });
    cleanups.push(() => server.kill());

    const minted = await mintToken({ DATA_DIR: dataDir, DATABASE_URL: url.toString() });
    expect(minted.code, minted.stderr).toBe(0);
    const token = minted.stdout.trim();
    expect(token).toMatch(/^rms_/);
    const answer = await viewer(server, token);
    expect(answer.data.viewer).toEqual({ admin: true });
    expect(answer.data.apiTokens).toEqual([{ name: expect.stringMatching(/^admin \(npm run token, /), admin: true }]);
  });

  it("refuses without --admin, and an unknown option, with one line and exit 2", async () => {
    for (const args of [[], ["--admin", "--bogus"]]) {
      const result = await mintToken({ DATA_DIR: os.tmpdir() }, args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/--admin/);
    }
  });
});
