// Per-request context: who is asking (resolved from the bearer token), the services and the query limits.
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

export async function createContext(
  services: Services,
  limits: Config["limits"],
  authorization: string | null | undefined,
): Promise<Context> {
  return {
    requestId: crypto.randomUUID(),
    viewer: await services.tokens.authenticate(authorization),
    services,
    limits,
  };
}
