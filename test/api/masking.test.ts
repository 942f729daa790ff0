// Unexpected failures are masked: the client gets "Unexpected error." with code INTERNAL and no
// internals (SQL, stack, table names); the server logs the real error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.ts";

describe("unexpected errors", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(() => t?.close());

  it("are masked for the client", async () => {
    expect((await t.gql(`{ databases { name } }`)).errors).toBeUndefined();
    // Break the metadata database underneath the service: a genuine, unplanned failure.
    await t.app.services.db.prisma.$executeRawUnsafe(
      `ALTER TABLE "Database" RENAME COLUMN "config" TO "config_broken"`,
    );
    const result = await t.gql(`{ databases { name } }`);
    expect(result.errors).toEqual([
      expect.objectContaining({ message: "Unexpected error.", extensions: { code: "INTERNAL" } }),
    ]);
    expect(JSON.stringify(result)).not.toMatch(/config_broken|column|SELECT|prisma/i);
  });
});
