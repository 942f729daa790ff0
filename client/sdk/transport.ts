// The urql Client under the SDK: queries and mutations over HTTP (fetch; multipart when a variable holds a
// File or Blob, as urql builds it), subscriptions over graphql-ws on the same path, all authorized with the
// bearer token. The token is a value or a function asked before every HTTP request and for every socket
// connection, so a caller can refresh it. Works in Node (pass `webSocketImpl`, e.g. the `ws` package, on
// Node < 22) and in the browser (global fetch and WebSocket).
import { Client, cacheExchange, fetchExchange, subscriptionExchange, type Exchange } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { SdkError } from "./errors.ts";

/** An API token, or how to get the current one (called per request and per socket connection). */
export type TokenSource =
  string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

export interface TransportOptions {
  /** The GraphQL endpoint, e.g. "http://127.0.0.1:4000/graphql" (or "/graphql" in a browser). */
  url: string;
  /** API token, sent as `Authorization: Bearer <token>` and in graphql-ws `connectionParams`. */
  token?: TokenSource;
  /**
   * Exchanges run before the SDK's fetch and subscription exchanges (after urql's cacheExchange), e.g.
   * retryExchange or a logging exchange.
   */
  exchanges?: Exchange[];
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
}

export function resolveUrls(url: string, wsUrl?: string): { httpUrl: string; wsUrl: string } {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const http = new URL(url, base).toString();
  return { httpUrl: http, wsUrl: wsUrl ?? http.replace(/^http/, "ws") };
}

export function createTransport(options: TransportOptions): Transport {
  const { httpUrl, wsUrl } = resolveUrls(options.url, options.wsUrl);
  const { token } = options;
  const authorization = async (): Promise<string | undefined> => {
    const value = typeof token === "function" ? await token() : token;
    return value ? `Bearer ${value}` : undefined;
  };
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  // urql's fetchOptions cannot wait, so the header is added here, per request.
  const authorizedFetch: typeof fetch = async (input, init) => {
    const value = await authorization();
    if (!value) return baseFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("authorization", value);
    return baseFetch(input, { ...init, headers });
  };

  // Made on the first subscription: HTTP-only use needs no WebSocket implementation (Node 20 has none).
  let ws: WsClient | undefined;
  const wsClient = () =>
    (ws ??= createWsClient({
      url: wsUrl,
      webSocketImpl: options.webSocketImpl,
      lazy: true,
      // Asked again on every (re)connection.
      connectionParams: async () => {
        const value = await authorization();
        return value ? { authorization: value } : {};
      },
      retryAttempts: options.retryAttempts ?? 8,
      // Any lost connection is worth another try; graphql-ws backs off between attempts.
      shouldRetry: () => true,
    }));

  const urql = new Client({
    url: httpUrl,
    fetch: authorizedFetch,
    exchanges: [
      cacheExchange,
      ...(options.exchanges ?? []),
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

  return { urql, dispose: async () => void (await ws?.dispose()) };
}
