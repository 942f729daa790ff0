// Viewer: realm access by token scope. A realm the token has no scope on is NOT_FOUND (its existence
// is not revealed); a VIEWER may read but writing is FORBIDDEN.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { Viewer, type RealmRole } from "../../server/services/access.ts";
import { ForbiddenError, NotFoundError } from "../../server/services/errors.ts";

const realmA = crypto.randomUUID();
const realmB = crypto.randomUUID();
const unknownRealm = crypto.randomUUID();

const viewer = (roles: Record<string, RealmRole>, admin = false) =>
  new Viewer(crypto.randomUUID(), admin, new Map(Object.entries(roles)));

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("Viewer", () => {
  it("admin reads and writes every realm and lists no restriction", () => {
    const admin = viewer({}, true);
    for (const realm of [realmA, realmB, unknownRealm]) {
      expect(admin.canRead(realm)).toBe(true);
      expect(admin.canWrite(realm)).toBe(true);
      expect(() => admin.assertRead(realm)).not.toThrow();
      expect(() => admin.assertWrite(realm)).not.toThrow();
    }
    expect(admin.readableRealmIds()).toBeNull();
    expect(() => admin.assertAdmin("create databases")).not.toThrow();
  });

  it("the system viewer is an admin", () => {
    const system = Viewer.system();
    expect(system.admin).toBe(true);
    expect(system.canWrite(realmA)).toBe(true);
    expect(system.readableRealmIds()).toBeNull();
  });

  it("EDITOR reads and writes its realm only", () => {
    const editor = viewer({ [realmA]: "EDITOR" });
    expect(editor.canRead(realmA)).toBe(true);
    expect(editor.canWrite(realmA)).toBe(true);
    expect(() => editor.assertRead(realmA)).not.toThrow();
    expect(() => editor.assertWrite(realmA)).not.toThrow();
    expect(editor.canRead(realmB)).toBe(false);
    expect(editor.canWrite(realmB)).toBe(false);
    expect(editor.readableRealmIds()).toEqual([realmA]);
  });

  it("VIEWER reads its realm and gets FORBIDDEN when writing to it", () => {
    const reader = viewer({ [realmA]: "VIEWER" });
    expect(reader.canRead(realmA)).toBe(true);
    expect(reader.canWrite(realmA)).toBe(false);
    expect(() => reader.assertRead(realmA)).not.toThrow();
    const error = thrown(() => reader.assertWrite(realmA));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).code).toBe("FORBIDDEN");
    expect((error as ForbiddenError).message).toMatch(/EDITOR/);
  });

  it("a realm without scope is NOT_FOUND for reads and writes, exactly like a missing one", () => {
    const scoped = viewer({ [realmA]: "EDITOR", [realmB]: "VIEWER" });
    const hidden = crypto.randomUUID();
    for (const check of [() => scoped.assertRead(hidden), () => scoped.assertWrite(hidden)]) {
      const error = thrown(check);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).not.toBeInstanceOf(ForbiddenError);
      expect((error as NotFoundError).code).toBe("NOT_FOUND");
    }
    // Same message as for an id that exists nowhere: nothing distinguishes "exists but hidden".
    const none = viewer({});
    expect((thrown(() => scoped.assertWrite(hidden)) as Error).message).toBe(
      (thrown(() => none.assertRead(hidden)) as Error).message,
    );
    expect(scoped.readableRealmIds()?.sort()).toEqual([realmA, realmB].sort());
  });

  it("reports the entity and id asked about, not the realm, when checking access to a child object", () => {
    const none = viewer({ [realmA]: "VIEWER" });
    const documentId = crypto.randomUUID();
    const error = thrown(() => none.assertRead(realmB, "Document", documentId)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.entity).toBe("Document");
    expect(error.id).toBe(documentId);
    expect(error.message).toContain(documentId);
    expect(error.message).not.toContain(realmB);
    const writeError = thrown(() => none.assertWrite(realmB, "Document", documentId)) as NotFoundError;
    expect(writeError).toBeInstanceOf(NotFoundError);
    expect(writeError.message).not.toContain(realmB);
  });

  it("only an admin passes assertAdmin", () => {
    for (const v of [viewer({ [realmA]: "EDITOR" }), viewer({ [realmA]: "VIEWER" }), viewer({})]) {
      const error = thrown(() => v.assertAdmin("create databases"));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toContain("create databases");
    }
  });

  it("a token with no roles can read nothing", () => {
    const none = viewer({});
    expect(none.readableRealmIds()).toEqual([]);
    expect(none.canRead(realmA)).toBe(false);
    expect(() => none.assertRead(realmA)).toThrow(NotFoundError);
  });
});
