// @vitest-environment happy-dom
// The monitor's Cancel / Retry failed / Roll back follow the server's canCancel/canRetry/canRollBack — from
// the snapshot, then from each event — instead of its own reading of the status: a token that may not
// change the migration gets no action (with the reason on the disabled buttons), and events move them on.
import { createElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { fromValue, makeSubject, type Subject } from "wonka";
import { MigrationProgressMonitor } from "../../../client/widgets/index.ts";
import { mockClient } from "./mock-client.ts";
import { MIGRATION_ID, itemEvent, monitorMigration, progressEvent } from "./fixtures.ts";

afterEach(cleanup);

const FORBIDDEN = "Changing a migration needs an EDITOR role on both its source and its target realm.";
const refused = { __typename: "MigrationAbility", allowed: false, reason: FORBIDDEN };
const readOnly = { canCancel: refused, canRetry: refused, canRollBack: refused };

function setup(snapshot: ReturnType<typeof monitorMigration>) {
  const subjects: Array<Subject<any>> = [];
  const mock = mockClient({
    SdkMigration: () => fromValue({ data: { migration: snapshot } }),
    SdkMigrationProgress: () => {
      const subject = makeSubject<any>();
      subjects.push(subject);
      return subject.source;
    },
  });
  render(createElement(MigrationProgressMonitor, { migrationId: MIGRATION_ID }), { wrapper: mock.wrapper });
  return { subjects };
}

const button = (name: string) => screen.queryByRole("button", { name }) as HTMLButtonElement | null;

describe("MigrationProgressMonitor actions", () => {
  it("offers nothing to a token that cannot change the migration, and says why", async () => {
    setup(monitorMigration({ status: "FAILED", failedDocuments: 1, lastSequence: 9, ...readOnly }));
    await waitFor(() => expect(button("Retry failed")).toBeTruthy());
    expect(button("Retry failed")!.disabled).toBe(true);
    expect(button("Retry failed")!.title).toBe(FORBIDDEN);
    expect(button("Cancel")!.disabled).toBe(true);
    expect(button("Cancel")!.title).toBe(FORBIDDEN);
    // A FAILED migration could be rolled back, but not with this token.
    expect(button("Roll back…")).toBeNull();
  });

  it("takes each event's answers: Retry once an item failed, Roll back once the run ended", async () => {
    const { subjects } = setup(monitorMigration());
    await waitFor(() => expect(subjects).toHaveLength(1));
    expect(button("Cancel")!.disabled).toBe(false);
    expect(button("Retry failed")!.disabled).toBe(true);
    expect(button("Retry failed")!.title).toBe("No failed items match: nothing to retry.");

    subjects[0]!.next({
      data: {
        migrationProgress: itemEvent(
          3,
          "ITEM_FAILED",
          "d1",
          { failedDocuments: 1, progress: 0.25 },
          { message: "boom", stage: "INGESTOR" },
        ),
      },
    });
    await waitFor(() => expect(button("Retry failed")!.disabled).toBe(false));
    expect(button("Roll back…")).toBeNull();

    subjects[0]!.next({
      data: {
        migrationProgress: progressEvent(4, "MIGRATION_FAILED", {
          status: "FAILED",
          failedDocuments: 1,
          progress: 1,
          // The server's answer for this token wins over anything the status suggests.
          canCancel: refused,
          canRetry: refused,
          canRollBack: { allowed: true, reason: null },
        }),
      },
    });
    await waitFor(() => expect(button("Retry failed")!.disabled).toBe(true));
    expect(button("Retry failed")!.title).toBe(FORBIDDEN);
    expect(button("Cancel")!.disabled).toBe(true);
    expect(button("Roll back…")).toBeTruthy();
  });
});
