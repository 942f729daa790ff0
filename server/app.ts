// Assembles the HTTP server: GraphQL over HTTP (+ SSE subscriptions) through Yoga, graphql-ws over
// WebSocket routed through the same envelop (same plugins, context and auth), and GraphiQL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { GraphQLError } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { schema } from "./schema/index.ts";
import { createContext, type Context } from "./context.ts";
import type { Config } from "./config.ts";
import { createServices, type Services } from "./services/index.ts";
import { DomainError } from "./services/errors.ts";
import { silentLogger, type Logger } from "./logger.ts";
import { loggerForError, useTelemetry } from "./graphql-telemetry.ts";
import { createOpsRoutes } from "./http-routes.ts";
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

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // Unexpected errors are logged once, with context, by maskError below.
    logging: false,
    plugins: [useTelemetry(services.metrics, logger ?? silentLogger())],
    graphiql: { title: "Realm migration service", subscriptionsProtocol: "WS" },
    // From local assets (server/graphiql.ts), not Yoga's default CDN page.
    renderGraphiQL: renderGraphiQLPage,
    context: async ({ request, params }) => {
      const fromWs = (params as { extensions?: { authorization?: string } }).extensions?.authorization;
      return createContext(services, config.limits, request.headers.get("authorization") ?? fromWs);
    },
    maskedErrors: {
      maskError: (error, message) => {
        // Duck-typed: graphql may be loaded twice (ESM and CJS builds), so instanceof is unreliable.
        const graphqlError = isGraphQLError(error) ? error : undefined;
        const original = graphqlError ? graphqlError.originalError : error;
        if (original instanceof DomainError)
          return new GraphQLError(original.message, { extensions: { code: original.code } });
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

  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const wsServer = useServer(
    {
      execute: (args) =>
        (args as unknown as { rootValue: { execute: (a: unknown) => unknown } }).rootValue.execute(args) as never,
      subscribe: (args) =>
        (args as unknown as { rootValue: { subscribe: (a: unknown) => unknown } }).rootValue.subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        const authorization = (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization) as
          string | undefined;
        const {
          schema: envSchema,
          execute,
          subscribe,
          contextFactory,
          parse,
          validate,
        } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: { ...payload, extensions: { ...payload.extensions, authorization } },
          request: new Request("http://localhost/graphql", { headers: authorization ? { authorization } : {} }),
        });
        const args = {
          schema: envSchema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wss,
  );

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
      await wsServer.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
