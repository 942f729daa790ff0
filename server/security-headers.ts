// Headers of the pages the server renders (the demo at `/`, GraphiQL at `/graphql`): no framing
// (X-Frame-Options, frame-ancestors), no Referer (the demo's `?token=` must not travel to anything it loads),
// no MIME sniffing, and a Content-Security-Policy allowing only what the page itself loads.
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
 * GraphiQL is served from the service's own files (server/graphiql.ts): no inline script, nothing from another
 * origin. Its editor injects styles at run time and starts workers, hence those two allowances.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
