// @vitest-environment happy-dom
// MigrationHistory with a mocked urql client: loading, a page of migrations, the status filter and
// cursor paging (the variables sent), an empty result, an error, selecting a migration, and how many
// documents a rollback undid.
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { CombinedError } from "urql";
import { fromValue, makeSubject, never, type Subject } from "wonka";
import { MigrationHistory } from "../../../client/widgets/index.ts";
import { mockClient } from "./mock-client.ts";

afterEach(cleanup);

const UUID1 = "6f1c2d3e-1111-4222-8333-000000000001";

function row(n: number, status = "COMPLETED") {
  return {
    __typename: "QueryMigrationsConnectionEdge",
    node: {
      __typename: "Migration",
      id: `m${n}`,
      type: "DOCUMENT_TO_REALM",
      status,
      sourceRealm: { __typename: "Realm", id: "r1", name: "research" },
      targetRealm: { __typename: "Realm", id: "r2", name: "archive" },
      totalDocuments: 4,
      processedDocuments: status === "COMPLETED" || status === "ROLLED_BACK" ? 4 : 1,
      failedDocuments: status === "FAILED" ? 3 : 0,
      rolledBackDocuments: status === "ROLLED_BACK" ? 4 : 0,
      progress: 1,
      lastSequence: 1,
      createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
      completedAt: null,
    },
  };
}

function page(variables: Record<string, any>) {
  const all = [1, 2, 3, 4, 5].map((n) => row(n, n === 5 ? "FAILED" : "COMPLETED"));
  const filtered = variables.status ? all.filter((e) => e.node.status === variables.status) : all;
  const start = variables.after ? Number(variables.after) : 0;
  const edges = filtered.slice(start, start + variables.first);
  return {
    migrations: {
      __typename: "QueryMigrationsConnection",
      totalCount: filtered.length,
      pageInfo: {
        __typename: "PageInfo",
        hasNextPage: start + variables.first < filtered.length,
        endCursor: String(start + variables.first),
      },
      edges,
    },
  };
}

const rows = () =>
  Array.from(document.querySelectorAll("tbody tr")).map((r) => r.querySelector("td:nth-child(4)")!.textContent);

describe("MigrationHistory", () => {
  it("shows a loading state", () => {
    const mock = mockClient({ HistoryMigrations: () => never });
    render(createElement(MigrationHistory, {}), { wrapper: mock.wrapper });
    expect(screen.getByText("Loading migrations…")).toBeTruthy();
  });

  it("pages with cursors, filters by status, and selects a migration", async () => {
    const mock = mockClient({ HistoryMigrations: (v) => fromValue({ data: page(v) }) });
    const onSelect = vi.fn();
    render(createElement(MigrationHistory, { realmId: "r1", pageSize: 2, onSelect }), { wrapper: mock.wrapper });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByText(/Page 1 of 3 · 5 migrations/)).toBeTruthy();
    expect(mock.named("HistoryMigrations").at(-1)!.variables).toEqual({
      realmId: "r1",
      status: null,
      first: 2,
      after: null,
    });
    const previous = screen.getByRole("button", { name: "Previous" }) as HTMLButtonElement;
    expect(previous.disabled).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(screen.getByText(/Page 2 of 3/)).toBeTruthy());
    expect(mock.named("HistoryMigrations").at(-1)!.variables.after).toBe("2");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(screen.getByText(/Page 3 of 3/)).toBeTruthy());
    expect(rows()).toEqual(["Failed"]);
    expect(document.querySelector("tbody tr")!.textContent).toMatch(/1\/4 · 3 failed/);
    expect((screen.getByRole("button", { name: "Next" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Previous" }));
    await waitFor(() => expect(screen.getByText(/Page 2 of 3/)).toBeTruthy());

    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "FAILED" } });
    await waitFor(() => expect(screen.getByText(/Page 1 of 1 · 1 migrations/)).toBeTruthy());
    expect(mock.named("HistoryMigrations").at(-1)!.variables).toEqual({
      realmId: "r1",
      status: "FAILED",
      first: 2,
      after: null,
    });
    fireEvent.click(screen.getByRole("button", { name: /^Show/ }));
    expect(onSelect).toHaveBeenCalledWith("m5");
  });

  it("says how many documents a rollback undid", async () => {
    const { migrations } = page({ first: 10 });
    const edges = [row(1, "ROLLED_BACK"), row(2)];
    const mock = mockClient({ HistoryMigrations: () => fromValue({ data: { migrations: { ...migrations, edges } } }) });
    render(createElement(MigrationHistory, {}), { wrapper: mock.wrapper });
    await waitFor(() => expect(rows()).toEqual(["Rolled back", "Completed"]));
    const documents = Array.from(document.querySelectorAll("tbody td:nth-child(5)"), (cell) => cell.textContent);
    expect(documents).toEqual(["4/4 · 4 rolled back", "4/4"]);
  });

  it("says when nothing matches the filter", async () => {
    const mock = mockClient({ HistoryMigrations: (v) => fromValue({ data: page(v) }) });
    render(createElement(MigrationHistory, {}), { wrapper: mock.wrapper });
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "CANCELLED" } });
    await waitFor(() => expect(screen.getByText("No cancelled migrations.")).toBeTruthy());
  });

  it("follows the realm's migration events: counts and status move in place, a new migration reads the page again", async () => {
    const edges = [
      { ...row(1, "IN_PROGRESS"), node: { ...row(1, "IN_PROGRESS").node, processedDocuments: 0, progress: 0 } },
    ];
    const subjects: Array<Subject<any>> = [];
    let status = "IN_PROGRESS";
    const mock = mockClient({
      HistoryMigrations: () => {
        // Like the API: the connection and the events both name it by its global id.
        const node = {
          ...edges[0]!.node,
          id: btoa(`Migration:${UUID1}`),
          status,
          processedDocuments: status === "COMPLETED" ? 4 : 0,
          lastSequence: 9,
        };
        return fromValue({
          data: { migrations: { ...page({ first: 10 }).migrations, totalCount: 1, edges: [{ ...edges[0], node }] } },
        });
      },
      HistoryRealmEvents: () => {
        const subject = makeSubject<any>();
        subjects.push(subject);
        return subject.source;
      },
    });
    render(createElement(MigrationHistory, { realmId: "r1" }), { wrapper: mock.wrapper });
    await waitFor(() => expect(rows()).toEqual(["In progress"]));
    expect(mock.named("HistoryRealmEvents")[0]!.variables).toEqual({ realmId: "r1" });
    const documents = () => document.querySelector("tbody td:nth-child(5)")!.textContent;
    expect(documents()).toBe("0/4 (0%)");
    const event = (sequence: number, type: string, fields: Record<string, unknown>) =>
      subjects[0]!.next({
        data: {
          realmMigrationEvents: {
            __typename: "MigrationEvent",
            migrationId: btoa(`Migration:${UUID1}`),
            sequence,
            type,
            status: "IN_PROGRESS",
            totalDocuments: 4,
            processedDocuments: 0,
            failedDocuments: 0,
            rolledBackDocuments: 0,
            progress: 0,
            ...fields,
          },
        },
      });
    const queries = mock.named("HistoryMigrations").length;
    event(10, "ITEM_COMPLETED", { processedDocuments: 2, progress: 0.5 });
    await waitFor(() => expect(documents()).toBe("2/4 (50%)"));
    event(8, "ITEM_COMPLETED", { processedDocuments: 1, progress: 0.25 }); // older than what is shown
    await new Promise((r) => setTimeout(r, 300));
    expect(documents()).toBe("2/4 (50%)");
    expect(mock.named("HistoryMigrations")).toHaveLength(queries); // counts alone: no query

    status = "COMPLETED";
    event(11, "MIGRATION_COMPLETED", { status: "COMPLETED", processedDocuments: 4, progress: 1 });
    await waitFor(() => expect(rows()).toEqual(["Completed"]));
    expect(documents()).toBe("4/4");
    expect(mock.named("HistoryMigrations")).toHaveLength(queries); // patched in place

    // A migration the page does not show: the page is read again.
    subjects[0]!.next({
      data: {
        realmMigrationEvents: {
          __typename: "MigrationEvent",
          migrationId: "m-new",
          sequence: 1,
          type: "MIGRATION_CREATED",
          status: "PENDING",
          totalDocuments: 2,
          processedDocuments: 0,
          failedDocuments: 0,
          rolledBackDocuments: 0,
          progress: 0,
        },
      },
    });
    await waitFor(() => expect(mock.named("HistoryMigrations").length).toBeGreaterThan(queries));
    expect(documents()).toBe("4/4");
  });

  it("shows an error", async () => {
    const mock = mockClient({
      HistoryMigrations: () =>
        fromValue({ error: new CombinedError({ graphQLErrors: [{ message: "Authentication required" }] }) }),
    });
    render(createElement(MigrationHistory, {}), { wrapper: mock.wrapper });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Authentication required/));
  });
});
