// Headers of the pages the server renders (the demo at `/`, GraphiQL at `/graphql`): no framing
// (X-Frame-Options, frame-ancestors), no Referer (the demo's `?token=` must not travel to anything it loads),
// no MIME sniffing, and a Content-Security-Policy allowing only what the page itself loads.
import crypto from "node:crypto";

/** The demo is a Vite build: its own scripts and styles, no inline code, API calls to this origin only. */
export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function pageHeaders(csp: string): Record<string, string> {
  return {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  };
}

/**
 * A policy for a rendered GraphiQL page: its inline scripts by hash, and the directories of the exact
 * files it names (Yoga's page loads GraphiQL from one versioned package directory on a CDN) — not a whole
 * CDN host. GraphiQL's editor injects styles and starts workers from blob: URLs, hence those two allowances.
 */
export function graphiqlCsp(html: string): string {
  const hashes: string[] = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc=/i.test(attributes!) && body) {
      hashes.push(`'sha256-${crypto.createHash("sha256").update(body).digest("base64")}'`);
    }
  }
  const directories = new Set<string>();
  for (const [url] of html.matchAll(/https:\/\/[^\s"'<>()]+/g)) {
    const parsed = new URL(url);
    directories.add(`${parsed.origin}${parsed.pathname.replace(/[^/]*$/, "")}`);
  }
  const assets = [...directories].join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(" ")} ${assets}`,
    `style-src 'self' 'unsafe-inline' ${assets}`,
    `font-src 'self' data: ${assets}`,
    `img-src 'self' data: ${assets}`,
    `connect-src 'self' ${assets}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ]
    .map((directive) => directive.replace(/\s+/g, " ").trim())
    .join("; ");
}
