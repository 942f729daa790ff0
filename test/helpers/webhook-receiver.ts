// A real HTTP receiver for webhook tests on 127.0.0.1: records every request with its raw body and answers
// as each path is told to (a status per request in turn, with headers if given, or no answer at all).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as it arrived. */
  body: string;
  json: any;
}

/** An answer with extra response headers (Retry-After, …). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
}

/** Per request to a path (0 for the first): the status (or answer) to give, or "hang" to never answer. */
export type Responder = (index: number) => number | Answer | "hang";

export interface Receiver {
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  respond(path: string, responder: Responder): void;
  requests(path: string): ReceivedRequest[];
  /** Drops the connections of requests left unanswered ("hang"). */
  releaseHanging(): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const responders = new Map<string, Responder>();
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      const body = Buffer.concat(chunks).toString("utf8");
      const index = received.filter((r) => r.path === path).length;
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // recorded as it came
      }
      received.push({ path, headers: req.headers, body, json });
      const answer = (responders.get(path) ?? (() => 200))(index);
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      const { status, headers } = typeof answer === "number" ? { status: answer, headers: {} } : answer;
      res.writeHead(status, { "content-type": "text/plain", ...headers }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    respond: (path, responder) => void responders.set(path, responder),
    requests: (path) => received.filter((r) => r.path === path),
    releaseHanging: () => {
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
