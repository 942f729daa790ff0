// Records what a page sends to /graphql over HTTP (by operation name) and what arrives over its
// WebSockets, with a common clock, so a test can tell subscription-driven updates from polling.
import type { Page } from "playwright-core";

export interface HttpOperation {
  at: number;
  operationName: string;
}

export interface WsFrame {
  at: number;
  payload: string;
}

export class NetworkLog {
  readonly http: HttpOperation[] = [];
  readonly received: WsFrame[] = [];
  readonly sent: WsFrame[] = [];

  constructor(page: Page) {
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!url.pathname.endsWith("/graphql")) return;
      let operation: { operationName?: string | null; query?: string | null } | null = null;
      if (request.method() === "GET") {
        // urql sends short queries as GET (?query=…&operationName=…).
        operation = { operationName: url.searchParams.get("operationName"), query: url.searchParams.get("query") };
      } else if (request.method() === "POST") {
        try {
          operation = request.postDataJSON() as typeof operation;
        } catch {
          operation = { operationName: "(multipart)" };
        }
      }
      if (!operation) return;
      const named = operation.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(operation.query ?? "")?.[1];
      this.http.push({ at: Date.now(), operationName: named ?? "(anonymous)" });
    });
    page.on("websocket", (socket) => {
      socket.on("framereceived", (frame) => this.received.push({ at: Date.now(), payload: String(frame.payload) }));
      socket.on("framesent", (frame) => this.sent.push({ at: Date.now(), payload: String(frame.payload) }));
    });
  }

  mark(): number {
    return Date.now();
  }

  operations(since = 0, until = Infinity): string[] {
    return this.http.filter((r) => r.at >= since && r.at <= until).map((r) => r.operationName);
  }

  /** migrationProgress events received since `since`, parsed. */
  progressEvents(since = 0): Array<{ at: number; sequence: number; type: string; status: string }> {
    return this.received
      .filter((f) => f.at >= since && f.payload.includes('"migrationProgress"'))
      .map((f) => {
        const message = JSON.parse(f.payload) as {
          payload: { data: { migrationProgress: { sequence: number; type: string; status: string } } };
        };
        return { at: f.at, ...message.payload.data.migrationProgress };
      });
  }

  /** graphql-ws `subscribe` messages for migrationProgress since `since`, with their variables. */
  progressSubscriptions(since = 0): Array<{ afterSequence: number | null }> {
    return this.sent
      .filter((f) => f.at >= since && f.payload.includes('"subscribe"') && f.payload.includes("migrationProgress"))
      .map((f) => {
        const message = JSON.parse(f.payload) as { payload: { variables: { afterSequence?: number | null } } };
        return { afterSequence: message.payload.variables.afterSequence ?? null };
      });
  }
}
