// npm run demo:seed against a running server: two realms, six processed documents, idempotent.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.ts";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

describe("demo:seed", () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp("pglite");
    url = `${await t.app.start(0, "127.0.0.1")}/graphql`;
  });
  afterAll(() => t?.close());

  const seed = () =>
    run(process.execPath, ["--import", "tsx", "scripts/demo-seed.ts"], {
      cwd: root,
      env: { ...process.env, RMS_URL: url, RMS_TOKEN: t.adminToken },
    });

  it("loads sample documents into two realms, and a second run adds nothing", async () => {
    expect((await seed()).stdout).toMatch(/6 new document\(s\)/);
    await t.app.services.processor.idle();
    const realms = (await t.gql(`{ realms { name documentCount databases { database { kind } } } }`)).data.realms;
    expect(realms).toEqual([
      { name: "archive", documentCount: 0, databases: [{ database: { kind: "EMBEDDED" } }] },
      { name: "research", documentCount: 6, databases: [{ database: { kind: "EMBEDDED" } }] },
    ]);
    const ready = await t.app.services.db.prisma.document.count({ where: { status: "READY" } });
    expect(ready).toBe(6);
    expect((await seed()).stdout).toMatch(/0 new document\(s\)/);
  });

  it("takes the server URL without /graphql, as the CLI does", async () => {
    const server = url.replace(/\/graphql$/, "");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/demo-seed.ts"], {
      cwd: root,
      env: { ...process.env, RMS_URL: server, RMS_TOKEN: t.adminToken },
    });
    expect(stdout).toMatch(/Realms "research" and "archive" are ready/);
  });

  it("says in one line, without a stack trace, when the server is unreachable or the token refused", async () => {
    const unreachable = await run(process.execPath, ["--import", "tsx", "scripts/demo-seed.ts"], {
      cwd: root,
      env: { ...process.env, RMS_URL: "http://127.0.0.1:59999", RMS_TOKEN: t.adminToken },
    }).catch((e) => e);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim()).toMatch(
      /^demo:seed: could not reach http:\/\/127\.0\.0\.1:59999\/graphql \(.*ECONNREFUSED.*\)\. Is the server running/,
    );
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
    const refused = await run(process.execPath, ["--import", "tsx", "scripts/demo-seed.ts"], {
      cwd: root,
      env: { ...process.env, RMS_URL: url, RMS_TOKEN: `${t.adminToken}x` },
    }).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe("demo:seed: RMS_TOKEN is not valid or was revoked.");
  });

  it("asks for a token instead of failing obscurely", async () => {
    const error = await run(process.execPath, ["--import", "tsx", "scripts/demo-seed.ts"], {
      cwd: root,
      env: { ...process.env, RMS_TOKEN: "" },
    }).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/RMS_TOKEN/);
  });
});
