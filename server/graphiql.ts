// GraphiQL served from the service itself, so /graphql works offline and air-gapped. The code is Yoga's own
// GraphiQL build (`@graphql-yoga/render-graphiql`, which holds it as strings); instead of inlining it into
// the page as that package does, each part is served as a file under /graphiql/<version>/ and the page
// only references them, so it needs no inline script or style and no other origin: `script-src 'self'`,
// `worker-src 'self'` and `style-src 'self'` cover it (Monaco, the editor, adds <style> elements and style
// attributes at run time, so styles also need 'unsafe-inline'). The 9 MB bundle is loaded on first use.
import type http from "node:http";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import type { GraphiQLOptions } from "graphql-yoga";

const VERSION: string = createRequire(import.meta.url)("@graphql-yoga/render-graphiql/package.json").version;
/** Where the page's assets live; versioned, so they can be cached for good. */
export const GRAPHIQL_ASSETS = `/graphiql/${VERSION}/`;

interface Asset {
  type: string;
  body: Buffer;
  gzipped?: Buffer;
}

/** Runs before the bundle: Monaco asks it for its web workers, served beside it. */
const ENVIRONMENT_JS = `"use strict";
(function () {
  var base = document.currentScript.src;
  var files = { editorWorkerService: "editor.worker.js", json: "json.worker.js", graphql: "graphql.worker.js" };
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return new URL(files[label] || files.editorWorkerService, base).href;
    },
  };
})();
`;

/** Runs after the bundle: renders GraphiQL with the options the page carries as JSON (data, not script). */
const START_JS = `"use strict";
YogaGraphiQL.renderYogaGraphiQL(
  document.getElementById("root"),
  JSON.parse(document.getElementById("graphiql-options").textContent),
);
`;

let assets: Promise<Map<string, Asset>> | undefined;

function loadAssets(): Promise<Map<string, Asset>> {
  assets ??= import("@graphql-yoga/render-graphiql/graphiql").then((g) => {
    const js = "text/javascript; charset=utf-8";
    const text = (type: string, body: string): Asset => ({ type, body: Buffer.from(body, "utf8") });
    const icon = /^data:([^;,]+);base64,(.*)$/.exec(g.favicon);
    return new Map<string, Asset>([
      ["environment.js", text(js, ENVIRONMENT_JS)],
      ["yoga-graphiql.js", text(js, g.js)],
      ["start.js", text(js, START_JS)],
      ["graphiql.css", text("text/css; charset=utf-8", g.css)],
      ["editor.worker.js", text(js, g.editorWorkerService)],
      ["json.worker.js", text(js, g.jsonWorker)],
      ["graphql.worker.js", text(js, g.graphqlWorker)],
      ["favicon.ico", { type: icon?.[1] ?? "image/x-icon", body: Buffer.from(icon?.[2] ?? "", "base64") }],
    ]);
  });
  return assets;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The GraphiQL page Yoga answers at /graphql (its `renderGraphiQL` option). */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const asset = (name: string) => GRAPHIQL_ASSETS + name;
  // In a JSON data block only "<" could end the element early.
  const json = JSON.stringify(options ?? {}).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options?.title ?? "GraphiQL")}</title>
    <link rel="icon" href="${asset("favicon.ico")}" />
    <link rel="stylesheet" href="${asset("graphiql.css")}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${json}</script>
    <script src="${asset("environment.js")}"></script>
    <script src="${asset("yoga-graphiql.js")}"></script>
    <script src="${asset("start.js")}"></script>
  </body>
</html>
`;
}

/** Answers GET/HEAD for GraphiQL's assets and resolves true; resolves false for any other request. */
export async function serveGraphiQLAsset(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const path = (req.url ?? "").split("?")[0]!;
  if (!path.startsWith(GRAPHIQL_ASSETS) || (req.method !== "GET" && req.method !== "HEAD")) return false;
  const asset = (await loadAssets()).get(path.slice(GRAPHIQL_ASSETS.length));
  if (!asset) return false;
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && asset.body.length > 1024;
  if (gzip) asset.gzipped ??= zlib.gzipSync(asset.body);
  const body = gzip ? asset.gzipped! : asset.body;
  res.writeHead(200, {
    "content-type": asset.type,
    "content-length": String(body.length),
    "cache-control": "public, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
    vary: "accept-encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
