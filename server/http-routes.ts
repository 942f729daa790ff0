// Operational HTTP routes beside GraphQL: GET /healthz (the process answers), GET /readyz (dependencies
// answer; 200 or 503 with a JSON body naming what is not ready) and GET /metrics (Prometheus text, behind
// METRICS_TOKEN when set). Probes need no token and reveal no secrets.
import crypto from "node:crypto";
import type http from "node:http";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import type { Services } from "./services/index.ts";
import { checkReadiness, DEFAULT_CHECK_TIMEOUT_MS, type Readiness } from "./services/health.ts";

export type OpsHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

export interface OpsRoutesOptions {
  services: Services;
  config: Pick<Config, "metricsToken"> & { runner: Pick<Config["runner"], "enabled"> };
  logger?: Logger;
  /** Per-check time limit of /readyz. */
  checkTimeoutMs?: number;
}

const PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/** A handler that answers the operational routes and resolves true, or resolves false for any other path. */
export function createOpsRoutes(options: OpsRoutesOptions): OpsHandler {
  const { services, config, logger } = options;
  const failing = new Set<string>();

  const readiness = async (): Promise<Readiness> => {
    const result = await checkReadiness(
      { db: services.db, pubsub: services.pubsub, runner: services.runner, runnerEnabled: config.runner.enabled },
      options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
      (check, error) => {
        // Logged when a check starts failing, not on every probe.
        if (!failing.has(check)) logger?.warn({ check, err: error }, "readiness check failed");
        failing.add(check);
      },
    );
    for (const [check, state] of Object.entries(result.checks)) {
      if (state.ok && failing.delete(check)) logger?.info({ check }, "readiness check recovered");
    }
    return result;
  };

  return async (req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    if (!PATHS.has(path)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(req, res, 405, "text/plain; charset=utf-8", "Method not allowed\n", { allow: "GET, HEAD" });
      return true;
    }
    try {
      if (path === "/healthz") {
        send(req, res, 200, "application/json", JSON.stringify({ status: "ok" }));
      } else if (path === "/readyz") {
        const result = await readiness();
        send(req, res, result.status === "ready" ? 200 : 503, "application/json", JSON.stringify(result));
      } else if (config.metricsToken && !hasToken(req, config.metricsToken)) {
        send(req, res, 401, "text/plain; charset=utf-8", "A bearer token (METRICS_TOKEN) is required.\n", {
          "www-authenticate": 'Bearer realm="metrics"',
        });
      } else {
        const { contentType, body } = await services.metrics.render();
        send(req, res, 200, contentType, body);
      }
    } catch (error) {
      logger?.error({ err: error, path }, "operational route failed");
      if (!res.headersSent) send(req, res, 500, "text/plain; charset=utf-8", "Internal error\n");
      else res.destroy();
    }
    return true;
  };
}

function hasToken(req: http.IncomingMessage, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) return false;
  // Hashing first makes the comparison constant-time whatever the lengths.
  const digest = (value: string) => crypto.createHash("sha256").update(value).digest();
  return crypto.timingSafeEqual(digest(match[1]!), digest(expected));
}

function send(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(req.method === "HEAD" ? undefined : body);
}
