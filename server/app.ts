// Assembles the HTTP server: GraphQL over HTTP (+ SSE subscriptions) through Yoga, graphql-ws over
// WebSocket routed through the same envelop (same plugins, context and auth), and GraphiQL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createGraphQLError, createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { GraphQLError, type ExecutionArgs } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { schema } from "./schema/index.ts";
import { authenticateRequest, createContext, type Context } from "./context.ts";
import type { Config } from "./config.ts";
import { createServices, type Services } from "./services/index.ts";
import { DomainError } from "./services/errors.ts";
import { unavailableError } from "./services/prisma-errors.ts";
import { silentLogger, type Logger } from "./logger.ts";
import { loggerForError, recordRefusedRequest, useTelemetry } from "./graphql-telemetry.ts";
import { useQueryLimits } from "./graphql-limits.ts";
import { useRequestGuard } from "./request-guard.ts";
import { useSubscriptionLimit } from "./subscription-limit.ts";
import { GRAPHIQL_CSP, pageHeaders } from "./security-headers.ts";
import { createOpsRoutes } from "./http-routes.ts";
import { useInputChecks } from "./graphql-input-checks.ts";
import { DEFAULT_DEMO_DIR, createStaticHandler } from "./static.ts";
import { renderGraphiQLPage, serveGraphiQLAsset } from "./graphiql.ts";

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  services: Services;
  /** Listens on `port` (0 picks a free one); resolves to the bound URL. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface AppOptions {
  services?: Services;
  logger?: Logger;
  /** The built demo page served at / (default dist/demo; `/` redirects to GraphiQL until it is built). */
  demoDir?: string;
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger;
  const services =
    options.services ??
    (await createServices(config, {
      logger,
      onBackgroundError: (error, where) => logger?.error({ err: error }, where),
    }));

  const log = logger ?? silentLogger();
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // Unexpected errors are logged once, with context, by maskError below.
    logging: false,
    // server/request-guard.ts applies the real limits; Yoga's own only refuses malformed Content-Length.
    maxRequestBodySize: config.maxUploadBytes + config.limits.maxRequestBytes,
    cors: corsOptions(config.http),
    plugins: [
      useTelemetry(services.metrics, log),
      useRequestGuard({
        maxRequestBytes: config.limits.maxRequestBytes,
        maxUploadBytes: config.maxUploadBytes,
        publicIntrospection: config.http.publicIntrospection,
        authenticate: (request) => authenticateRequest(services, request),
        onRefused: (request, code) => recordRefusedRequest(services.metrics, log, request, code),
      }),
      useQueryLimits(config.limits),
      useSubscriptionLimit(config.limits.maxSubscriptionsPerToken),
      useHtmlPageHeaders(GRAPHIQL_CSP),
      useInputChecks(),
    ],
    graphiql: { title: "Realm migration service", subscriptionsProtocol: "WS" },
    // From local assets (server/graphiql.ts), not Yoga's default CDN page.
    renderGraphiQL: renderGraphiQLPage,
    context: ({ request }) => createContext(services, config.limits, request),
    maskedErrors: {
      maskError: (error, message) => {
        // Duck-typed: graphql may be loaded twice (ESM and CJS builds), so instanceof is unreliable.
        const graphqlError = isGraphQLError(error) ? error : undefined;
        const original = graphqlError ? graphqlError.originalError : error;
        // A database that did not answer is UNAVAILABLE (retry), not a masked INTERNAL.
        const domainError = original instanceof DomainError ? original : unavailableError(original);
        if (domainError) return new GraphQLError(domainError.message, { extensions: { code: domainError.code } });
        if (graphqlError && (graphqlError.extensions?.code || !original)) return graphqlError;
        if (isGraphQLError(original) && original.extensions?.code) return original;
        (loggerForError(error) ?? logger)?.error({ err: original }, "unexpected error");
        return new GraphQLError(message, { extensions: { code: "INTERNAL" } });
      },
    },
  });

  const serveDemo = createStaticHandler(options.demoDir ?? DEFAULT_DEMO_DIR);
  const serveOps = createOpsRoutes({ services, config, logger });
  const server = http.createServer(async (req, res) => {
    if (await serveOps(req, res)) return;
    if (await serveGraphiQLAsset(req, res).catch(() => res.headersSent)) return;
    const graphql = req.url === yoga.graphqlEndpoint || req.url?.startsWith(`${yoga.graphqlEndpoint}?`);
    if (!graphql && (await serveDemo(req, res).catch(() => res.headersSent))) return;
    if (req.url === "/" || req.url === "" || req.url?.startsWith("/?")) {
      res.writeHead(302, { location: "/graphql" }).end();
      return;
    }
    void yoga.handle(req, res);
  });

  // Upgrades are routed here rather than by handing `server` to ws: ws would re-emit the HTTP server's
  // listen errors (EADDRINUSE) on the WebSocket server, where graphql-ws reports them as its own fault.
  // A message over MAX_REQUEST_BYTES closes the socket (1009) before it is buffered whole or parsed.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxRequestBytes });
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== yoga.graphqlEndpoint) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });
  // Every operation on a socket runs (mutations and queries too) or fails as that operation's own error;
  // only a connection_init without a valid token closes the socket (4401).
  const wsServer = useServer(
    {
      execute: (args) => runOperation(args, "execute") as never,
      subscribe: (args) => runOperation(args, "subscribe") as never,
      onConnect: async (ctx) => {
        if (await services.tokens.authenticate(connectionToken(ctx.connectionParams))) return true;
        ctx.extra.socket.close(4401, "Unauthorized: send a valid token as connectionParams.authorization");
        return false;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const authorization = connectionToken(ctx.connectionParams);
        // A POST-like request carrying the connection's token: the same plugins and auth as HTTP.
        const request = new Request("http://localhost/graphql", {
          method: "POST",
          headers: authorization ? { authorization } : {},
        });
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          request,
        });
        try {
          const document = enveloped.parse(payload.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length) return errors.map(operationError);
          return {
            schema: enveloped.schema,
            operationName: payload.operationName,
            document,
            variableValues: payload.variables,
            contextValue: await enveloped.contextFactory(),
            rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
          };
        } catch (error) {
          return [operationError(error)];
        }
      },
    },
    wss,
  );

  /** Runs an operation with the envelop functions onSubscribe put in rootValue; a throw becomes its error. */
  async function runOperation(args: ExecutionArgs, kind: "execute" | "subscribe") {
    const run = (args.rootValue as Record<typeof kind, (a: ExecutionArgs) => unknown>)[kind];
    try {
      return await run(args);
    } catch (error) {
      return { errors: [operationError(error)] };
    }
  }

  /** A GraphQL error of the operation as it is, anything else masked (and logged) like over HTTP. */
  function operationError(error: unknown): GraphQLError {
    if (isGraphQLError(error) && (error.extensions?.code || !error.originalError)) {
      // Re-made with Yoga's createGraphQLError: graphql-ws accepts only errors of the graphql build it uses.
      const { source, positions, extensions } = error;
      return createGraphQLError(error.message, { source, positions, extensions });
    }
    log.error({ err: error }, "unexpected error");
    return createGraphQLError("Unexpected error.", { extensions: { code: "INTERNAL" } });
  }

  return {
    yoga,
    services,
    start: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
        });
      }),
    stop: async () => {
      // Subscribers learn why they were closed (1001: going away), so a client reconnects elsewhere.
      for (const socket of wss.clients) socket.close(1001, "server shutting down");
      await wsServer.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}

/** The `authorization` (or `Authorization`) string of graphql-ws connectionParams. */
function connectionToken(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === "string" ? value : undefined;
}

/** CORS for the listed origins only; none listed: no CORS headers at all (same-origin), `null` never allowed. */
function corsOptions(http: Config["http"]) {
  const allowed = new Set(http.corsOrigins);
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (!origin || !allowed.has(origin)) return false as const;
    return {
      origin: [origin],
      credentials: http.corsCredentials,
      methods: ["GET", "POST"],
      allowedHeaders: ["authorization", "content-type", "x-request-id"],
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    };
  };
}

/** The page headers (CSP, no framing, no Referer) on every HTML page Yoga renders (GraphiQL). */
function useHtmlPageHeaders(csp: string): Plugin {
  return {
    onResponse({ response }) {
      if (!response.headers.get("content-type")?.startsWith("text/html")) return;
      for (const [name, value] of Object.entries(pageHeaders(csp))) response.headers.set(name, value);
    },
  };
}
