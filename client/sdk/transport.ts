// The urql Client under the SDK: queries and mutations over HTTP (fetch), subscriptions over graphql-ws
// on the same path, both authorized with the bearer token. Works in Node (pass `webSocketImpl`, e.g.
// the `ws` package, on Node < 22) and in the browser (global fetch and WebSocket).
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { SdkError } from "./errors.ts";

export interface TransportOptions {
  /** The GraphQL endpoint, e.g. "http://127.0.0.1:4000/graphql" (or "/graphql" in a browser). */
  url: string;
  /** API token, sent as `Authorization: Bearer <token>` and in graphql-ws `connectionParams`. */
  token?: string;
  /** fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** WebSocket implementation (default: the global one; pass `ws` on Node 20). */
  webSocketImpl?: unknown;
  /** graphql-ws endpoint (default: `url` with http→ws). */
  wsUrl?: string;
  /** How often graphql-ws reconnects after a lost connection (default 8). */
  retryAttempts?: number;
}

export interface Transport {
  urql: Client;
  /** Closes the WebSocket, if one was opened. */
  dispose(): Promise<void>;
  /** Absolute HTTP endpoint (resolved against the page's location in a browser). */
  httpUrl: string;
  headers(): Record<string, string>;
  fetch: typeof fetch;
}

export function resolveUrls(url: string, wsUrl?: string): { httpUrl: string; wsUrl: string } {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const http = new URL(url, base).toString();
  return { httpUrl: http, wsUrl: wsUrl ?? http.replace(/^http/, "ws") };
}

export function createTransport(options: TransportOptions): Transport {
  const { httpUrl, wsUrl } = resolveUrls(options.url, options.wsUrl);
  const authorization = options.token ? `Bearer ${options.token}` : undefined;
  const headers = (): Record<string, string> => (authorization ? { authorization } : {});
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  // Made on the first subscription: HTTP-only use needs no WebSocket implementation (Node 20 has none).
  let ws: WsClient | undefined;
  const wsClient = () =>
    (ws ??= createWsClient({
      url: wsUrl,
      webSocketImpl: options.webSocketImpl,
      lazy: true,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: options.retryAttempts ?? 8,
      // Any lost connection is worth another try; graphql-ws backs off between attempts.
      shouldRetry: () => true,
    }));

  const urql = new Client({
    url: httpUrl,
    fetch: fetchImpl,
    fetchOptions: () => ({ headers: headers() }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              try {
                return { unsubscribe: wsClient().subscribe(input, sink) };
              } catch (error) {
                // No WebSocket implementation: say so once instead of retrying.
                sink.error(new SdkError("WEBSOCKET_UNAVAILABLE", (error as Error).message, null, { cause: error }));
                return { unsubscribe: () => {} };
              }
            },
          };
        },
      }),
    ],
  });

  return { urql, httpUrl, headers, fetch: fetchImpl, dispose: async () => void (await ws?.dispose()) };
}
