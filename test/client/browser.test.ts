// The demo page in Debian's Chromium against a real server: sign in with ?token=, create a migration
// through the dialog, watch the monitor reach 100% through the subscription (no HTTP request at all
// while the events stream in), read the realm's analytics, cancel one migration, retry a failed one and
// roll it back, filter the history, and backfill a newly added database; documents turn READY and the history
// moves without a reload, cancelled and failed runs say what happened, a multi-file upload reports each file,
// the plan warns about missing or unreachable databases, a document opens in detail, the page fits 390 px, and
// axe-core finds no serious or critical violation on any screen. Screenshots go to test-output/browser/ for review.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "vite";
import type { Page } from "playwright-core";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { Faults } from "../helpers/faults.ts";
import { createEmbeddedDatabase, createRealm, processedDocuments } from "../helpers/fixtures.ts";
import { DEFAULT_DEMO_DIR } from "../../server/static.ts";
import { createMigrationClient } from "../../client/sdk/index.ts";
import { chromiumAvailable, launchChromium, type Browser } from "./browser/chromium.ts";
import { NetworkLog } from "./browser/network-log.ts";
import { seriousViolations } from "./browser/axe.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCREENSHOTS = path.join(ROOT, "test-output", "browser");

describe.runIf(chromiumAvailable())("demo page in Chromium", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let log: NetworkLog;
  let targetRealm: string;
  let extraDatabase: string;
  const faults = new Faults();
  const cspViolations: string[] = [];

  beforeAll(async () => {
    // Always test what the sources say: build the demo into dist/demo, where the server serves it from.
    await build({ configFile: path.join(ROOT, "vite.config.ts"), logLevel: "warn" });
    expect(await fs.stat(path.join(DEFAULT_DEMO_DIR, "index.html"))).toBeTruthy();
    await fs.mkdir(SCREENSHOTS, { recursive: true });

    t = await createTestApp(
      "pglite",
      { MIGRATION_CONCURRENCY: "1", MIGRATION_MAX_ATTEMPTS: "2" },
      { wrapConnector: (connector, db) => (db.name === "browser-target-db" ? faults.wrap(connector) : connector) },
    );
    base = await t.app.start(0, "127.0.0.1");
    const source = await createRealm(t, "browser-source");
    targetRealm = await createRealm(t, "browser-target");
    await createEmbeddedDatabase(t, "browser-source-db", source);
    await createEmbeddedDatabase(t, "browser-target-db", targetRealm);
    extraDatabase = await createEmbeddedDatabase(t, "browser-extra-db");
    await processedDocuments(t, source, 4, "report");

    browser = await launchChromium();
    page = browser.page;
    log = new NetworkLog(page);
    // The page runs under the server's Content-Security-Policy: Chromium reports every blocked load here.
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  /** axe-core over the page as it is: no serious or critical violation. */
  const audit = async () => expect(await seriousViolations(page)).toEqual([]);
  const monitor = () => page.locator("section.rms-monitor");
  const counts = () => monitor().getByRole("status");

  /** Opens the migration dialog for all documents and plans a copy to the target realm. */
  async function planCopy(policy: "FAIL" | "RENAME") {
    await page.getByRole("button", { name: "Migrate all documents…" }).click();
    const dialog = page.getByRole("dialog", { name: "Migrate documents" });
    await dialog.getByLabel("Target realm").selectOption(targetRealm);
    await dialog.getByLabel("When a title already exists in the target").selectOption(policy);
    await expect.poll(() => dialog.getByRole("button", { name: "Start migration" }).isEnabled()).toBe(true);
    return dialog;
  }

  it("signs in from ?token= and removes the token from the address bar", async () => {
    await page.goto(`${base}/?token=${t.adminToken}`);
    await page.getByRole("button", { name: /browser-source/ }).click();
    await shot("00-signed-in");
    await expect
      .poll(() => page.getByRole("cell", { name: "report-3.md", exact: true }).count(), { timeout: 10_000 })
      .toBe(1);
    expect(new URL(page.url()).searchParams.get("token")).toBeNull();
    expect(await page.evaluate(() => sessionStorage.getItem("rms-token"))).toBe(t.adminToken);
    await audit();
  });

  it("keeps focus inside the dialog and gives it back on Escape", async () => {
    const opener = page.getByRole("button", { name: "Migrate all documents…" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: "Migrate documents" });
    await expect
      .poll(() => dialog.getByLabel("Target realm").evaluate((el) => el === document.activeElement))
      .toBe(true);
    for (let i = 0; i < 20; i++) await page.keyboard.press("Tab");
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("Escape");
    expect(await dialog.count()).toBe(0);
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("previews the plan, starts the migration, and the monitor reaches 100% from the subscription alone", async () => {
    const dialog = await planCopy("FAIL");
    const preview = dialog.getByRole("region", { name: "Preview" });
    await expect.poll(() => preview.locator("dt:text-is('To create') + dd").textContent()).toBe("4");
    expect(await preview.locator("dt:text-is('Conflicts') + dd").textContent()).toBe("0");
    expect(await preview.getByRole("list", { name: "Target databases" }).textContent()).toBe(
      "Reachable browser-target-db (embedded)",
    );
    await audit();
    await shot("01-migration-dialog");

    faults.ingestDelayMs = 700; // slow enough to see it mid-way
    const started = log.mark();
    await dialog.getByRole("button", { name: "Start migration" }).click();
    await expect.poll(() => counts().textContent(), { timeout: 20_000 }).toMatch(/^[123] of 4 documents processed/);
    // Focus went to the new monitor, not back to the button that opened the dialog.
    expect(await monitor().evaluate((el) => el === document.activeElement)).toBe(true);
    // The history row moves with the migration (realmMigrationEvents), not only when it ends.
    const historyRow = page.locator("section.rms-history tbody tr").first();
    await expect
      .poll(() => historyRow.locator("td:nth-child(5)").textContent(), { timeout: 20_000 })
      .toMatch(/^[123]\/4/);
    expect(await historyRow.locator(".rms-badge").textContent()).toBe("In progress");
    await shot("02-monitor-mid-progress");
    await expect.poll(() => counts().textContent(), { timeout: 30_000 }).toMatch(/^4 of 4 documents processed · 100%/);
    await expect.poll(() => monitor().locator(".rms-badge").textContent()).toBe("Completed");
    await expect.poll(() => historyRow.locator(".rms-badge").textContent()).toBe("Completed");
    expect(await historyRow.locator("td:nth-child(5)").textContent()).toBe("4/4");
    await audit();
    await shot("03-monitor-completed");
    faults.ingestDelayMs = 0;

    // No snapshot query at all: createMigration's result is the monitor's snapshot (it renders at once);
    // everything after came over the WebSocket.
    expect(log.operations(started).filter((op) => op === "SdkMigration")).toHaveLength(0);
    const events = log.progressEvents(started);
    expect(events.filter((e) => e.type === "ITEM_COMPLETED")).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: "MIGRATION_COMPLETED", status: "COMPLETED" });
    // While the events streamed in, nothing at all went over HTTP: no polling.
    const firstEvent = events[0]!.at;
    const lastEvent = events.at(-1)!.at;
    expect(lastEvent - firstEvent).toBeGreaterThan(1500);
    expect(log.operations(firstEvent + 1, lastEvent - 1)).toEqual([]);
    // The monitor subscribed after the snapshot's sequence, not from the beginning.
    expect(log.progressSubscriptions(started)[0]!.afterSequence).toBeGreaterThanOrEqual(1);
  });

  it("shows the realm's analytics after the migration: figures, chart with its data table, stage times", async () => {
    const analytics = page.getByRole("region", { name: "Migration analytics" });
    const figure = (label: string) => analytics.locator(`dt:text-is('${label}') + dd`);
    await expect.poll(() => figure("Documents migrated").textContent(), { timeout: 10_000 }).toBe("4");
    expect(await figure("Migrations").textContent()).toBe("1");
    expect(await figure("Failure rate").textContent()).toBe("0%");
    expect(await figure("Throughput").textContent()).toMatch(/^\d[\d.,]* \/ min$/);
    expect(await figure("Item time p95").textContent()).toMatch(/^\d[\d.]* (ms|s|min)$/);
    expect(await analytics.getByRole("img", { name: /^Throughput and failures per minute/ }).count()).toBe(1);
    expect(await analytics.getByRole("table", { name: "Data table" }).isVisible()).toBe(true);
    const migrated = await analytics.locator(".rms-chart__data tbody td:nth-child(2)").allTextContents();
    expect(migrated.reduce((sum, n) => sum + Number(n), 0)).toBe(4);
    expect(await analytics.getByRole("rowheader", { name: "ingestor" }).count()).toBe(1);
    await analytics.scrollIntoViewIfNeeded();
    await shot("03a-analytics");
  });

  it("cancels a running migration", async () => {
    faults.ingestDelayMs = 800;
    const dialog = await planCopy("RENAME");
    expect(await dialog.locator("dt:text-is('Renamed') + dd").textContent()).toBe("4");
    await dialog.getByRole("button", { name: "Start migration" }).click();
    await expect.poll(() => monitor().locator(".rms-badge").textContent(), { timeout: 20_000 }).toBe("In progress");
    await monitor().getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => monitor().locator(".rms-badge").textContent(), { timeout: 30_000 }).toBe("Cancelled");
    expect(await counts().textContent()).toMatch(/cancelled/);
    expect(await counts().textContent()).not.toMatch(/100%/);
    expect(await monitor().getByRole("button", { name: "Cancel" }).isDisabled()).toBe(true);
    // Cancelled, not completed: its own segment of the bar and a "Cancelled" time.
    expect(await monitor().locator('.rms-segments [data-segment="cancelled"]').count()).toBe(1);
    expect(await monitor().locator("dt", { hasText: "Completed" }).count()).toBe(0);
    expect(await monitor().locator("dt:text-is('Cancelled') + dd").textContent()).not.toBe("—");
    await shot("04-monitor-cancelled");
    faults.ingestDelayMs = 0;
  });

  it("shows a failed document with its error and retries it to completion", async () => {
    faults.failIngest(1, false); // a permanent error for the first document
    const dialog = await planCopy("RENAME");
    await dialog.getByRole("button", { name: "Start migration" }).click();
    await expect.poll(() => monitor().locator(".rms-badge").textContent(), { timeout: 30_000 }).toBe("Failed");
    const failures = monitor().locator(".rms-monitor__failures li");
    expect(await failures.count()).toBe(1);
    expect(await failures.textContent()).toMatch(/ingestor.*vector size rejected \(injected\)/);
    // Named by its title (a link to the document), not by an id.
    await expect.poll(() => failures.getByRole("button").textContent()).toMatch(/^report-\d\.md$/);
    expect(await counts().textContent()).toMatch(/^3 of 4 documents processed · 100% · 1 failed/);
    await shot("05-monitor-failed");
    await failures.getByRole("button").click();
    const detail = page.getByRole("region", { name: /^report-\d\.md$/ });
    await expect.poll(() => detail.getByRole("rowheader", { name: "ingestor" }).count()).toBeGreaterThan(0);
    await detail.getByRole("button", { name: /^Close/ }).click();

    const before = log.mark();
    await monitor().getByRole("button", { name: "Retry failed" }).click();
    await expect.poll(() => monitor().locator(".rms-badge").textContent(), { timeout: 30_000 }).toBe("Completed");
    expect(await counts().textContent()).toMatch(/^4 of 4 documents processed · 100%/);
    expect(await failures.count()).toBe(0);
    await shot("06-monitor-retried");
    // The retry re-subscribed after the last sequence it had; it did not read the migration again.
    expect(log.operations(before)).not.toContain("SdkMigration");
    expect(log.progressSubscriptions(before)).toHaveLength(1);
    expect(log.progressSubscriptions(before)[0]!.afterSequence).toBeGreaterThan(1);
  });

  it("rolls the completed migration back from the monitor after confirming, following it to Rolled back", async () => {
    await monitor().getByRole("button", { name: "Roll back…" }).click();
    const dialog = page.getByRole("dialog", { name: "Roll back this migration?" });
    // The server's Migration.rollbackEffect for a COPY.
    expect(await dialog.textContent()).toMatch(/documents it copied to the target realm are deleted/);
    await shot("06a-rollback-confirm");

    const before = log.mark();
    await dialog.getByRole("button", { name: "Roll back", exact: true }).click();
    await expect.poll(() => monitor().locator(".rms-badge").textContent(), { timeout: 30_000 }).toBe("Rolled back");
    expect(await counts().textContent()).toBe("4/4 documents rolled back · 100%");
    expect(
      await monitor()
        .getByRole("button", { name: /Roll back/ })
        .count(),
    ).toBe(0);
    const history = page.locator("section.rms-history");
    await expect.poll(() => history.locator("tbody tr").filter({ hasText: "4 rolled back" }).count()).toBe(1);
    await shot("06b-monitor-rolled-back");
    // The monitor followed the rollback on a new subscription after the sequence the mutation returned.
    expect(log.operations(before)).toContain("SdkRollbackMigration");
    expect(log.progressSubscriptions(before)).toHaveLength(1);
    const events = log.progressEvents(before);
    expect(events.filter((e) => e.type === "ITEM_ROLLED_BACK")).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: "MIGRATION_ROLLED_BACK", status: "ROLLED_BACK" });
  });

  it("filters the history by status and opens a migration from it", async () => {
    const history = page.locator("section.rms-history");
    await history.getByLabel("Status").selectOption("CANCELLED");
    await expect.poll(() => history.locator("tbody tr").count()).toBe(1);
    expect(await history.locator("tbody tr .rms-badge").textContent()).toBe("Cancelled");
    await history.getByRole("button", { name: /^Show/ }).click();
    await expect.poll(() => monitor().locator(".rms-badge").textContent()).toBe("Cancelled");
    await history.getByLabel("Status").selectOption("");
    await expect.poll(() => history.locator("tbody tr").count()).toBe(3);
    await shot("07-history");
  });

  it("adds a database and ingests the selected documents into it", async () => {
    await page.getByLabel("Add a database").selectOption(extraDatabase);
    await page.getByRole("button", { name: "Add and ingest…" }).click();
    const dialog = page.getByRole("dialog", { name: /Add browser-extra-db to browser-source/ });
    const selectAll = dialog.getByLabel("Select all 4 documents");
    await expect.poll(() => selectAll.isChecked()).toBe(true);
    await dialog.getByLabel("report-0.md").uncheck();
    expect(await selectAll.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    await audit();
    await shot("08-database-addition-dialog");
    await dialog.getByRole("button", { name: "Ingest 3 documents" }).click();
    await expect.poll(() => monitor().locator(".rms-badge").textContent(), { timeout: 30_000 }).toBe("Completed");
    expect(await counts().textContent()).toMatch(/^3 of 3 documents processed · 100%/);
    await shot("09-database-addition-completed");

    const sdk = createMigrationClient({ url: `${base}/graphql`, token: t.adminToken });
    try {
      const [latest] = (await sdk.migrations({ first: 1 })).items;
      const migration = await sdk.migration(latest!.id);
      expect(migration).toMatchObject({
        type: "REALM_DATABASE_ADDITION",
        status: "COMPLETED",
        totalDocuments: 3,
        options: { targetDatabases: [extraDatabase] },
      });
    } finally {
      await sdk.close();
    }
  });

  it("searches the realm: each database's top k side by side, most similar first", async () => {
    const search = page.getByRole("region", { name: "Search browser-source" });
    await search.getByLabel("Query").fill("Grace Hopper joined Harvard University");
    await search.getByLabel("Hits per database").selectOption("3");
    await search.getByRole("button", { name: "Search" }).click();
    const results = search.getByRole("region", { name: /Results for/ });
    await expect.poll(() => results.getByRole("list").count()).toBe(2);
    expect(await results.getByRole("heading").allTextContents()).toEqual([
      "browser-source-db (EMBEDDED)",
      "browser-extra-db (EMBEDDED)",
    ]);
    for (const name of ["browser-source-db", "browser-extra-db"]) {
      const hits = results.getByRole("list", { name: `Hits from ${name}` }).getByRole("listitem");
      expect(await hits.count()).toBe(3);
      const scores = await hits.locator("data").evaluateAll((els) => els.map((e) => Number(e.getAttribute("value"))));
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(await hits.first().locator(".demo-search__text").textContent()).toContain("Grace Hopper");
    }
    // The extra database holds report-1..3 only (report-0 was left out of the backfill).
    const extra = results.getByRole("list", { name: "Hits from browser-extra-db" });
    expect(await extra.getByRole("button", { name: "report-0.md" }).count()).toBe(0);
    await audit();
    await shot("09b-search");
  });

  it("uploads a file through the SDK's multipart request and processes it", async () => {
    await page.getByRole("button", { name: /browser-target/ }).click();
    await page.locator("input[type=file]").setInputFiles({
      name: "field-notes.md",
      mimeType: "text/markdown",
      buffer: Buffer.from("# Field notes\n\nAda Lovelace and Charles Babbage met in London.\n"),
    });
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Uploaded" }).textContent())
      .toBe("Uploaded 1 file(s); processing runs in the background.");
    // No Refresh: the realm's document events turn the row READY.
    const row = page.getByRole("row").filter({ hasText: "field-notes.md" });
    await expect.poll(() => row.locator(".rms-badge").textContent(), { timeout: 20_000 }).toBe("Ready");
  });

  it("uploads each of three files, reports the bad one in the middle, and uploads the others", async () => {
    await page.locator("input[type=file]").setInputFiles([
      { name: "first.md", mimeType: "text/markdown", buffer: Buffer.from("# First\n\nOne.\n") },
      { name: "picture.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) },
      { name: "third.md", mimeType: "text/markdown", buffer: Buffer.from("# Third\n\nThree.\n") },
    ]);
    const results = page.getByRole("list", { name: "Upload results" }).getByRole("listitem");
    await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(3);
    const lines = await results.allTextContents();
    expect(lines[0]).toBe("first.md: uploaded, processing");
    expect(lines[1]).toMatch(/^picture\.png: .*cannot be processed/);
    expect(lines[2]).toBe("third.md: uploaded, processing");
    expect(await page.getByRole("alert").filter({ hasText: "Uploaded" }).textContent()).toBe(
      "Uploaded 2 of 3 file(s); 1 failed.",
    );
    for (const name of ["first.md", "third.md"])
      await expect
        .poll(() => page.getByRole("row").filter({ hasText: name }).locator(".rms-badge").textContent(), {
          timeout: 20_000,
        })
        .toBe("Ready");
    await shot("10-multi-upload");
  });

  it("opens a document in detail: stage runs, stage files with a preview, ingestions per database", async () => {
    await page.getByRole("button", { name: "first.md", exact: true }).click();
    const detail = page.getByRole("region", { name: "first.md" });
    await expect.poll(() => detail.getByRole("rowheader", { name: "chunker" }).count()).toBe(1);
    const run = detail.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "ingestor" }) });
    expect(await run.locator(".rms-badge").textContent()).toBe("Succeeded");
    expect(await run.locator("td:nth-child(4)").textContent()).toMatch(/^\d[\d.]* (ms|s)$/);
    await detail.locator(".demo-files summary").first().click();
    expect(await detail.locator("pre").first().textContent()).toContain("First");
    expect(await detail.locator(".demo-sha code").first().textContent()).toMatch(/^[0-9a-f]{64}$/);
    const ingestion = detail
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: /browser-target-db/ }) });
    expect(await ingestion.locator(".rms-badge").textContent()).toBe("Succeeded");
    expect(Number(await ingestion.locator("td:nth-child(3)").textContent())).toBeGreaterThan(0);
    await audit();
    await shot("11-document-detail");
    await detail.getByRole("button", { name: /^Close/ }).click();
  });

  it("warns in the plan about a target realm without databases and about one that does not answer", async () => {
    await createRealm(t, "browser-empty");
    const down = await createRealm(t, "browser-down");
    const created = await t.gql(
      `mutation($i: CreateDatabaseInput!) { createDatabase(input: $i) { __typename ... on MutationCreateDatabaseSuccess { data { id } } ... on Error { code message } } }`,
      { i: { name: "browser-down-qdrant", kind: "QDRANT", url: "http://127.0.0.1:9", collection: "down" } },
    );
    const downDb = created.data.createDatabase.data.id as string;
    await t.gql(
      `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) { __typename } }`,
      {
        r: down,
        d: downDb,
      },
    );
    await page.reload();
    await page.getByRole("button", { name: /browser-source/ }).click();
    await page.getByRole("button", { name: "Migrate all documents…" }).click();
    const dialog = page.getByRole("dialog", { name: "Migrate documents" });
    const warnings = dialog.getByRole("list", { name: "Warnings" });
    await dialog.getByLabel("Target realm").selectOption({ label: "browser-empty (0 documents)" });
    await expect.poll(() => warnings.textContent(), { timeout: 10_000 }).toMatch(/no database/i);
    await shot("12-plan-no-database");
    await dialog.getByLabel("Target realm").selectOption({ label: "browser-down (0 documents)" });
    await expect.poll(() => warnings.textContent(), { timeout: 15_000 }).toMatch(/browser-down-qdrant/);
    expect(await dialog.getByRole("list", { name: "Target databases" }).textContent()).toMatch(
      /^Not reachable browser-down-qdrant \(qdrant\)/,
    );
    await audit();
    await shot("13-plan-unreachable");
    await page.keyboard.press("Escape");
  });

  it("fits a 390 px wide screen without scrolling sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.reload();
      await page.getByRole("button", { name: /browser-source/ }).click();
      await expect.poll(() => page.getByRole("cell", { name: "report-3.md", exact: true }).count()).toBe(1);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      await audit();
      await shot("14-narrow");
    } finally {
      await page.setViewportSize({ width: 1280, height: 960 });
    }
  });

  it("switching realm clears the upload message, and the sign-in screen passes the audit too", async () => {
    await page.getByRole("button", { name: /browser-target/ }).click();
    await page.locator("input[type=file]").setInputFiles({
      name: "switch.md",
      mimeType: "text/markdown",
      buffer: Buffer.from("# Switch\n"),
    });
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Uploaded" }).count()).toBe(1);
    await page.getByRole("button", { name: /browser-source/ }).click();
    expect(await page.getByText(/^Uploaded /).count()).toBe(0);
    expect(await page.getByRole("list", { name: "Upload results" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Refresh", exact: true }).count()).toBe(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.getByLabel("API token").count()).toBe(1);
    await audit();
    await page.getByLabel("API token").fill(t.adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
  });

  it("ran all of the above under its Content-Security-Policy without a single violation", async () => {
    const response = await page.goto(`${base}/`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(cspViolations).toEqual([]);
  });
});
