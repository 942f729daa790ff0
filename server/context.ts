// Per-request context: who is asking (resolved from the bearer token), the services and the query limits.
// The token is read from the `Authorization` header only (graphql-ws puts its connectionParams token there),
// never from a request's `extensions`: tokens in bodies or URLs end up in logs and Referers.
import crypto from "node:crypto";
import type { Viewer } from "./services/access.ts";
import type { Services } from "./services/index.ts";
import type { Config } from "./config.ts";

export interface Context {
  requestId: string;
  viewer: Viewer | null;
  services: Services;
  limits: Config["limits"];
}

const viewers = new WeakMap<Request, Promise<Viewer | null>>();

/** The viewer of `request`'s `Authorization` header, looked up once per request (the guard asks first). */
export function authenticateRequest(services: Services, request: Request): Promise<Viewer | null> {
  let viewer = viewers.get(request);
  if (!viewer) {
    viewer = services.tokens.authenticate(request.headers.get("authorization"));
    viewers.set(request, viewer);
  }
  return viewer;
}

export async function createContext(services: Services, limits: Config["limits"], request: Request): Promise<Context> {
  return {
    requestId: crypto.randomUUID(),
    viewer: await authenticateRequest(services, request),
    services,
    limits,
  };
}
