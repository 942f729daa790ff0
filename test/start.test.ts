// `npm start` on embedded defaults: a fresh data directory gets a default realm, an EMBEDDED database and
// an admin token printed once; GraphQL answers with it; SIGTERM stops the process cleanly.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function start(dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: "0", DATABASE_URL: "", REDIS_URL: "", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, listening, exited, output: () => output };
}

describe("npm start on embedded defaults", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

  it("bootstraps, serves GraphQL with the printed token, and prints it only once", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-start-"));
    dirs.push(dataDir);

    const first = start(dataDir);
    const url = await first.listening;
    // The banner and the JSON log share stdout through different writers: wait for both.
    for (let i = 0; i < 100 && !/rms_/.test(first.output()); i++) await new Promise((r) => setTimeout(r, 50));
    const token = /(rms_[A-Za-z0-9_-]{20,})/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ realms { name databases { database { kind } } } }" }),
    });
    expect(await response.json()).toEqual({
      data: { realms: [{ name: "default", databases: [{ database: { kind: "EMBEDDED" } }] }] },
    });
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = start(dataDir);
    await second.listening;
    expect(second.output()).not.toMatch(/rms_/);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("refuses bad configuration with a message naming the variable", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "not-a-port" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/PORT/);
  });
});
