// The pure rules behind canCancel/canRetry/canRollBack and their refusals, and how an event (which carries
// no rollbackRequestedAt) is read: a rollback's own events count as "rollback requested", earlier ones not.
import { describe, expect, it } from "vitest";
import { Viewer } from "../../../server/services/access.ts";
import {
  abilityInputOf,
  assertAllowed,
  cancelAbility,
  retryAbility,
  rollbackAbility,
  type AbilityInput,
} from "../../../server/services/migration/abilities.ts";

const editor = Viewer.system();
const row = (overrides: Partial<AbilityInput> = {}): AbilityInput => ({
  status: "FAILED",
  sourceRealmId: "r1",
  targetRealmId: "r2",
  failedDocuments: 1,
  rollbackRequestedAt: null,
  ...overrides,
});
const event = (type: string, status: AbilityInput["status"]) =>
  abilityInputOf({ type, status, sourceRealmId: "r1", targetRealmId: "r2", failedDocuments: 1 });

describe("migration abilities", () => {
  it("refuses with the error the mutation answers", () => {
    expect(() => assertAllowed(cancelAbility(editor, row({ status: "COMPLETED" })))).toThrow(
      expect.objectContaining({
        code: "CONFLICT",
        message: "The migration is already COMPLETED; there is nothing to cancel.",
      }),
    );
    expect(() => assertAllowed(retryAbility(editor, row({ failedDocuments: 0 })))).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", path: ["documentIds"] }),
    );
    expect(() => assertAllowed(rollbackAbility(editor, row()))).not.toThrow();
  });

  it("reads a rollback's events as rollback requested, and the run's events before it as not", () => {
    expect(event("migration.failed", "FAILED").rollbackRequestedAt).toBeNull();
    expect(retryAbility(editor, event("migration.failed", "FAILED")).allowed).toBe(true);
    for (const type of ["migration.rolling_back", "item.rollback_failed", "migration.rollback_failed"]) {
      expect(event(type, "FAILED").rollbackRequestedAt).not.toBeNull();
      expect(retryAbility(editor, event(type, "FAILED")).reason).toMatch(/^The migration was rolled back/);
    }
    // A rollback that ended FAILED may be asked for again.
    expect(rollbackAbility(editor, event("migration.rollback_failed", "FAILED")).allowed).toBe(true);
  });
});
