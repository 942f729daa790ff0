// @vitest-environment happy-dom
// MigrationProgressMonitor with a mocked urql client: loading, live progress from subscription events
// (after the snapshot's sequence), failed documents with Retry, Cancel, errors, and resuming after a
// lost connection from the last sequence seen.
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { CombinedError } from "urql";
import { fromValue, makeSubject, never, type Subject } from "wonka";
import { MigrationProgressMonitor } from "../../../client/widgets/index.ts";
import { mockClient } from "./mock-client.ts";
import { MIGRATION_ID, itemEvent, monitorMigration, progressEvent } from "./fixtures.ts";

afterEach(cleanup);

function setup(
  snapshot = monitorMigration(),
  mutations: Record<string, (v: Record<string, any>) => unknown> = {},
): {
  subjects: Array<Subject<any>>;
  mock: ReturnType<typeof mockClient>;
  onStatusChange: ReturnType<typeof vi.fn>;
} {
  const subjects: Array<Subject<any>> = [];
  const mock = mockClient({
    MonitorSnapshot: () => fromValue({ data: { migration: snapshot } }),
    SdkMigrationProgress: () => {
      const subject = makeSubject<any>();
      subjects.push(subject);
      return subject.source;
    },
    ...Object.fromEntries(
      Object.entries(mutations).map(([name, fn]) => [name, (v: any) => fromValue({ data: fn(v) })]),
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
const emit = (subject: Subject<any> | undefined, event: ReturnType<typeof progressEvent>) =>
  subject!.next({ data: { migrationProgress: event } });

describe("MigrationProgressMonitor", () => {
  it("shows a loading state until the snapshot arrives", () => {
    const mock = mockClient({ MonitorSnapshot: () => never });
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

    emit(subjects[0], itemEvent(3, "item.completed", "d1", { processedDocuments: 1, progress: 0.25 }));
    emit(subjects[0], itemEvent(2, "item.started", "d1")); // at or below the current sequence: ignored
    await waitFor(() => expect(counts()).toBe("1 of 4 documents processed · 25% · 3 to go"));
    expect((screen.getByLabelText("Progress") as HTMLProgressElement).value).toBe(0.25);
    expect(screen.getByRole("status").getAttribute("aria-live")).toBe("polite");

    for (let i = 2; i <= 4; i++)
      emit(subjects[0], itemEvent(2 + i, "item.completed", `d${i}`, { processedDocuments: i, progress: i / 4 }));
    emit(
      subjects[0],
      progressEvent(7, "migration.completed", { status: "COMPLETED", processedDocuments: 4, progress: 1 }),
    );
    subjects[0]!.complete();
    await waitFor(() => expect(badge()).toBe("Completed"));
    expect(counts()).toBe("4 of 4 documents processed · 100%");
    expect(screen.getByText("Finished")).toBeTruthy();
    expect(screen.getByText("Completed", { selector: "dt" }).nextElementSibling!.textContent).not.toBe("—");
    expect(button("Cancel").disabled).toBe(true);
    expect(button("Retry failed").disabled).toBe(true);
    expect(onStatusChange.mock.calls.map((c) => c[0])).toEqual(["IN_PROGRESS", "COMPLETED"]);
    expect(mock.named("MonitorSnapshot")).toHaveLength(1);
  });

  it("lists failed documents with their errors and retries them, following the re-queued items", async () => {
    const { subjects, mock } = setup(monitorMigration({ lastSequence: 8 }), {
      MonitorRetry: () => ({
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
        "item.failed",
        "0b7c1d2e-aaaa-4bbb-8ccc-000000000001",
        { processedDocuments: 3, failedDocuments: 1, progress: 1 },
        {
          message: "vector size rejected",
          stage: "ingestor",
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
      progressEvent(10, "migration.failed", {
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
    expect(mock.named("MonitorRetry")[0]!.variables).toEqual({ id: MIGRATION_ID });
    expect(mock.named("SdkMigrationProgress")[1]!.variables.afterSequence).toBe(10);
    await waitFor(() => expect(badge()).toBe("In progress"));
    expect(document.querySelector(".rms-monitor__failures")).toBeNull();
    emit(
      subjects[1],
      itemEvent(11, "item.completed", "0b7c1d2e-aaaa-4bbb-8ccc-000000000001", { processedDocuments: 4, progress: 1 }),
    );
    emit(
      subjects[1],
      progressEvent(12, "migration.completed", { status: "COMPLETED", processedDocuments: 4, progress: 1 }),
    );
    await waitFor(() => expect(badge()).toBe("Completed"));
    expect(mock.named("MonitorSnapshot")).toHaveLength(1);
  });

  it("cancels, showing CANCELLING from the mutation and CANCELLED from the stream", async () => {
    const { subjects, mock } = setup(monitorMigration(), {
      MonitorCancel: () => ({
        cancelMigration: {
          __typename: "MutationCancelMigrationSuccess",
          data: monitorMigration({ status: "CANCELLING", processedDocuments: 1, progress: 0.25, lastSequence: 5 }),
        },
      }),
    });
    await waitFor(() => expect(subjects).toHaveLength(1));
    emit(subjects[0], itemEvent(3, "item.completed", "d1", { processedDocuments: 1, progress: 0.25 }));
    fireEvent.click(button("Cancel"));
    await waitFor(() => expect(badge()).toBe("Cancelling"));
    expect(mock.named("MonitorCancel")).toHaveLength(1);
    emit(subjects[0], progressEvent(4, "item.started", {})); // older than the mutation's snapshot
    emit(
      subjects[0],
      progressEvent(6, "migration.cancelled", {
        status: "CANCELLED",
        processedDocuments: 1,
        cancelledDocuments: 3,
        progress: 1,
      }),
    );
    await waitFor(() => expect(badge()).toBe("Cancelled"));
    expect(counts()).toBe("1 of 4 documents processed · 100% · 3 cancelled");
    expect(button("Cancel").disabled).toBe(true);
  });

  it("shows why a Cancel was refused", async () => {
    const { subjects } = setup(monitorMigration(), {
      MonitorCancel: () => ({
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
    const mock = mockClient({ MonitorSnapshot: () => fromValue({ data: { migration: null } }) });
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
      emit(subjects[0], itemEvent(3, "item.completed", "d1", { processedDocuments: 1, progress: 0.25 }));
      subjects[0]!.next({ error: new CombinedError({ networkError: new Error("socket closed") }) });
      subjects[0]!.complete();
      await waitFor(() => expect(screen.getByText("Reconnecting…")).toBeTruthy());
      await vi.advanceTimersByTimeAsync(1000);
      await waitFor(() => expect(subjects).toHaveLength(2));
      expect(mock.named("SdkMigrationProgress")[1]!.variables.afterSequence).toBe(3);
      emit(subjects[1], itemEvent(4, "item.completed", "d2", { processedDocuments: 2, progress: 0.5 }));
      await waitFor(() => expect(counts()).toBe("2 of 4 documents processed · 50% · 2 to go"));
      expect(screen.getByText("Live")).toBeTruthy();
      expect(mock.named("MonitorSnapshot")).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
