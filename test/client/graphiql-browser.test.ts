// GraphiQL at /graphql in Debian's Chromium with every request that leaves 127.0.0.1 aborted: the page loads
// its code from the service itself, a query typed into the editor runs with the Authorization header typed
// into the headers editor, and the page does so under a strict Content-Security-Policy (only 'self' for
// scripts, workers, styles' files and connections). The screenshot goes to test-output/browser/graphiql.png.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { GRAPHIQL_ASSETS } from "../../server/graphiql.ts";
import { chromiumAvailable, launchChromium, type Browser } from "./browser/chromium.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCREENSHOTS = path.join(ROOT, "test-output", "browser");
/** What a strict deployment could send; GraphiQL's page must work under it. */
const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

describe.runIf(chromiumAvailable())("GraphiQL offline in Chromium", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];
  const served: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    await fs.mkdir(SCREENSHOTS, { recursive: true });
    t = await createTestApp("pglite");
    base = await t.app.start(0, "127.0.0.1");
    browser = await launchChromium();
    page = browser.page;
    await browser.context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== "127.0.0.1") {
        blocked.push(url.href);
        return route.abort("internetdisconnected");
      }
      served.push(url.pathname);
      // The page itself, with a strict policy added.
      if (url.pathname === "/graphql" && route.request().resourceType() === "document") {
        const response = await route.fetch();
        return route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": STRICT_CSP } });
      }
      return route.continue();
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("runs a query with the Authorization header from the GraphiQL page, nothing loaded from elsewhere", async () => {
    await page.goto(`${base}/graphql`, { waitUntil: "load" });
    const run = page.getByRole("button", { name: /Execute query/ });
    await run.waitFor({ timeout: 30_000 });

    // The query editor (Monaco): replace its content.
    const query = page.locator(".graphiql-query-editor .monaco-editor").first();
    await query.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("query WhoAmI { viewer { admin } }");

    await page.getByRole("button", { name: "Headers", exact: true }).click();
    const headers = page.locator(".graphiql-editor-tool .monaco-editor:visible");
    await headers.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${t.adminToken}` }));

    const answered = page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === "/graphql" &&
        r.request().method() === "POST" &&
        (r.request().postData() ?? "").includes("WhoAmI"),
    );
    await run.click();
    const response = await answered;
    expect(response.request().headers()["authorization"]).toBe(`Bearer ${t.adminToken}`);
    expect(await response.json()).toEqual({ data: { viewer: { admin: true } } });
    const result = page.locator(".graphiql-response");
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/"admin":\s*true/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "graphiql.png"), fullPage: true });

    console.log(`GraphiQL: ${served.length} requests to 127.0.0.1, ${blocked.length} blocked elsewhere`);
    for (const url of blocked) console.log(`  blocked: ${url}`);
    expect(blocked).toEqual([]);
    expect(served).toEqual(
      expect.arrayContaining([`${GRAPHIQL_ASSETS}yoga-graphiql.js`, `${GRAPHIQL_ASSETS}graphiql.css`]),
    );
    expect(problems).toEqual([]);
  });

  it("serves the assets gzipped and cacheable, and the page without inline script", async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(html).toContain(`<script src="${GRAPHIQL_ASSETS}yoga-graphiql.js"></script>`);
    expect(html).not.toMatch(/unpkg|https?:\/\/(?!127\.0\.0\.1)/);
    // Every <script> either has a src or is a JSON data block.
    for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/ src=|type="application\/json"/);
    const bundle = await fetch(`${base}${GRAPHIQL_ASSETS}yoga-graphiql.js`, { headers: { "accept-encoding": "gzip" } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-encoding")).toBe("gzip");
    expect(bundle.headers.get("cache-control")).toMatch(/immutable/);
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
    expect((await fetch(`${base}${GRAPHIQL_ASSETS}nothing.js`)).status).toBe(404);
    expect((await fetch(`${base}${GRAPHIQL_ASSETS}start.js`, { method: "POST" })).status).not.toBe(200);
  });
});
