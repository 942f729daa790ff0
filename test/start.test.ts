// `npm start` on embedded defaults: a fresh data directory gets a default realm, an EMBEDDED database and
// an admin token printed once; GraphQL answers with it; SIGTERM stops the process cleanly. A second process
// on the same data directory is refused, and every start-up failure is one line and exit code 2.
import { spawn } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function start(dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: "0",
      DATABASE_URL: "",
      REDIS_URL: "",
      LOG_LEVEL: "info",
      ...env,
    },
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

/** Runs the server until it exits (it must fail to start); returns its exit code and what it wrote. */
async function failedStart(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "0", DATABASE_URL: "", REDIS_URL: "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 100_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, stderr, stdout };
}

/** A start-up failure as the operator sees it: exit 2, exactly one line on stderr, no stack trace. */
function expectOneLine(result: { code: number | null; stderr: string }, setting: RegExp): string {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(setting);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

async function graphql(url: string, token: string | undefined, query: string) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

async function printedToken(server: ReturnType<typeof start>): Promise<string | undefined> {
  // The banner and the JSON log share stdout through different writers: wait for both.
  for (let i = 0; i < 100 && !/rms_/.test(server.output()); i++) await new Promise((r) => setTimeout(r, 50));
  return /(rms_[A-Za-z0-9_-]{20,})/.exec(server.output())?.[1];
}

/** A port something else listens on, until `close()`. */
async function busyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("npm start on embedded defaults", { timeout: 240_000 }, () => {
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

  it("refuses a second process on the same data directory with exit 2, and the first keeps every write", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-lock-"));
    dirs.push(dataDir);
    const first = start(dataDir);
    const url = await first.listening;
    const token = await printedToken(first);
    expect(token).toBeDefined();
    const created = await graphql(
      url,
      token,
      `
        mutation {
          createRealm(input: { name: "written-by-first" }) {
            __typename
          }
        }
      `,
    );
    expect(created.data?.createRealm.__typename).toBe("MutationCreateRealmSuccess");

    const second = await failedStart({ DATA_DIR: dataDir });
    const line = expectOneLine(second, /DATA_DIR/);
    expect(line).toContain(`pid ${first.child.pid}`);
    expect(line).toMatch(/DATABASE_URL/);
    expect(second.stdout).not.toMatch(/"listening"/);

    // The first still serves, with the write; and after a restart the write is still there.
    const names = (r: { data?: any }) => r.data?.realms.map((x: { name: string }) => x.name);
    expect(names(await graphql(url, token, "{ realms { name } }"))).toContain("written-by-first");
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    await expect(fs.stat(path.join(dataDir, "pglite.lock"))).rejects.toThrow(/ENOENT/);
    const restarted = start(dataDir);
    const again = await restarted.listening;
    expect(names(await graphql(again, token, "{ realms { name } }"))).toEqual(["default", "written-by-first"]);
    restarted.child.kill("SIGTERM");
    expect(await restarted.exited).toBe(0);
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-stale-"));
    dirs.push(dataDir);
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.once("exit", resolve));
    await fs.writeFile(path.join(dataDir, "pglite.lock"), `${gone.pid}\n`);
    const server = start(dataDir);
    await server.listening;
    expect(Number((await fs.readFile(path.join(dataDir, "pglite.lock"), "utf8")).trim())).toBe(server.child.pid);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("a first start on a busy port creates no admin token; the next start prints one that works", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-busy-"));
    dirs.push(dataDir);
    const busy = await busyPort();
    try {
      const failed = await failedStart({ DATA_DIR: dataDir, PORT: String(busy.port) });
      expectOneLine(failed, new RegExp(`PORT ${busy.port}: .*already in use`));
      expect(failed.stderr).not.toMatch(/check your implementation/);
      expect(failed.stdout + failed.stderr).not.toMatch(/rms_/);
    } finally {
      await busy.close();
    }
    const next = start(dataDir);
    const url = await next.listening;
    const token = await printedToken(next);
    expect(token).toBeDefined();
    expect((await graphql(url, token, "{ viewer { admin } }")).data).toEqual({ viewer: { admin: true } });
    next.child.kill("SIGTERM");
    expect(await next.exited).toBe(0);
  });

  it.each([
    ["SECRET_KEY", async () => ({ SECRET_KEY: "short" }), /^Invalid configuration: SECRET_KEY: /],
    [
      "an unwritable DATA_DIR",
      async () => {
        // The tests may run as root, for whom no permission bit stops a write: a path below a file does.
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-unwritable-"));
        dirs.push(dir);
        await fs.writeFile(path.join(dir, "a-file"), "");
        return { DATA_DIR: path.join(dir, "a-file", "data") };
      },
      /^DATA_DIR .*a-file\/data: cannot write .*ENOTDIR.*writable directory/,
    ],
    [
      "an unreachable DATABASE_URL",
      async () => {
        const closed = await busyPort();
        await closed.close();
        return { DATABASE_URL: `postgres://someone:hunter2@127.0.0.1:${closed.port}/realm` };
      },
      /^DATABASE_URL: cannot use PostgreSQL at postgres:\/\/someone@127\.0\.0\.1:\d+\/realm \(ECONNREFUSED/,
    ],
    ["HOST", async () => ({ HOST: "192.0.2.1" }), /^HOST 192\.0\.2\.1: cannot listen .*Set HOST/],
  ])("refuses %s at start-up with one line naming it and exit 2", async (_name, env, line) => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-bad-"));
    dirs.push(dataDir);
    const result = await failedStart({ DATA_DIR: dataDir, ...(await env()) });
    expectOneLine(result, line);
    expect(result.stderr).not.toMatch(/hunter2/);
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
