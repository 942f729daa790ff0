// @vitest-environment happy-dom
// DocumentMigrationDialog with a mocked urql client: realms load (the source is not offered), every
// change of the choices plans again and shows the preview, conflicts block "Start migration" until a
// policy resolves them, typed errors are shown, and Start creates exactly the planned migration.
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { fromValue, never } from "wonka";
import { DocumentMigrationDialog } from "../../../client/widgets/index.ts";
import { mockClient } from "./mock-client.ts";

afterEach(cleanup);

const REALMS = [
  { __typename: "Realm", id: "r1", name: "research", documentCount: 3 },
  { __typename: "Realm", id: "r2", name: "archive", documentCount: 1 },
  { __typename: "Realm", id: "r3", name: "legal", documentCount: 0 },
];

function plan(input: any) {
  const conflicts = input.targetRealmId === "r2" && input.options.conflictPolicy === "FAIL" ? 1 : 0;
  const renamed = input.targetRealmId === "r2" && input.options.conflictPolicy === "RENAME" ? 1 : 0;
  const stages = input.options.copyStageFiles
    ? input.options.reprocessStages
    : ["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"];
  return {
    planMigration: {
      __typename: "MutationPlanMigrationSuccess",
      data: {
        totalDocuments: 3,
        toCreate: 3 - conflicts - renamed,
        toRename: renamed,
        toSkip: 0,
        conflicts,
        bytesReferenced: 4096,
        options: { reprocessStages: input.options.reprocessStages, targetDatabases: ["db-1"] },
        targetDatabaseHealth:
          input.targetRealmId === "r3"
            ? []
            : [
                {
                  ok: input.targetRealmId !== "r1",
                  message: "connect ECONNREFUSED 127.0.0.1:6333",
                  database: { id: "db-1", name: "vectors", kind: "QDRANT" },
                },
              ],
        warnings:
          input.targetRealmId === "r3"
            ? [
                {
                  code: "NO_TARGET_DATABASE",
                  message: "Realm legal has no database: documents would be ingested nowhere.",
                  database: null,
                },
              ]
            : [],
        documents: ["Alpha", "Beta", "Gamma"].map((title, i) => ({
          documentId: `d${i}`,
          title,
          action: i === 0 && conflicts ? "CONFLICT" : i === 0 && renamed ? "RENAME" : "CREATE",
          targetTitle: i === 0 && renamed ? `${title} (2)` : title,
          stagesRerun: stages,
        })),
      },
    },
  };
}

function setup(overrides: Record<string, any> = {}) {
  const mock = mockClient({
    MigrationDialogRealms: () => fromValue({ data: { realms: REALMS } }),
    MigrationDialogPlan: (v) => fromValue({ data: plan(v.input) }),
    SdkCreateMigration: () =>
      fromValue({
        data: {
          createMigration: {
            __typename: "MutationCreateMigrationSuccess",
            data: { id: "m1", status: "PENDING", totalDocuments: 3 },
          },
        },
      }),
    ...overrides,
  });
  const onStarted = vi.fn();
  const onClose = vi.fn();
  render(
    createElement(DocumentMigrationDialog, {
      open: true,
      sourceRealm: { id: "r1", name: "research" },
      documentIds: ["d0", "d1", "d2"],
      onClose,
      onStarted,
    }),
    { wrapper: mock.wrapper },
  );
  return { mock, onStarted, onClose };
}

const targetOptions = () => within(screen.getByLabelText("Target realm")).getAllByRole("option");
const start = () => screen.getByRole("button", { name: "Start migration" }) as HTMLButtonElement;
/** Start stays in the Tab order when it is not offered: aria-disabled, not disabled. */
const startBlocked = () => {
  expect(start().disabled).toBe(false);
  return start().getAttribute("aria-disabled") === "true";
};
const preview = () => within(screen.getByRole("region", { name: "Preview" }));
const count = (label: string) => preview().getByText(label, { selector: "dt" }).nextElementSibling!.textContent;

describe("DocumentMigrationDialog", () => {
  it("is a labelled modal dialog that offers every realm but the source", async () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "Migrate documents" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    await waitFor(() => expect(targetOptions()).toHaveLength(3));
    const labels = targetOptions().map((o) => o.textContent);
    expect(labels).toEqual(["Choose a realm", "archive (1 documents)", "legal (0 documents)"]);
    expect(document.activeElement).toBe(screen.getByLabelText("Target realm"));
    expect(startBlocked()).toBe(true);
  });

  it("shows a loading state while the realms load", () => {
    setup({ MigrationDialogRealms: () => never });
    expect(screen.getByRole("option", { name: "Loading realms…" })).toBeTruthy();
  });

  it("plans on every change, blocks Start on conflicts, and starts the planned migration", async () => {
    const { mock, onStarted, onClose } = setup();
    await waitFor(() => expect(targetOptions()).toHaveLength(3));
    fireEvent.change(screen.getByLabelText("Target realm"), { target: { value: "r2" } });
    await waitFor(() => expect(count("Conflicts")).toBe("1"));
    expect(screen.getByText(/1 title exists in the target realm/)).toBeTruthy();
    expect(startBlocked()).toBe(true);
    expect(mock.named("MigrationDialogPlan").at(-1)!.variables.input).toEqual({
      type: "DOCUMENT_TO_REALM",
      sourceRealmId: "r1",
      targetRealmId: "r2",
      documentIds: ["d0", "d1", "d2"],
      options: { migrationMode: "COPY", copyStageFiles: true, reprocessStages: ["INGESTOR"], conflictPolicy: "FAIL" },
    });

    fireEvent.change(screen.getByLabelText("When a title already exists in the target"), {
      target: { value: "RENAME" },
    });
    await waitFor(() => expect(count("Renamed")).toBe("1"));
    expect(preview().getByText(/Alpha → Alpha \(2\)/)).toBeTruthy();

    fireEvent.click(screen.getByLabelText(/^Move/));
    fireEvent.click(screen.getByLabelText(/Copy stage files/));
    fireEvent.click(screen.getByLabelText("chunker"));
    await waitFor(() =>
      expect(mock.named("MigrationDialogPlan").at(-1)!.variables.input.options.migrationMode).toBe("MOVE"),
    );
    await waitFor(() =>
      expect(
        preview().getByText(/pulled in because their inputs are not copied: markdown-conversion, fact-generator/),
      ).toBeTruthy(),
    );
    const last = mock.named("MigrationDialogPlan").at(-1)!.variables.input;
    expect(last.options).toEqual({
      migrationMode: "MOVE",
      copyStageFiles: false,
      reprocessStages: ["CHUNKER", "INGESTOR"],
      conflictPolicy: "RENAME",
    });
    await waitFor(() => expect(startBlocked()).toBe(false));

    fireEvent.click(start());
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith({ id: "m1", status: "PENDING", totalDocuments: 3 }));
    expect(mock.named("SdkCreateMigration")[0]!.variables.input).toEqual(last);
    expect(onClose).toHaveBeenCalled();
  });

  it("shows a typed planning error and a refused start", async () => {
    let refuse = false;
    setup({
      MigrationDialogPlan: () =>
        fromValue({
          data: refuse
            ? {
                planMigration: {
                  __typename: "InvalidInputError",
                  code: "INVALID_INPUT",
                  message: "Database x is not attached.",
                  path: ["targetDatabases"],
                },
              }
            : plan({
                targetRealmId: "r3",
                options: { conflictPolicy: "FAIL", reprocessStages: ["INGESTOR"], copyStageFiles: true },
              }),
        }),
      SdkCreateMigration: () =>
        fromValue({
          data: {
            createMigration: {
              __typename: "ForbiddenError",
              code: "FORBIDDEN",
              message: "You need EDITOR on legal.",
              path: null,
            },
          },
        }),
    });
    await waitFor(() => expect(targetOptions()).toHaveLength(3));
    fireEvent.change(screen.getByLabelText("Target realm"), { target: { value: "r3" } });
    await waitFor(() => expect(startBlocked()).toBe(false));
    fireEvent.click(start());
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("You need EDITOR on legal."));

    refuse = true;
    fireEvent.change(screen.getByLabelText("When a title already exists in the target"), { target: { value: "SKIP" } });
    await waitFor(() => expect(screen.getAllByRole("alert")[0]!.textContent).toBe("Database x is not attached."));
    expect(startBlocked()).toBe(true);
  });

  it("names the target databases with their health and warns when the target realm has none", async () => {
    setup();
    await waitFor(() => expect(targetOptions()).toHaveLength(3));
    fireEvent.change(screen.getByLabelText("Target realm"), { target: { value: "r2" } });
    await waitFor(() => expect(preview().getByRole("list", { name: "Target databases" })).toBeTruthy());
    const database = preview().getByRole("list", { name: "Target databases" }).querySelector("li")!;
    expect(database.textContent).toBe("Reachable vectors (qdrant)");
    expect(preview().getByRole("heading", { name: "Into 1 database" })).toBeTruthy();
    expect(preview().queryByRole("list", { name: "Warnings" })).toBeNull();

    fireEvent.change(screen.getByLabelText("Target realm"), { target: { value: "r3" } });
    await waitFor(() =>
      expect(preview().getByRole("list", { name: "Warnings" }).textContent).toBe(
        "Realm legal has no database: documents would be ingested nowhere.",
      ),
    );
    expect(preview().queryByRole("list", { name: "Target databases" })).toBeNull();
  });

  it("keeps a blocked Start focusable, says why through aria-describedby, and ignores clicks on it", async () => {
    const { mock } = setup();
    await waitFor(() => expect(targetOptions()).toHaveLength(3));
    expect(startBlocked()).toBe(true);
    const reason = () => document.getElementById(start().getAttribute("aria-describedby")!)!.textContent;
    expect(reason()).toBe("Choose a target realm first.");
    fireEvent.change(screen.getByLabelText("Target realm"), { target: { value: "r2" } });
    await waitFor(() => expect(reason()).toBe("1 title exists in the target realm: choose to skip or rename them."));
    start().focus();
    expect(document.activeElement).toBe(start());
    fireEvent.click(start());
    expect(mock.named("SdkCreateMigration")).toHaveLength(0);
  });

  it("closes on Escape", () => {
    const { onClose } = setup();
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });
});
