// @vitest-environment happy-dom
// RealmDatabaseAdditionDialog with a mocked urql client: every document selected by default (sent as
// the filter {}), unticking sends explicit ids, an unattached database is attached first, and errors.
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { fromValue, never } from "wonka";
import { RealmDatabaseAdditionDialog } from "../../../client/widgets/index.ts";
import { mockClient } from "./mock-client.ts";

afterEach(cleanup);

function documents(attached: boolean) {
  return {
    realm: {
      __typename: "Realm",
      id: "r1",
      databases: attached ? [{ database: { __typename: "Database", id: "db-new" } }] : [],
    },
    documents: {
      __typename: "QueryDocumentsConnection",
      totalCount: 3,
      pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: "c3" },
      edges: ["Alpha", "Beta", "Gamma"].map((title, i) => ({
        node: { __typename: "Document", id: `d${i}`, title, status: "READY" },
      })),
    },
  };
}

const CREATED = {
  createMigration: {
    __typename: "MutationCreateMigrationSuccess",
    data: { id: "m9", status: "PENDING", totalDocuments: 3 },
  },
};

function setup(attached: boolean, overrides: Record<string, any> = {}) {
  const mock = mockClient({
    AdditionDocuments: () => fromValue({ data: documents(attached) }),
    AdditionAttach: () =>
      fromValue({
        data: {
          addDatabaseToRealm: {
            __typename: "MutationAddDatabaseToRealmSuccess",
            data: { realmDatabase: { addedAt: "now" } },
          },
        },
      }),
    SdkCreateMigration: () => fromValue({ data: CREATED }),
    ...overrides,
  });
  const onStarted = vi.fn();
  render(
    createElement(RealmDatabaseAdditionDialog, {
      open: true,
      realm: { id: "r1", name: "research" },
      database: { id: "db-new", name: "vectors", kind: "QDRANT" },
      onClose: vi.fn(),
      onStarted,
    }),
    { wrapper: mock.wrapper },
  );
  return { mock, onStarted };
}

const startButton = () => screen.getByRole("button", { name: /^Ingest/ }) as HTMLButtonElement;

describe("RealmDatabaseAdditionDialog", () => {
  it("shows a loading state", () => {
    setup(true, { AdditionDocuments: () => never });
    expect(screen.getByText("Loading documents…")).toBeTruthy();
    expect(startButton().disabled).toBe(true);
  });

  it("selects every document by default and backfills them all with the filter {}", async () => {
    const { mock, onStarted } = setup(true);
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(3));
    expect((screen.getByLabelText("Select all 3 documents") as HTMLInputElement).checked).toBe(true);
    expect(startButton().textContent).toBe("Ingest 3 documents");
    fireEvent.click(startButton());
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(CREATED.createMigration.data));
    expect(mock.named("AdditionAttach")).toHaveLength(0);
    expect(mock.named("SdkCreateMigration")[0]!.variables.input).toEqual({
      type: "REALM_DATABASE_ADDITION",
      sourceRealmId: "r1",
      targetRealmId: "r1",
      options: { targetDatabases: ["db-new"] },
      filter: {},
    });
  });

  it("sends the ticked documents, attaching the database first when it is not attached", async () => {
    const { mock } = setup(false);
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(3));
    expect(screen.getByText("vectors will be attached to the realm first.")).toBeTruthy();
    fireEvent.click(screen.getByLabelText(/Beta/));
    const selectAll = screen.getByLabelText("Select all 3 documents") as HTMLInputElement;
    expect(selectAll.checked).toBe(false); // partly selected (the browser test checks it shows as mixed)
    expect(startButton().textContent).toBe("Ingest 2 documents");
    fireEvent.click(startButton());
    await waitFor(() => expect(mock.named("SdkCreateMigration")).toHaveLength(1));
    expect(mock.calls.map((c) => c.name)).toEqual(["AdditionDocuments", "AdditionAttach", "SdkCreateMigration"]);
    expect(mock.named("AdditionAttach")[0]!.variables).toEqual({ realmId: "r1", databaseId: "db-new" });
    expect(mock.named("SdkCreateMigration")[0]!.variables.input.documentIds).toEqual(["d0", "d2"]);

    fireEvent.click(selectAll); // a partial selection becomes all…
    expect(startButton().textContent).toBe("Ingest 3 documents");
    fireEvent.click(selectAll); // …then none
    expect(startButton().disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(/Gamma/));
    expect(startButton().textContent).toBe("Ingest 1 document");
  });

  it("shows why the backfill was refused", async () => {
    setup(true, {
      SdkCreateMigration: () =>
        fromValue({
          data: {
            createMigration: {
              __typename: "InvalidInputError",
              code: "INVALID_INPUT",
              message: "Name the newly attached database(s).",
              path: ["targetDatabases"],
            },
          },
        }),
    });
    await waitFor(() => expect(startButton().disabled).toBe(false));
    fireEvent.click(startButton());
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Name the newly attached database(s)."));
  });
});
