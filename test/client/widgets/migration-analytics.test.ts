// @vitest-environment happy-dom
// MigrationAnalytics with a mocked urql client: the headline figures, the chart as a described image
// with one bar pair per bucket and its data table, top errors and time per stage, the empty state, an
// error, and reading again when refreshKey changes (not on mount).
import { createElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import { CombinedError } from "urql";
import { fromValue } from "wonka";
import { MigrationAnalytics } from "../../../client/widgets/index.ts";
import { mockClient } from "./mock-client.ts";

afterEach(cleanup);

const bucket = (minute: number, completed: number, failed: number) => ({
  __typename: "MigrationStatsBucket",
  start: new Date(Date.UTC(2026, 0, 5, 10, minute)).toISOString(),
  completed,
  failed,
  documentsPerMinute: completed,
  failedPerMinute: failed,
});

const stats = (migrations = 3) => ({
  migrationStats: {
    __typename: "MigrationStats",
    migrations,
    documentsMigrated: 12,
    documentsFailed: 3,
    documentsSkipped: 1,
    failureRate: 0.2,
    itemDurationP50Ms: 850,
    itemDurationP95Ms: 4200,
    documentsPerMinute: 7.5,
    topErrors: [
      { __typename: "MigrationErrorCount", stage: "INGESTOR", message: "vector size rejected", count: 2 },
      { __typename: "MigrationErrorCount", stage: null, message: "source document is gone", count: 1 },
    ],
    timePerStage: [
      {
        __typename: "StageStats",
        stage: "INGESTOR",
        runs: 15,
        failures: 3,
        avgMs: 900,
        p50Ms: 800,
        p95Ms: 2500,
      },
    ],
    bucket: "MINUTE",
    timeline: [bucket(0, 5, 0), bucket(1, 0, 0), bucket(2, 7, 3)],
  },
});

const figure = (label: string) => screen.getByText(label, { selector: "dt" }).nextElementSibling!.textContent;

describe("MigrationAnalytics", () => {
  it("shows the figures, a described chart with its data table, top errors and time per stage", async () => {
    const mock = mockClient({ AnalyticsStats: () => fromValue({ data: stats() }) });
    render(createElement(MigrationAnalytics, { realmId: "r1" }), { wrapper: mock.wrapper });
    await waitFor(() => expect(figure("Documents migrated")).toBe("12"));
    expect(mock.named("AnalyticsStats")[0]!.variables).toEqual({ realmId: "r1" });
    expect(figure("Failure rate")).toBe("20%");
    expect(figure("Item time p50")).toBe("850 ms");
    expect(figure("Item time p95")).toBe("4.2 s");
    expect(figure("Throughput")).toBe("7.5 / min");
    expect(figure("Migrations")).toBe("3");

    const chart = screen.getByRole("img");
    const title = document.getElementById(chart.getAttribute("aria-labelledby")!)!;
    const desc = document.getElementById(chart.getAttribute("aria-describedby")!)!;
    expect(title.textContent).toBe("Throughput and failures per minute: documents migrated and failed in each minute");
    expect(desc.textContent).toMatch(
      /^3 minute\(s\) from .*\. 12 document\(s\) migrated, most \(7\) in the minute of .*; 3 failure\(s\) in all\.$/,
    );
    // A bar pair per bucket; empty ones have no height.
    expect(chart.querySelectorAll("rect.rms-chart__throughput")).toHaveLength(3);
    expect(
      [...chart.querySelectorAll("rect.rms-chart__failures")].map((r) => Number(r.getAttribute("height")) > 0),
    ).toEqual([false, false, true]);
    // The data table sits beside the chart, always shown.
    const table = within(screen.getByRole("table", { name: "Data table" }));
    expect(
      table
        .getAllByRole("row")
        .slice(1)
        .map((r) => r.querySelector("td:nth-child(2)")!.textContent),
    ).toEqual(["5", "0", "7"]);

    expect(chart.textContent).toContain("documents");

    const errors = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(errors).toEqual(["2×ingestorvector size rejected", "1×source document is gone"]);
    const stage = screen.getByRole("rowheader", { name: "ingestor" }).closest("tr")!;
    expect([...stage.querySelectorAll("td")].map((td) => td.textContent)).toEqual([
      "15",
      "3",
      "900 ms",
      "800 ms",
      "2.5 s",
    ]);
  });

  it("plots what happened in each bucket (counts), not a per-minute rate extrapolated from a short run", async () => {
    const data = stats();
    // 5 documents in a few seconds: the API's rate says 162/min, the chart must say 5.
    data.migrationStats.timeline = [{ ...bucket(0, 5, 0), documentsPerMinute: 162, failedPerMinute: 0 }];
    const mock = mockClient({ AnalyticsStats: () => fromValue({ data }) });
    render(createElement(MigrationAnalytics, { realmId: "r1" }), { wrapper: mock.wrapper });
    const chart = await screen.findByRole("img");
    const ticks = [...chart.querySelectorAll(".rms-chart__grid text")].map((t) => t.textContent);
    expect(ticks).toEqual(["0", "3", "5"]); // whole documents on the axis
    expect(chart.querySelector("rect.rms-chart__throughput title")!.textContent).toMatch(/: 5 document\(s\) migrated$/);
    const row = within(screen.getByRole("table", { name: "Data table" })).getAllByRole("row")[1]!;
    expect([...row.querySelectorAll("td")].map((td) => td.textContent).slice(1)).toEqual(["5", "0", "162", "0"]);
  });

  it("says when there are no migrations, and reads again when refreshKey changes", async () => {
    const mock = mockClient({ AnalyticsStats: () => fromValue({ data: stats(0) }) });
    const view = render(createElement(MigrationAnalytics, { refreshKey: 1 }), { wrapper: mock.wrapper });
    await waitFor(() => expect(screen.getByText("No migrations yet.")).toBeTruthy());
    expect(screen.queryByRole("img")).toBeNull();
    expect(mock.named("AnalyticsStats")).toHaveLength(1);
    view.rerender(createElement(MigrationAnalytics, { refreshKey: 2 }));
    await waitFor(() => expect(mock.named("AnalyticsStats")).toHaveLength(2));
  });

  it("shows an error", async () => {
    const mock = mockClient({
      AnalyticsStats: () =>
        fromValue({ error: new CombinedError({ graphQLErrors: [{ message: "Realm was not found" }] }) }),
    });
    render(createElement(MigrationAnalytics, { realmId: "gone" }), { wrapper: mock.wrapper });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Realm was not found/));
  });
});
