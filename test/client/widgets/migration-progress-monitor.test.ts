// @vitest-environment happy-dom
// MigrationProgressMonitor with a mocked urql client: loading, live progress from subscription events
// (after the snapshot's sequence), failed documents with Retry, Cancel, errors, resuming after a lost
// connection from the last sequence seen, and rolling back: confirmation, CONFLICT → "Roll back anyway",
// following the rollback over a new subscription, and items that could not be undone.
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { CombinedError } from "urql";
import { fromValue, makeSubject, never, type Subject } from "wonka";
import { MigrationProgressMonitor } from "../../../client/widgets/index.ts";
import { mockClient } from "./mock-client.ts";
import { MIGRATION_ID, itemEvent, monitorMigration, progressEvent, rollbackItemEvent } from "./fixtures.ts";

afterEach(cleanup);

function setup(
  snapshot = monitorMigration(),
  mutations: Record<string, (v: Record<string, any>) => unknown> = {},
  queries: Record<string, (v: Record<string, any>) => unknown> = {},
): {
  subjects: Array<Subject<any>>;
  mock: ReturnType<typeof mockClient>;
  onStatusChange: ReturnType<typeof vi.fn>;
} {
  const subjects: Array<Subject<any>> = [];
  const mock = mockClient({
    SdkMigration: () => fromValue({ data: { migration: snapshot } }),
    SdkMigrationProgress: () => {
      const subject = makeSubject<any>();
      subjects.push(subject);
      return subject.source;
    },
    ...Object.fromEntries(
      Object.entries({ ...mutations, ...queries }).map(([name, fn]) => [name, (v: any) => fromValue({ data: fn(v) })]),
    ),
  });
  const onStatusChange = vi.fn();
  render(createElement(MigrationProgressMonitor, { migrationId: MIGRATION_ID, onStatusChange }), {
    wrapper: mock.wrapper,
  });
  return { subjects, mock, onStatusChange };
}

const counts = () => screen.getByRole("status").textContent;
const badge = () => document.querySelector(".rms-badge")?.textContent;
const button = (name: string) => screen.getByRole("button", { name }) as HTMLButtonElement;
const bar = () => document.querySelector("progress") as HTMLProgressElement;
const time = (label: string) => screen.getByText(label, { selector: "dt" }).nextElementSibling!.textContent;

const COMPLETED_AT = "2026-01-05T10:00:09.000Z";
const completed = (overrides: Record<string, unknown> = {}) =>
  monitorMigration({
    status: "COMPLETED",
    processedDocuments: 4,
    progress: 1,
    lastSequence: 7,
    completedAt: COMPLETED_AT,
    ...overrides,
  });
/** What rollbackMigration answers: the migration ROLLING_BACK at the sequence of migration.rolling_back. */
const rollingBack = (overrides: Record<string, unknown> = {}) => ({
  rollbackMigration: {
    __typename: "MutationRollbackMigrationSuccess",
    data: completed({
      status: "ROLLING_BACK",
      progress: 0,
      lastSequence: 8,
      rollbackRequestedAt: "2026-01-05T11:00:00.000Z",
      ...overrides,
    }),
  },
});
const CHANGED =
  "1 document(s) written by this migration changed after it: d3 (edited after the migration). " +
  "Rolling back would discard those changes; pass force: true to roll back anyway.";
const emit = (subject: Subject<any> | undefined, event: ReturnType<typeof progressEvent>) =>
  subject!.next({ data: { migrationProgress: event } });

describe("MigrationProgressMonitor", () => {
  it("shows a loading state until the snapshot arrives", () => {
    const mock = mockClient({ SdkMigration: () => never });
    render(createElement(MigrationProgressMonitor, { migrationId: MIGRATION_ID }), { wrapper: mock.wrapper });
    expect(screen.getByText("Loading migration…")).toBeTruthy();
    expect(document.querySelector("section")!.getAttribute("aria-busy")).toBe("true");
    expect(mock.named("SdkMigrationProgress")).toHaveLength(0);
  });

  it("subscribes after the snapshot's sequence and moves the bar with each event, without querying again", async () => {
    const { subjects, mock, onStatusChange } = setup();
    await waitFor(() => expect(subjects).toHaveLength(1));
    expect(mock.named("SdkMigrationProgress")[0]!.variables).toEqual({ migrationId: MIGRATION_ID, afterSequence: 2 });
    expect(counts()).toBe("0 of 4 documents processed · 0% · 4 to go");
    expect(badge()).toBe("In progress");

    emit(subjects[0], itemEvent(3, "ITEM_COMPLETED", "d1", { processedDocuments: 1, progress: 0.25 }));
    emit(subjects[0], itemEvent(2, "ITEM_STARTED", "d1")); // at or below the current sequence: ignored
    await waitFor(() => expect(counts()).toBe("1 of 4 documents processed · 25% · 3 to go"));
    expect((screen.getByLabelText("Progress") as HTMLProgressElement).value).toBe(0.25);
    expect(screen.getByRole("status").getAttribute("aria-live")).toBe("polite");

    for (let i = 2; i <= 4; i++)
      emit(subjects[0], itemEvent(2 + i, "ITEM_COMPLETED", `d${i}`, { processedDocuments: i, progress: i / 4 }));
    emit(
      subjects[0],
      progressEvent(7, "MIGRATION_COMPLETED", { status: "COMPLETED", processedDocuments: 4, progress: 1 }),
    );
    subjects[0]!.complete();
    await waitFor(() => expect(badge()).toBe("Completed"));
    expect(counts()).toBe("4 of 4 documents processed · 100%");
    expect(screen.getByText("Finished")).toBeTruthy();
    expect(screen.getByText("Completed", { selector: "dt" }).nextElementSibling!.textContent).not.toBe("—");
    expect(button("Cancel").disabled).toBe(true);
    expect(button("Retry failed").disabled).toBe(true);
    expect(onStatusChange.mock.calls.map((c) => c[0])).toEqual(["IN_PROGRESS", "COMPLETED"]);
    expect(mock.named("SdkMigration")).toHaveLength(1);
  });

  it("lists failed documents with their errors and retries them, following the re-queued items", async () => {
    const { subjects, mock } = setup(monitorMigration({ lastSequence: 8 }), {
      SdkRetryFailedDocuments: () => ({
        retryFailedDocuments: {
          __typename: "MutationRetryFailedDocumentsSuccess",
          data: monitorMigration({ processedDocuments: 3, progress: 0.75, lastSequence: 10 }),
        },
      }),
    });
    await waitFor(() => expect(subjects).toHaveLength(1));
    emit(
      subjects[0],
      itemEvent(
        9,
        "ITEM_FAILED",
        "0b7c1d2e-aaaa-4bbb-8ccc-000000000001",
        { processedDocuments: 3, failedDocuments: 1, progress: 1 },
        {
          message: "vector size rejected",
          stage: "INGESTOR",
        },
      ),
    );
    await waitFor(() => expect(screen.getByText("Failed documents")).toBeTruthy());
    expect(document.querySelector(".rms-monitor__failures li")!.textContent).toBe(
      "0b7c1d2eingestorvector size rejected",
    );
    expect(button("Retry failed").disabled).toBe(false);
    emit(
      subjects[0],
      progressEvent(10, "MIGRATION_FAILED", {
        status: "FAILED",
        processedDocuments: 3,
        failedDocuments: 1,
        progress: 1,
      }),
    );
    subjects[0]!.complete();
    await waitFor(() => expect(badge()).toBe("Failed"));
    expect(counts()).toBe("3 of 4 documents processed · 100% · 1 failed");

    fireEvent.click(button("Retry failed"));
    await waitFor(() => expect(subjects).toHaveLength(2));
    expect(mock.named("SdkRetryFailedDocuments")[0]!.variables).toEqual({ migrationId: MIGRATION_ID });
    expect(mock.named("SdkMigrationProgress")[1]!.variables.afterSequence).toBe(10);
    await waitFor(() => expect(badge()).toBe("In progress"));
    expect(document.querySelector(".rms-monitor__failures")).toBeNull();
    emit(
      subjects[1],
      itemEvent(11, "ITEM_COMPLETED", "0b7c1d2e-aaaa-4bbb-8ccc-000000000001", { processedDocuments: 4, progress: 1 }),
    );
    emit(
      subjects[1],
      progressEvent(12, "MIGRATION_COMPLETED", { status: "COMPLETED", processedDocuments: 4, progress: 1 }),
    );
    await waitFor(() => expect(badge()).toBe("Completed"));
    expect(mock.named("SdkMigration")).toHaveLength(1);
  });

  it("names a failed document by its title, with the stage and message, as a link when the host can open it", async () => {
    const documentId = btoa("Document:0b7c1d2e-aaaa-4bbb-8ccc-000000000001");
    const onOpenDocument = vi.fn();
    const subjects: Array<Subject<any>> = [];
    const mock = mockClient({
      SdkMigration: () => fromValue({ data: { migration: monitorMigration() } }),
      SdkMigrationProgress: () => {
        const subject = makeSubject<any>();
        subjects.push(subject);
        return subject.source;
      },
      MonitorDocumentTitles: (v) =>
        fromValue({
          data: { nodes: v.ids.map((id: string) => ({ __typename: "Document", id, title: "Q3 report.md" })) },
        }),
    });
    render(createElement(MigrationProgressMonitor, { migrationId: MIGRATION_ID, onOpenDocument }), {
      wrapper: mock.wrapper,
    });
    await waitFor(() => expect(subjects).toHaveLength(1));
    emit(
      subjects[0],
      itemEvent(
        3,
        "ITEM_FAILED",
        documentId,
        { failedDocuments: 1, progress: 0.25 },
        { message: "vector size rejected", stage: "INGESTOR" },
      ),
    );
    const link = await screen.findByRole("button", { name: "Q3 report.md" });
    expect(document.querySelector(".rms-monitor__failures li")!.textContent).toBe(
      "Q3 report.mdingestorvector size rejected",
    );
    // Asked by the id the event carries: Document.id (a global id), as it is.
    expect(mock.named("MonitorDocumentTitles")[0]!.variables.ids).toEqual([documentId]);
    fireEvent.click(link);
    expect(onOpenDocument).toHaveBeenCalledWith(documentId);
    expect(document.querySelector('.rms-segments [data-segment="failed"]')!.getAttribute("style")).toContain("25%");
  });

  it("renders a migration handed over by createMigration at once, without the snapshot query", async () => {
    const subjects: Array<Subject<any>> = [];
    const mock = mockClient({
      SdkMigration: () => never,
      SdkMigrationProgress: () => {
        const subject = makeSubject<any>();
        subjects.push(subject);
        return subject.source;
      },
    });
    const initialMigration = monitorMigration({ status: "PENDING", lastSequence: 1 });
    render(
      createElement(MigrationProgressMonitor, {
        migrationId: MIGRATION_ID,
        initialMigration: initialMigration as never,
      }),
      {
        wrapper: mock.wrapper,
      },
    );
    expect(badge()).toBe("Pending");
    expect(screen.queryByText("Loading migration…")).toBeNull();
    await waitFor(() => expect(subjects).toHaveLength(1));
    expect(mock.named("SdkMigration")).toHaveLength(0);
    expect(mock.named("SdkMigrationProgress")[0]!.variables.afterSequence).toBe(1);
  });

  it("reads the snapshot when what it was handed is not a full migration", async () => {
    const mock = mockClient({
      SdkMigration: () => fromValue({ data: { migration: monitorMigration() } }),
      SdkMigrationProgress: () => never,
    });
    // What RealmDatabaseAdditionDialog's onStarted gives: the id and size only.
    const partial = { id: MIGRATION_ID, totalDocuments: 4 };
    render(createElement(MigrationProgressMonitor, { migrationId: MIGRATION_ID, initialMigration: partial as never }), {
      wrapper: mock.wrapper,
    });
    await waitFor(() => expect(badge()).toBe("In progress"));
    expect(mock.named("SdkMigration")).toHaveLength(1);
  });

  it("cancels, showing CANCELLING from the mutation and CANCELLED from the stream", async () => {
    const { subjects, mock } = setup(monitorMigration(), {
      SdkCancelMigration: () => ({
        cancelMigration: {
          __typename: "MutationCancelMigrationSuccess",
          data: monitorMigration({ status: "CANCELLING", processedDocuments: 1, progress: 0.25, lastSequence: 5 }),
        },
      }),
    });
    await waitFor(() => expect(subjects).toHaveLength(1));
    emit(subjects[0], itemEvent(3, "ITEM_COMPLETED", "d1", { processedDocuments: 1, progress: 0.25 }));
    fireEvent.click(button("Cancel"));
    await waitFor(() => expect(badge()).toBe("Cancelling"));
    expect(mock.named("SdkCancelMigration")).toHaveLength(1);
    emit(subjects[0], progressEvent(4, "ITEM_STARTED", {})); // older than the mutation's snapshot
    emit(
      subjects[0],
      progressEvent(6, "MIGRATION_CANCELLED", {
        status: "CANCELLED",
        processedDocuments: 1,
        cancelledDocuments: 3,
        progress: 1,
      }),
    );
    await waitFor(() => expect(badge()).toBe("Cancelled"));
    // Cancelled is not complete: no 100%, no "Completed" time, and the bar shows the cancelled part apart.
    expect(counts()).toBe("1 of 4 documents processed · 3 cancelled");
    expect(button("Cancel").disabled).toBe(true);
    expect(screen.queryByText("Completed", { selector: "dt" })).toBeNull();
    expect(time("Cancelled")).not.toBe("—");
    const segments = Array.from(document.querySelectorAll<HTMLElement>(".rms-segments [data-segment]"), (s) => [
      s.dataset.segment,
      s.style.width,
    ]);
    expect(segments).toEqual([
      ["processed", "25%"],
      ["cancelled", "75%"],
    ]);
  });

  it("shows why a Cancel was refused", async () => {
    const { subjects } = setup(monitorMigration(), {
      SdkCancelMigration: () => ({
        cancelMigration: {
          __typename: "ConflictError",
          code: "CONFLICT",
          message: "The migration is already COMPLETED.",
          path: null,
        },
      }),
    });
    await waitFor(() => expect(subjects).toHaveLength(1));
    fireEvent.click(button("Cancel"));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("The migration is already COMPLETED."));
  });

  it("reports a migration the token cannot see", async () => {
    const mock = mockClient({ SdkMigration: () => fromValue({ data: { migration: null } }) });
    render(createElement(MigrationProgressMonitor, { migrationId: MIGRATION_ID }), { wrapper: mock.wrapper });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/does not exist/));
    expect(mock.named("SdkMigrationProgress")).toHaveLength(0);
  });

  it("shows a subscription error", async () => {
    const { subjects } = setup();
    await waitFor(() => expect(subjects).toHaveLength(1));
    subjects[0]!.next({
      error: new CombinedError({
        graphQLErrors: [{ message: "Migration not found", extensions: { code: "NOT_FOUND" } }],
      }),
    });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Migration not found/));
    expect(screen.getByText("Disconnected")).toBeTruthy();
  });

  it("resumes after a lost connection from the last sequence it has, losing nothing", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { subjects, mock } = setup();
      await waitFor(() => expect(subjects).toHaveLength(1));
      emit(subjects[0], itemEvent(3, "ITEM_COMPLETED", "d1", { processedDocuments: 1, progress: 0.25 }));
      subjects[0]!.next({ error: new CombinedError({ networkError: new Error("socket closed") }) });
      subjects[0]!.complete();
      await waitFor(() => expect(screen.getByText("Reconnecting…")).toBeTruthy());
      await vi.advanceTimersByTimeAsync(1000);
      await waitFor(() => expect(subjects).toHaveLength(2));
      expect(mock.named("SdkMigrationProgress")[1]!.variables.afterSequence).toBe(3);
      emit(subjects[1], itemEvent(4, "ITEM_COMPLETED", "d2", { processedDocuments: 2, progress: 0.5 }));
      await waitFor(() => expect(counts()).toBe("2 of 4 documents processed · 50% · 2 to go"));
      expect(screen.getByText("Live")).toBeTruthy();
      expect(mock.named("SdkMigration")).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  describe("rollback", () => {
    it("asks first, then rolls back and follows the rollback over a new subscription to ROLLED_BACK", async () => {
      const { subjects, mock, onStatusChange } = setup(completed(), { SdkRollbackMigration: () => rollingBack() });
      await waitFor(() => expect(subjects).toHaveLength(1));
      subjects[0]!.complete(); // the migration had ended: the stream ends at once
      await waitFor(() => expect(screen.getByText("Finished")).toBeTruthy());

      fireEvent.click(button("Roll back…"));
      const dialog = screen.getByRole("dialog", { name: "Roll back this migration?" });
      expect(dialog.getAttribute("aria-describedby")).toBeTruthy();
      // The server's Migration.rollbackEffect for a COPY (the fixture takes it from the kind).
      expect(dialog.textContent).toMatch(/documents it copied to the target realm are deleted with their records/);
      expect(dialog.textContent).toMatch(/documents in the source realm stay as they are/);
      expect(mock.named("SdkRollbackMigration")).toHaveLength(0); // nothing happens before confirming

      fireEvent.click(within(dialog).getByRole("button", { name: "Roll back" }));
      await waitFor(() => expect(subjects).toHaveLength(2));
      expect(mock.named("SdkRollbackMigration")[0]!.variables).toEqual({ id: MIGRATION_ID, force: false });
      // The rollback is followed from the sequence the mutation returned.
      expect(mock.named("SdkMigrationProgress")[1]!.variables).toEqual({ migrationId: MIGRATION_ID, afterSequence: 8 });
      expect(screen.queryByRole("dialog")).toBeNull();
      await waitFor(() => expect(badge()).toBe("Rolling back"));
      expect(counts()).toBe("Rolling back… 0/4 documents rolled back · 0%");
      expect(screen.getByLabelText("Rollback progress")).toBe(bar());
      expect(screen.queryByRole("button", { name: /Roll back/ })).toBeNull();
      expect(document.activeElement?.tagName).toBe("H2"); // not lost with the button

      emit(subjects[1], rollbackItemEvent(9, "ITEM_ROLLED_BACK", "d4", { rolledBackDocuments: 1, progress: 0.25 }));
      emit(subjects[1], rollbackItemEvent(10, "ITEM_ROLLED_BACK", "d3", { rolledBackDocuments: 2, progress: 0.5 }));
      await waitFor(() => expect(counts()).toBe("Rolling back… 2/4 documents rolled back · 50%"));
      expect(bar().value).toBe(0.5);
      emit(subjects[1], rollbackItemEvent(11, "ITEM_ROLLED_BACK", "d2", { rolledBackDocuments: 3, progress: 0.75 }));
      emit(subjects[1], rollbackItemEvent(12, "ITEM_ROLLED_BACK", "d1", { rolledBackDocuments: 4, progress: 1 }));
      emit(
        subjects[1],
        progressEvent(13, "MIGRATION_ROLLED_BACK", {
          status: "ROLLED_BACK",
          processedDocuments: 4,
          rolledBackDocuments: 4,
          progress: 1,
        }),
      );
      subjects[1]!.complete();
      await waitFor(() => expect(badge()).toBe("Rolled back"));
      expect(counts()).toBe("4/4 documents rolled back · 100%");
      expect(bar().value).toBe(1);
      expect(screen.getByText("Finished")).toBeTruthy();
      expect(time("Rolled back")).not.toBe("—");
      expect(time("Completed")).toBe(
        new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(COMPLETED_AT)),
      );
      expect(screen.queryByRole("button", { name: /Roll back/ })).toBeNull();
      expect(document.querySelector(".rms-monitor__failures")).toBeNull();
      expect(onStatusChange.mock.calls.map((c) => c[0])).toEqual(["COMPLETED", "ROLLING_BACK", "ROLLED_BACK"]);
      expect(mock.named("SdkMigration")).toHaveLength(1);
    });

    it("shows why documents changed since block the rollback and rolls back anyway with force: true", async () => {
      const { subjects, mock } = setup(completed(), {
        SdkRollbackMigration: (v) =>
          v.force
            ? rollingBack({ rollbackForced: true })
            : {
                rollbackMigration: { __typename: "ConflictError", code: "CONFLICT", message: CHANGED, path: ["force"] },
              },
      });
      await waitFor(() => expect(subjects).toHaveLength(1));
      fireEvent.click(button("Roll back…"));
      const dialog = screen.getByRole("dialog", { name: "Roll back this migration?" });
      fireEvent.click(within(dialog).getByRole("button", { name: "Roll back" }));
      await waitFor(() => expect(within(dialog).getByRole("alert").textContent).toBe(CHANGED));
      expect(within(dialog).queryByRole("button", { name: "Roll back" })).toBeNull();
      expect(badge()).toBe("Completed"); // refused: nothing changed

      fireEvent.click(within(dialog).getByRole("button", { name: "Roll back anyway" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      expect(mock.named("SdkRollbackMigration").map((c) => c.variables.force)).toEqual([false, true]);
      await waitFor(() => expect(badge()).toBe("Rolling back"));
      expect(time("Rolled back")).toBe("— (forced)");
      expect(mock.named("SdkMigrationProgress").at(-1)!.variables.afterSequence).toBe(8);
    });

    it("offers no force for other refusals, and Keep migration closes without a request", async () => {
      const { subjects, mock } = setup(completed(), {
        SdkRollbackMigration: () => ({
          rollbackMigration: {
            __typename: "ConflictError",
            code: "CONFLICT",
            message: "The migration is already ROLLING_BACK.",
            path: null,
          },
        }),
      });
      await waitFor(() => expect(subjects).toHaveLength(1));
      fireEvent.click(button("Roll back…"));
      fireEvent.click(button("Keep migration"));
      expect(screen.queryByRole("dialog")).toBeNull();
      expect(mock.named("SdkRollbackMigration")).toHaveLength(0);

      fireEvent.click(button("Roll back…"));
      const dialog = screen.getByRole("dialog");
      expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Keep migration" }));
      fireEvent.click(within(dialog).getByRole("button", { name: "Roll back" }));
      await waitFor(() =>
        expect(within(dialog).getByRole("alert").textContent).toBe("The migration is already ROLLING_BACK."),
      );
      expect(within(dialog).queryByRole("button", { name: "Roll back anyway" })).toBeNull();
    });

    it("has no Roll back action while the migration runs or once it is rolled back", async () => {
      const running = setup(monitorMigration({ status: "IN_PROGRESS" }));
      await waitFor(() => expect(running.subjects).toHaveLength(1));
      expect(button("Cancel").disabled).toBe(false);
      expect(screen.queryByRole("button", { name: /Roll back/ })).toBeNull();
      cleanup();

      const rolledBack = setup(
        completed({
          status: "ROLLED_BACK",
          rolledBackDocuments: 4,
          rollbackRequestedAt: "2026-01-05T11:00:00.000Z",
          rolledBackAt: "2026-01-05T11:00:05.000Z",
        }),
      );
      await waitFor(() => expect(rolledBack.subjects).toHaveLength(1));
      expect(badge()).toBe("Rolled back");
      expect(counts()).toBe("4/4 documents rolled back · 100%");
      expect(screen.queryByRole("button", { name: /Roll back/ })).toBeNull();
      cleanup();

      const cancelled = setup(completed({ status: "CANCELLED", processedDocuments: 2, cancelledDocuments: 2 }));
      await waitFor(() => expect(cancelled.subjects).toHaveLength(1));
      expect(button("Roll back…").disabled).toBe(false);
    });

    it("lists items it could not undo and ends FAILED with the rollback error, offering to retry it", async () => {
      const { subjects, mock } = setup(
        completed({ status: "ROLLING_BACK", progress: 0, lastSequence: 8, rollbackRequestedAt: COMPLETED_AT }),
        { SdkRollbackMigration: () => rollingBack({ rolledBackDocuments: 3, progress: 0.75, lastSequence: 13 }) },
      );
      await waitFor(() => expect(subjects).toHaveLength(1));
      const whyNot = 'Cannot restore "report-1.md": the source realm has another document with that title now.';
      emit(subjects[0], rollbackItemEvent(9, "ITEM_ROLLED_BACK", "d4", { rolledBackDocuments: 1, progress: 0.25 }));
      emit(
        subjects[0],
        rollbackItemEvent(10, "ITEM_ROLLBACK_FAILED", "d3", { rolledBackDocuments: 1, progress: 0.25 }, whyNot),
      );
      await waitFor(() => expect(screen.getByText("Not rolled back")).toBeTruthy());
      expect(document.querySelector(".rms-monitor__failures li")!.textContent).toBe(`d3${whyNot}`);
      expect(badge()).toBe("Rolling back");
      emit(subjects[0], rollbackItemEvent(11, "ITEM_ROLLED_BACK", "d2", { rolledBackDocuments: 2, progress: 0.5 }));
      emit(subjects[0], rollbackItemEvent(12, "ITEM_ROLLED_BACK", "d1", { rolledBackDocuments: 3, progress: 0.75 }));
      emit(
        subjects[0],
        progressEvent(13, "MIGRATION_ROLLBACK_FAILED", {
          status: "FAILED",
          processedDocuments: 4,
          rolledBackDocuments: 3,
          progress: 0.75,
          message: "Rollback incomplete: 1 item(s) could not be undone (see their rollbackError).",
        }),
      );
      subjects[0]!.complete();
      await waitFor(() => expect(badge()).toBe("Failed"));
      expect(counts()).toBe("3/4 documents rolled back · 75% · 1 not undone");
      expect(screen.getByRole("alert").textContent).toMatch(
        /^Rollback incomplete: 1 of 4 document\(s\) could not be undone/,
      );
      expect(document.querySelectorAll(".rms-monitor__failures li")).toHaveLength(1);
      expect(button("Retry failed").disabled).toBe(true); // the API refuses retries after a rollback

      fireEvent.click(button("Retry rollback…"));
      const dialog = screen.getByRole("dialog", { name: "Retry the rollback?" });
      expect(dialog.textContent).toMatch(/The 1 document\(s\) that could not be undone last time are tried again/);
      fireEvent.click(within(dialog).getByRole("button", { name: "Retry rollback" }));
      await waitFor(() => expect(subjects).toHaveLength(2));
      expect(mock.named("SdkMigrationProgress")[1]!.variables.afterSequence).toBe(13);
      await waitFor(() => expect(badge()).toBe("Rolling back"));
      expect(screen.queryByText("Not rolled back")).toBeNull(); // queued again
      emit(subjects[1], rollbackItemEvent(14, "ITEM_ROLLED_BACK", "d3", { rolledBackDocuments: 4, progress: 1 }));
      emit(
        subjects[1],
        progressEvent(15, "MIGRATION_ROLLED_BACK", { status: "ROLLED_BACK", rolledBackDocuments: 4, progress: 1 }),
      );
      await waitFor(() => expect(badge()).toBe("Rolled back"));
      expect(screen.queryByRole("alert")).toBeNull();
    });

    it("opened on an incomplete rollback, reads which items were not undone, page by page", async () => {
      const item = (n: number, rollbackStatus: string, rollbackError: string | null = null) => ({
        __typename: "MigrationItemsConnectionEdge",
        node: { __typename: "MigrationItem", id: `i${n}`, sourceDocumentId: `d${n}`, rollbackStatus, rollbackError },
      });
      const pages: Record<string, unknown[]> = {
        start: [item(1, "DONE"), item(2, "FAILED", "records could not be restored")],
        p2: [item(3, "DONE"), item(4, "FAILED", "target database unreachable")],
      };
      const { subjects, mock } = setup(
        completed({ status: "FAILED", rolledBackDocuments: 2, progress: 0.5, rollbackRequestedAt: COMPLETED_AT }),
        {},
        {
          MonitorRollbackItems: (v) => ({
            migration: {
              __typename: "Migration",
              id: MIGRATION_ID,
              items: {
                __typename: "MigrationItemsConnection",
                pageInfo: { __typename: "PageInfo", hasNextPage: !v.after, endCursor: v.after ? null : "p2" },
                edges: pages[v.after ?? "start"],
              },
            },
          }),
        },
      );
      await waitFor(() => expect(subjects).toHaveLength(1));
      await waitFor(() => expect(document.querySelectorAll(".rms-monitor__failures li")).toHaveLength(2));
      expect(Array.from(document.querySelectorAll(".rms-monitor__failures li"), (li) => li.textContent)).toEqual([
        "d2records could not be restored",
        "d4target database unreachable",
      ]);
      expect(mock.named("MonitorRollbackItems").map((c) => c.variables.after)).toEqual([null, "p2"]);
      expect(counts()).toBe("2/4 documents rolled back · 50% · 2 not undone");
      expect(button("Retry rollback…").disabled).toBe(false);
    });
  });
});

describe("MigrationProgressMonitor retrieval parity", () => {
  const verification = (overrides: Record<string, unknown> = {}) => ({
    status: "PASSED",
    retrievalRecall: 1,
    meanRankDisplacement: 0,
    sampled: 50,
    k: 10,
    threshold: 1,
    onBelow: "WARN",
    message: "Retrieval parity: recall@10 1.000 (threshold 1), mean rank displacement 0.00, over 50 sampled chunk(s).",
    ...overrides,
  });

  it("reads the verification once the migration has ended and shows recall@k", async () => {
    const { mock } = setup(
      completed(),
      {},
      {
        MonitorVerification: () => ({ migration: { id: MIGRATION_ID, verification: verification() } }),
      },
    );
    await waitFor(() => expect(screen.getByText("Retrieval parity passed")).toBeTruthy());
    expect(document.querySelector(".rms-monitor__parity")?.textContent).toContain("recall@10 1.000 (threshold 1)");
    expect(mock.calls.filter((c) => c.name === "MonitorVerification")).toHaveLength(1);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("warns when recall is below the threshold of a migration that completed with the warning", async () => {
    setup(
      completed(),
      {},
      {
        MonitorVerification: () => ({
          migration: {
            id: MIGRATION_ID,
            verification: verification({ status: "BELOW_THRESHOLD", retrievalRecall: 0.42 }),
          },
        }),
      },
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Retrieval parity below threshold");
    expect(alert.textContent).toContain("recall@10 0.420");
    expect(alert.textContent).toContain("completed with this warning");
  });

  it("asks nothing while the migration runs", () => {
    const { mock } = setup();
    expect(mock.calls.some((c) => c.name === "MonitorVerification")).toBe(false);
  });
});
