// Requests that cost the caller nothing must not cost the server much: a 100 000-id list, a 10 MB body,
// a huge token count without a token, deep introspection and an alias bomb are each refused with a clear
// error before anything runs, while a trivial query sent meanwhile still answers (its latency is printed,
// not asserted). Plus the web hardening around it: CORS, page headers, where tokens are accepted, graphql-ws
// (4401 on a bad connection_init, mutations on the socket, the per-token subscription limit).
import crypto from "node:crypto";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { CREATE_MIGRATION, createEmbeddedDatabase, createRealm, processedDocuments } from "../helpers/fixtures.ts";

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function send(url: string, init: RequestInit & { duplex?: "half" }): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (HTML, empty)
  }
  return { status: response.status, headers: response.headers, body };
}

const codeOf = (reply: Reply) => reply.body?.errors?.[0]?.extensions?.code;
const messageOf = (reply: Reply) => String(reply.body?.errors?.[0]?.message ?? "");

describe("abusive requests against a real server", () => {
  let t: TestApp;
  let base: string;
  let graphql: string;
  const latencies: Array<Record<string, string | number>> = [];

  beforeAll(async () => {
    t = await createTestApp("pglite");
    base = await t.app.start(0, "127.0.0.1");
    graphql = `${base}/graphql`;
    // For comparison: the same trivial query with nothing else going on.
    const probes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const sent = performance.now();
      await post(JSON.stringify({ query: "{ viewer { admin } }" }));
      probes.push(performance.now() - sent);
    }
    probes.sort((a, b) => a - b);
    latencies.push({
      request: "(none: baseline)",
      refusedWith: "",
      abusiveMs: 0,
      probes: probes.length,
      probeMedianMs: Math.round(probes[5]!),
      probeMaxMs: Math.round(probes[9]!),
    });
  });
  afterAll(async () => {
    console.log("Latency of a trivial query sent while each abusive request ran:");
    console.table(latencies);
    await t?.close();
  });

  const post = (body: string | ReadableStream, token: string | null = t.adminToken, headers = {}) =>
    send(graphql, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body,
      ...(typeof body === "string" ? {} : { duplex: "half" as const }),
    });

  /** Runs `abusive`, sending `{ viewer { admin } }` meanwhile (at least once), and records the latencies. */
  async function whileRunning(name: string, abusive: () => Promise<Reply>): Promise<Reply> {
    const started = performance.now();
    let settled = false;
    const pending = abusive().finally(() => (settled = true));
    const probes: number[] = [];
    do {
      const sent = performance.now();
      const reply = await post(JSON.stringify({ query: "{ viewer { admin } }" }));
      expect(reply.body.data).toEqual({ viewer: { admin: true } });
      probes.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 10));
    } while (!settled);
    const reply = await pending;
    probes.sort((a, b) => a - b);
    latencies.push({
      request: name,
      refusedWith: `${reply.status} ${codeOf(reply) ?? ""}`.trim(),
      abusiveMs: Math.round(performance.now() - started),
      probes: probes.length,
      probeMedianMs: Math.round(probes[Math.floor(probes.length / 2)]!),
      probeMaxMs: Math.round(probes[probes.length - 1]!),
    });
    return reply;
  }

  it("refuses a 100 000-id list argument before running it (INVALID_INPUT naming the argument and the limit)", async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => String(i));
    const nodesBody = JSON.stringify({ query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables: { ids } });
    const nodes = await whileRunning("nodes(ids: 100 000 ids)", () => post(nodesBody));
    expect(nodes.status).toBe(200);
    expect(codeOf(nodes)).toBe("INVALID_INPUT");
    expect(messageOf(nodes)).toMatch(/"ids" of nodes has 100000 items; the limit is 10000 \(MAX_LIST_ARGUMENT\)/);
    expect(nodes.body.data ?? null).toBeNull();

    const before = await t.rowCounts();
    const retryBody = JSON.stringify({
      query: "mutation($m: ID!, $d: [ID!]) { retryFailedDocuments(migrationId: $m, documentIds: $d) { __typename } }",
      variables: { m: crypto.randomUUID(), d: ids },
    });
    const retry = await whileRunning("retryFailedDocuments(documentIds: 100 000 ids)", () => post(retryBody));
    expect(codeOf(retry)).toBe("INVALID_INPUT");
    expect(messageOf(retry)).toMatch(/"documentIds" of retryFailedDocuments has 100000 items/);
    expect(await t.rowCounts()).toEqual(before);

    // Lists inside input objects are counted too, and a list at the limit passes.
    const nested = await post(
      JSON.stringify({
        query: "mutation($input: MigrationInput!) { createMigration(input: $input) { __typename } }",
        variables: { input: { type: "DOCUMENT_TO_REALM", sourceRealmId: "a", documentIds: ids.slice(0, 10_001) } },
      }),
    );
    expect(codeOf(nested)).toBe("INVALID_INPUT");
    expect(messageOf(nested)).toMatch(/"input\.documentIds" of createMigration has 10001 items/);
    const atLimit = await post(
      JSON.stringify({
        query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        variables: { ids: ids.slice(0, 10) },
      }),
    );
    expect(codeOf(atLimit)).not.toBe("INVALID_INPUT");
  });

  it("answers a 10 MB body 413 without reading it, with or without a token, with or without Content-Length", async () => {
    const huge = JSON.stringify({ query: "{ viewer { admin } }", variables: { pad: "x".repeat(10 * 1024 * 1024) } });
    for (const token of [t.adminToken, null]) {
      const reply = await whileRunning(`10 MB body, ${token ? "with" : "without"} a token`, () => post(huge, token));
      expect(reply.status).toBe(413);
      expect(codeOf(reply)).toBe("PAYLOAD_TOO_LARGE");
      expect(messageOf(reply)).toMatch(/larger than 1048576 bytes \(MAX_REQUEST_BYTES\)/);
    }
    // Chunked (no Content-Length): counted as it arrives and cut at the limit.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query":"{ viewer { admin } }","variables":{"pad":"'));
      },
      pull(controller) {
        if (sent >= 10 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const chunked = await whileRunning("10 MB chunked body", () => post(stream));
    expect(chunked.status).toBe(413);
    expect(codeOf(chunked)).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses a huge token count: without a token before parsing, with one at the parser's limit", async () => {
    const query = `{ ${"a ".repeat(400_000)}}`;
    const body = JSON.stringify({ query });
    const anonymous = await whileRunning("400 000 tokens without a token", () => post(body, null));
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(anonymous.body.data).toBeNull();
    const authenticated = await whileRunning("400 000 tokens with a token", () => post(body));
    expect(authenticated.status).toBe(200);
    expect(codeOf(authenticated)).toBe("QUERY_TOO_LARGE");
    expect(messageOf(authenticated)).toMatch(/more than 2000 tokens \(MAX_QUERY_TOKENS\)/);
    // application/graphql-response+json: a request error is a 400 (GraphQL over HTTP).
    const spec = await post(JSON.stringify({ query }), t.adminToken, {
      accept: "application/graphql-response+json",
    });
    expect(spec.status).toBe(400);
    expect(codeOf(spec)).toBe("QUERY_TOO_LARGE");
  });

  it("refuses deep introspection, serves the standard introspection query only with a token", async () => {
    const deep = `{ __schema { types { fields { type { ${"ofType { ".repeat(50)}name${" }".repeat(50)} } } } } }`;
    const deepBody = JSON.stringify({ query: deep });
    const refused = await whileRunning("introspection 50 ofType deep", () => post(deepBody));
    expect(codeOf(refused)).toBe("QUERY_TOO_COMPLEX");
    expect(messageOf(refused)).toMatch(/depth 55 exceeds the limit of 15 for introspection/);
    expect(codeOf(await post(JSON.stringify({ query: deep }), null))).toBe("UNAUTHENTICATED");

    const standard = JSON.stringify({
      query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
    });
    const schema = await post(standard);
    expect(schema.body.errors).toBeUndefined();
    expect(schema.body.data.__schema.queryType.name).toBe("Query");
    const anonymous = await post(standard, null);
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(anonymous.body.data).toBeNull();
    // The depth limit for everything else stays MAX_QUERY_DEPTH.
    const nest = (depth: number) => "originDocument { ".repeat(depth) + "id" + " }".repeat(depth);
    const deepQuery = await post(
      JSON.stringify({ query: `{ document(id: "${crypto.randomUUID()}") { ${nest(14)} } }` }),
    );
    expect(messageOf(deepQuery)).toMatch(/depth 16 exceeds the limit of 12 \(MAX_QUERY_DEPTH\)/);
  });

  it("refuses an alias bomb of 200 aliased introspections, also through fragments", async () => {
    const bomb = `{ ${Array.from({ length: 200 }, (_, i) => `s${i}: __schema { queryType { name } }`).join(" ")} }`;
    const bombBody = JSON.stringify({ query: bomb });
    const reply = await whileRunning("200 aliased __schema", () => post(bombBody));
    expect(codeOf(reply)).toBe("QUERY_TOO_COMPLEX");
    expect(messageOf(reply)).toMatch(/200 aliases; the limit is 30 \(MAX_QUERY_ALIASES\)/);
    expect(codeOf(await post(JSON.stringify({ query: bomb }), null))).toBe("UNAUTHENTICATED");

    // 4 spreads of a fragment with 10 aliases = 40.
    const aliases = Array.from({ length: 10 }, (_, i) => `v${i}: viewer { admin }`).join(" ");
    const viaFragments = await post(
      JSON.stringify({
        query: `query { ...F a: viewer { ...G } b: viewer { ...G } } fragment F on Query { ${aliases} } fragment G on Viewer { ${Array.from({ length: 15 }, (_, i) => `x${i}: admin`).join(" ")} }`,
      }),
    );
    expect(messageOf(viaFragments)).toMatch(/uses 42 aliases/);
    const few = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(few.body.data.v9).toEqual({ admin: true });
  });

  it("accepts a token from the Authorization header only, not from extensions in the body or the URL", async () => {
    const authorization = `Bearer ${t.adminToken}`;
    const inBody = await post(JSON.stringify({ query: "{ viewer { admin } }", extensions: { authorization } }), null);
    expect(codeOf(inBody)).toBe("UNAUTHENTICATED");
    expect(inBody.body.data).toBeNull();
    const params = new URLSearchParams({
      query: "{ viewer { admin } }",
      extensions: JSON.stringify({ authorization }),
    });
    const inUrl = await send(`${graphql}?${params}`, { headers: { accept: "application/json" } });
    expect(codeOf(inUrl)).toBe("UNAUTHENTICATED");
    const header = await send(`${graphql}?${new URLSearchParams({ query: "{ viewer { admin } }" })}`, {
      headers: { accept: "application/json", authorization },
    });
    expect(header.body.data).toEqual({ viewer: { admin: true } });
  });

  it("sends no CORS headers to foreign origins (nor to `null`) by default", async () => {
    for (const origin of ["https://evil.example", "null"]) {
      const preflight = await send(graphql, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
      const reply = await post(JSON.stringify({ query: "{ viewer { admin } }" }), t.adminToken, { origin });
      expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("serves GraphiQL with a CSP (its own files only, no inline script), no framing and no Referer", async () => {
    const page = await send(graphql, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(scriptSrc).toBe("script-src 'self'");
    const html = String(page.body);
    // Nothing executable inline (a JSON data block is not a script), nothing from another origin.
    expect([...html.matchAll(/<script(?![^>]*\b(?:src|type="application\/json")=?)[^>]*>/g)]).toEqual([]);
    expect(html).not.toMatch(/unpkg|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it("replaces an x-request-id that looks like a token", async () => {
    for (const id of [t.adminToken, `req-${t.adminToken}`, `abc${t.adminToken}`]) {
      const reply = await post(JSON.stringify({ query: "{ viewer { admin } }" }), t.adminToken, { "x-request-id": id });
      expect(reply.body.data).toEqual({ viewer: { admin: true } });
      expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    const plain = await post(JSON.stringify({ query: "{ viewer { admin } }" }), t.adminToken, {
      "x-request-id": "trace-1:a.b_c",
    });
    expect(plain.headers.get("x-request-id")).toBe("trace-1:a.b_c");
  });
});

describe("graphql-ws and settings of the limits", () => {
  let t: TestApp;
  let base: string;
  let ws: string;
  let source: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp("pglite", {
      MAX_LIST_ARGUMENT: "5",
      MAX_SUBSCRIPTIONS_PER_TOKEN: "2",
      MAX_QUERY_TOKENS: "200",
      MAX_QUERY_ALIASES: "3",
      MAX_REQUEST_BYTES: "4096",
      PUBLIC_INTROSPECTION: "true",
      CORS_ORIGINS: "https://app.example.com",
    });
    base = await t.app.start(0, "127.0.0.1");
    ws = `${base.replace("http", "ws")}/graphql`;
    source = await createRealm(t, "ws-source");
    const target = await createRealm(t, "ws-target");
    await createEmbeddedDatabase(t, "ws-source-db", source);
    await createEmbeddedDatabase(t, "ws-target-db", target);
    await processedDocuments(t, source, 1);
    targetRealm = target;
  });
  let targetRealm: string;
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  function client(token: string | null = t.adminToken, onClosed?: (event: unknown) => void): Client {
    const c = createClient({
      url: ws,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: false,
      on: onClosed ? { closed: onClosed } : {},
    });
    clients.push(c);
    return c;
  }

  /** One result of a query or mutation over the socket. */
  function once(c: Client, query: string, variables?: Record<string, unknown>): Promise<any> {
    return new Promise((resolve, reject) => {
      let result: any;
      c.subscribe(
        { query, variables },
        {
          next: (value) => (result = value),
          error: (error) => resolve({ errors: Array.isArray(error) ? error : [error] }),
          complete: () => (result ? resolve(result) : reject(new Error("completed without a result"))),
        },
      );
    });
  }

  /** A live subscription to the source realm's migration events. */
  function subscribeRealm(c: Client) {
    const events: any[] = [];
    const errors: any[] = [];
    let completed = false;
    const dispose = c.subscribe(
      { query: `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { type } }`, variables: { r: source } },
      {
        next: (value) => (value.errors ? errors.push(...value.errors) : events.push(value.data)),
        error: (error) => errors.push(error),
        complete: () => (completed = true),
      },
    );
    return { events, errors, dispose, completed: () => completed };
  }

  it("closes a socket whose connection_init has no valid token with 4401, at once", async () => {
    for (const token of [null, "rms_not-a-real-token"]) {
      const socket = new WebSocket(ws, "graphql-transport-ws");
      await new Promise((resolve) => socket.once("open", resolve));
      const started = performance.now();
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        socket.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
      );
      socket.send(
        JSON.stringify({ type: "connection_init", payload: token ? { authorization: `Bearer ${token}` } : {} }),
      );
      const { code, reason } = await closed;
      console.log(
        `connection_init with ${token ? "an invalid" : "no"} token closed after ${Math.round(performance.now() - started)} ms`,
      );
      expect(code).toBe(4401);
      expect(reason).toMatch(/valid token/);
    }
  });

  it("closes a socket that sends a message over MAX_REQUEST_BYTES (1009) before reading it whole", async () => {
    const socket = new WebSocket(ws, "graphql-transport-ws");
    await new Promise((resolve) => socket.once("open", resolve));
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${t.adminToken}` } }));
    await new Promise((resolve) => socket.once("message", resolve)); // connection_ack
    socket.send(
      JSON.stringify({
        id: "1",
        type: "subscribe",
        payload: { query: `{ viewer { admin } } # ${"x".repeat(10_000)}` },
      }),
    );
    expect(await closed).toBe(1009);
  });

  it("runs queries and mutations over the socket and keeps its subscription alive; a refused one is only that operation's error", async () => {
    let closedWith: unknown;
    const c = client(t.adminToken, (event) => (closedWith = event));
    const live = subscribeRealm(c);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const created = await once(c, `mutation { createRealm(input: { name: "made-over-ws" }) { __typename } }`);
    expect(created).toEqual({ data: { createRealm: { __typename: "MutationCreateRealmSuccess" } } });
    expect((await once(c, `{ viewer { admin } }`)).data).toEqual({ viewer: { admin: true } });
    // Refused operations: list too long, too many tokens, bad syntax, validation.
    const list = await once(c, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: ["1", "2", "3", "4", "5", "6"],
    });
    expect(list.errors[0].extensions.code).toBe("INVALID_INPUT");
    const tokens = await once(c, `{ ${"viewer { admin } ".repeat(60)}}`);
    expect(tokens.errors[0].extensions.code).toBe("QUERY_TOO_LARGE");
    expect((await once(c, `{ viewer { `)).errors[0].message).toMatch(/Syntax Error/);
    expect((await once(c, `{ nope }`)).errors[0].message).toMatch(/Cannot query field "nope"/);

    // The subscription still delivers: a migration from the realm publishes events to it.
    const documents = await t.gql(`query($r: ID!) { documents(realmId: $r, first: 5) { edges { node { id } } } }`, {
      r: source,
    });
    const migration = await once(c, CREATE_MIGRATION, {
      input: {
        type: "DOCUMENT_TO_REALM",
        sourceRealmId: source,
        targetRealmId: targetRealm,
        documentIds: documents.data.documents.edges.map((e: any) => e.node.id),
      },
    });
    expect(migration.data?.createMigration.__typename, JSON.stringify(migration)).toBe(
      "MutationCreateMigrationSuccess",
    );
    await expect.poll(() => live.events.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(live.errors).toEqual([]);
    expect(live.completed()).toBe(false);
    expect(closedWith).toBeUndefined();
    live.dispose();
  });

  it("refuses a token's subscription beyond MAX_SUBSCRIPTIONS_PER_TOKEN, over graphql-ws and SSE, without ending the others", async () => {
    // A token of its own, so no other test's subscriptions count against it.
    const created = await t.gql(
      `mutation($r: ID!) { createApiToken(input: { name: "subscriber", roles: [{ realmId: $r, role: VIEWER }] }) { __typename ... on MutationCreateApiTokenSuccess { data { token } } } }`,
      { r: source },
    );
    const token: string = created.data.createApiToken.data.token;
    const c = client(token);
    const first = subscribeRealm(c);
    const second = subscribeRealm(c);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = subscribeRealm(c);
    await expect.poll(() => third.errors.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(third.errors[0].extensions.code).toBe("TOO_MANY_SUBSCRIPTIONS");
    expect(third.errors[0].message).toMatch(/2 open subscriptions.*MAX_SUBSCRIPTIONS_PER_TOKEN/);

    const sse = async () => {
      const controller = new AbortController();
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          query: `subscription($r: ID!) { realmMigrationEvents(realmId: $r) { type } }`,
          variables: { r: source },
        }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      let text = "";
      const deadline = Date.now() + 1500;
      while (!/event: next/.test(text) && Date.now() < deadline) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<{ value: undefined; done: true }>((r) =>
            setTimeout(() => r({ value: undefined, done: true }), 300),
          ),
        ]);
        if (chunk.value) text += new TextDecoder().decode(chunk.value);
        if (chunk.done && !chunk.value) break;
      }
      controller.abort();
      return text;
    };
    expect(await sse()).toContain("TOO_MANY_SUBSCRIPTIONS");
    // Another token has its own allowance; ending one subscription frees a slot.
    first.dispose();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = subscribeRealm(c);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(again.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    expect(second.completed()).toBe(false);
    again.dispose();
    second.dispose();
  });

  it("applies the limits' settings: list length, tokens, aliases, request bytes, public introspection, CORS origins", async () => {
    const post = (body: unknown, token: string | null = t.adminToken, headers = {}) =>
      send(`${base}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify(body),
      });
    const literal = await post({ query: `{ nodes(ids: ["1", "2", "3", "4", "5", "6"]) { id } }` });
    expect(messageOf(literal)).toMatch(/"ids" of nodes has 6 items; the limit is 5/);
    expect(codeOf(await post({ query: `{ ${"viewer { admin } ".repeat(60)}}` }))).toBe("QUERY_TOO_LARGE");
    expect(
      messageOf(
        await post({ query: `{ a: viewer { admin } b: viewer { admin } c: viewer { admin } d: viewer { admin } }` }),
      ),
    ).toMatch(/4 aliases; the limit is 3/);
    const big = await post({ query: "{ viewer { admin } }", variables: { pad: "x".repeat(5000) } });
    expect(big.status).toBe(413);
    expect(messageOf(big)).toMatch(/larger than 4096 bytes/);

    // PUBLIC_INTROSPECTION: introspection answers without a token; data still needs one.
    const introspection = await post({ query: `{ __schema { queryType { name } } }` }, null);
    expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    const data = await post({ query: `{ realms { id } }` }, null);
    expect(codeOf(data)).toBe("UNAUTHENTICATED");
    const deep = `{ __schema { types { fields { type { ${"ofType { ".repeat(50)}name${" }".repeat(50)} } } } } }`;
    expect(codeOf(await post({ query: deep }, null))).toBe("QUERY_TOO_COMPLEX");

    // CORS_ORIGINS: the listed origin is allowed (without credentials), others get nothing.
    const preflight = (origin: string) =>
      send(`${base}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
      });
    const allowed = await preflight("https://app.example.com");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    for (const origin of ["https://evil.example", "null", "https://app.example.com.evil.example"]) {
      expect((await preflight(origin)).headers.get("access-control-allow-origin")).toBeNull();
    }
    const reply = await post({ query: "{ viewer { admin } }" }, t.adminToken, { origin: "https://app.example.com" });
    expect(reply.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
  });

  it("refuses an upload without a token before reading the file", async () => {
    const form = new FormData();
    form.set(
      "operations",
      JSON.stringify({
        query: `mutation($f: File!) { createDocument(input: { realmId: "${source}", file: $f }) { __typename } }`,
        variables: { f: null },
      }),
    );
    form.set("map", JSON.stringify({ 0: ["variables.f"] }));
    form.set("0", new File(["# hi"], "a.md", { type: "text/markdown" }));
    const before = await t.rowCounts();
    const reply = await send(`${base}/graphql`, { method: "POST", body: form });
    expect(codeOf(reply)).toBe("UNAUTHENTICATED");
    expect(await t.rowCounts()).toEqual(before);
  });
});
