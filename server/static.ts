// Serves the built demo page (dist/demo) for GET/HEAD requests outside /graphql. Only regular files
// inside the root are served: the path is decoded, resolved and checked against the root (also after
// resolving symlinks), so `..`, encoded separators and links cannot reach anything else. Every file goes out
// with the page headers of server/security-headers.ts (CSP, no framing, no Referer).
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_CSP, pageHeaders } from "./security-headers.ts";

/** Where `npm run build:demo` writes the demo page. */
export const DEFAULT_DEMO_DIR = fileURLToPath(new URL("../dist/demo/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export type StaticHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

/**
 * A handler that answers with a file of `root` and resolves true, or resolves false (and writes
 * nothing) when the request is not for one of its files, so the caller can route it elsewhere.
 */
export function createStaticHandler(root: string): StaticHandler {
  const base = path.resolve(root);
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const found = await resolveFile(base, req.url ?? "/");
    if (!found) return false;
    const { file, size } = found;
    const hashed = file.startsWith(path.join(base, "assets") + path.sep);
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": String(size),
      // Vite puts a content hash in every asset's name; index.html must be fetched again each time.
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      ...pageHeaders(DEMO_CSP),
    });
    if (req.method === "HEAD") {
      res.end();
      return true;
    }
    await new Promise<void>((resolve) => {
      fs.createReadStream(file)
        .on("error", () => {
          res.destroy();
          resolve();
        })
        .on("end", resolve)
        .pipe(res);
    });
    return true;
  };
}

/** The regular file inside `base` that the URL names ("/" → index.html), or null. */
export async function resolveFile(base: string, url: string): Promise<{ file: string; size: number } | null> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, "http://localhost").pathname);
  } catch {
    return null; // malformed escape
  }
  if (pathname.includes("\0") || pathname.includes("\\")) return null;
  if (pathname.endsWith("/")) pathname += "index.html";
  const candidate = path.resolve(base, "." + pathname);
  if (!inside(base, candidate)) return null;
  try {
    const real = await fs.promises.realpath(candidate);
    const realBase = await fs.promises.realpath(base);
    if (!inside(realBase, real)) return null;
    const stat = await fs.promises.stat(real);
    return stat.isFile() ? { file: real, size: stat.size } : null;
  } catch {
    return null;
  }
}

function inside(base: string, candidate: string): boolean {
  return candidate.startsWith(base + path.sep);
}
