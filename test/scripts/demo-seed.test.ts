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

  it("asks for a token instead of failing obscurely", async () => {
    const error = await run(process.execPath, ["--import", "tsx", "scripts/demo-seed.ts"], {
      cwd: root,
      env: { ...process.env, RMS_TOKEN: "" },
    }).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/RMS_TOKEN/);
  });
});
