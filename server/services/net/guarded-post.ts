// HTTP(S) POSTs to user-configured URLs under the outbound policy. The agents resolve host names through
// the policy's lookup, so a socket only ever connects to an address that was checked at that moment;
// literal addresses (which skip the lookup) are checked before the request, and the connected socket's
// remote address once more. Redirects are not followed: the configured URL is the only one sent to.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { OutboundPolicy } from "./outbound-policy.ts";

export interface PostResponse {
  status: number;
  statusText: string;
  headers: Headers;
}

export class GuardedPoster {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly policy: OutboundPolicy) {
    const options = { keepAlive: true, lookup: policy.lookup };
    this.agents = { http: new http.Agent(options), https: new https.Agent(options) };
  }

  /** POSTs `body`; resolves with the response status and headers once they arrive (the body is discarded). */
  async post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<PostResponse> {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host)) this.policy.assertAddress(host);
    const secure = target.protocol === "https:";
    return new Promise<PostResponse>((resolve, reject) => {
      const request = (secure ? https : http).request(
        target,
        {
          method: "POST",
          agent: secure ? this.agents.https : this.agents.http,
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
          signal,
        },
        (response) => {
          response.on("error", () => undefined);
          response.resume();
          const received = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
              received.append(name, one);
          }
          resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers: received });
        },
      );
      request.on("socket", (socket) => {
        const check = () => {
          try {
            if (socket.remoteAddress) this.policy.assertAddress(socket.remoteAddress, target.hostname);
          } catch (error) {
            request.destroy(error as Error);
          }
        };
        if (socket.remoteAddress) check();
        else socket.once("connect", check);
      });
      request.on("error", reject);
      request.end(body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
