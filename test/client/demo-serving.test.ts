// The static handler behind the demo page: serves the build's files (index.html for /, long-lived
// caching for hashed assets, page security headers) and nothing outside its root — not through .., encoded separators,
// backslashes or symlinks — leaving every other request to the next handler.
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaticHandler } from "../../server/static.ts";

describe("demo page static handler", () => {
  let dir: string;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "rms-static-"));
    const root = path.join(dir, "demo");
    await fs.mkdir(path.join(root, "assets"), { recursive: true });
    await fs.writeFile(path.join(root, "index.html"), "<!doctype html><title>demo</title>");
    await fs.writeFile(path.join(root, "assets", "index-abc123.js"), "console.log(1)");
    await fs.writeFile(path.join(dir, "secret.txt"), "outside");
    await fs.symlink(path.join(dir, "secret.txt"), path.join(root, "link.txt"));
    const serve = createStaticHandler(root);
    server = http.createServer(async (req, res) => {
      if (await serve(req, res)) return;
      res.writeHead(404).end("next handler");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** A raw request, so paths reach the server exactly as written (fetch would normalize them). */
  function get(
    rawPath: string,
    method = "GET",
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("serves index.html for / (also with a query string), uncached", async () => {
    for (const url of ["/", "/?token=rms_x", "/index.html"]) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.body).toContain("<title>demo</title>");
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("sends the page headers: a strict CSP, no framing, no Referer (the ?token= must not leak to assets)", async () => {
    for (const url of ["/?token=rms_x", "/assets/index-abc123.js"]) {
      const { headers } = await get(url);
      expect(headers["referrer-policy"]).toBe("no-referrer");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      const csp = String(headers["content-security-policy"]);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    }
  });

  it("serves hashed assets with long-lived caching, and HEAD without a body", async () => {
    const res = await get("/assets/index-abc123.js");
    expect(res).toMatchObject({ status: 200, body: "console.log(1)" });
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers["cache-control"]).toContain("immutable");
    const head = await get("/assets/index-abc123.js", "HEAD");
    expect(head).toMatchObject({ status: 200, body: "" });
    expect(head.headers["content-length"]).toBe("14");
  });

  it("never serves a file outside its root", async () => {
    for (const url of [
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/assets%2f..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/link.txt",
      "/%00index.html",
      "/%E0%A4%A",
    ]) {
      const res = await get(url);
      expect({ url, status: res.status, body: res.body }).toEqual({ url, status: 404, body: "next handler" });
    }
  });

  it("leaves other methods, directories and missing files to the next handler", async () => {
    expect((await get("/", "POST")).body).toBe("next handler");
    expect((await get("/assets/")).body).toBe("next handler");
    expect((await get("/assets")).body).toBe("next handler");
    expect((await get("/missing.js")).body).toBe("next handler");
  });
});
