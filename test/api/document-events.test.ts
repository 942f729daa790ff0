// realmDocumentEvents: a realm's document changes arrive live over graphql-ws and SSE (created, PROCESSING,
// each stage run started and finished, READY or FAILED, deleted), in order, with the document's global id;
// a token without read on the realm gets NOT_FOUND and nothing of it. Run with the in-memory pub/sub and Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";
import { createTestApp, ok, type TestApp } from "../helpers/app.ts";
import { pubsubKinds, redisUrl } from "../helpers/services.ts";
import { createEmbeddedDatabase, createRealm } from "../helpers/fixtures.ts";

const EVENTS = `subscription($r: ID!) { realmDocumentEvents(realmId: $r) { type documentId title status error stage stageRunId createdAt } }`;
const PIPELINE = ["MARKDOWN_CONVERSION", "CHUNKER", "FACT_GENERATOR", "INGESTOR"];

describe.each(pubsubKinds())("realm document events with %s pub/sub", (kind) => {
  let t: TestApp;
  let url: string;
  let realm: string;
  let other: string;
  let outsider: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp("pglite", kind === "redis" ? { REDIS_URL: redisUrl()! } : {});
    url = (await t.app.start(0, "127.0.0.1")).replace("http", "ws") + "/graphql";
    realm = await createRealm(t, "events-realm");
    other = await createRealm(t, "events-other");
    await createEmbeddedDatabase(t, "events-db", realm);
    outsider = ok(
      await t.gql(
        `mutation($r: ID!) { createApiToken(input: { name: "outsider", roles: [{ realmId: $r, role: EDITOR }] }) { __typename ... on MutationCreateApiTokenSuccess { data { token } } } }`,
        { r: other },
      ),
      "createApiToken",
    ).token;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  /** Subscribes over graphql-ws; `started` resolves once the server holds the subscription. */
  function collect(token: string, until: (e: any) => boolean) {
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(c);
    const events: any[] = [];
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    const done = new Promise<any[]>((resolve, reject) => {
      const dispose = c.subscribe(
        { query: EVENTS, variables: { r: realm } },
        {
          next: (result) => {
            if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
            const event = (result.data as any).realmDocumentEvents;
            events.push(event);
            if (until(event)) {
              dispose();
              resolve(events);
            }
          },
          error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
          complete: () => resolve(events),
        },
      );
      c.on("connected", () => setTimeout(ready, 150));
    });
    return { events, started, done };
  }

  async function upload(name: string, content: string): Promise<string> {
    return ok(await t.upload({ realmId: realm, name, type: "text/markdown", content }), "createDocument").id;
  }

  it("streams a document's life over graphql-ws: created, processing, every stage run, READY, deleted", async () => {
    const feed = collect(t.adminToken, (e) => e.type === "document.deleted");
    await feed.started;
    const id = await upload("live.md", "# Live\n\nAda Lovelace met Charles Babbage in London.\n");
    ok(
      await t.gql(`mutation($id: ID!) { processDocument(input: { id: $id }) { __typename } }`, { id }),
      "processDocument",
    );
    await t.app.services.processor.idle();
    ok(await t.gql(`mutation($id: ID!) { deleteDocument(id: $id) { __typename } }`, { id }), "deleteDocument");
    const events = await feed.done;

    expect(events.every((e) => e.documentId === id && e.title === "live.md")).toBe(true);
    expect(events[0]).toMatchObject({ type: "document.created", status: "UPLOADED" });
    expect(events[1]).toMatchObject({ type: "document.status_changed", status: "PROCESSING" });
    const stageEvents = events.filter((e) => e.type.startsWith("stage_run."));
    expect(stageEvents.map((e) => `${e.type}:${e.stage}`)).toEqual(
      PIPELINE.flatMap((s) => [`stage_run.started:${s}`, `stage_run.succeeded:${s}`]),
    );
    expect(stageEvents.every((e) => typeof e.stageRunId === "string")).toBe(true);
    expect(events.at(-2)).toMatchObject({ type: "document.status_changed", status: "READY", error: null });
    expect(events.at(-1)).toMatchObject({ type: "document.deleted" });
    const times = events.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("reports a failed stage and the FAILED status with its error", async () => {
    const feed = collect(t.adminToken, (e) => e.type === "document.status_changed" && e.status !== "PROCESSING");
    await feed.started;
    const id = await upload("only-chunks.md", "# Chunks\n\nSome text.\n");
    // processDocument refuses stages without their inputs, so the processor is asked directly: the fact
    // generator, run without the chunker's output, fails.
    await t.app.services.processor.process(Buffer.from(id, "base64").toString().split(":")[1]!, {
      stages: ["fact-generator"],
    });
    const events = await feed.done;
    const failed = events.find((e) => e.type === "stage_run.failed");
    expect(failed).toMatchObject({ stage: "FACT_GENERATOR", documentId: id });
    expect(failed.error).toBeTruthy();
    expect(events.at(-1)).toMatchObject({ type: "document.status_changed", status: "FAILED", documentId: id });
    expect(events.at(-1).error).toMatch(/fact-generator/);
  });

  it("delivers the same events over SSE", async () => {
    const controller = new AbortController();
    const response = await t.app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        authorization: `Bearer ${t.adminToken}`,
      },
      body: JSON.stringify({ query: EVENTS, variables: { r: realm } }),
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    // The stream is open once the first bytes (a keep-alive or the headers' flush) arrive; give it a moment.
    await new Promise((r) => setTimeout(r, 200));
    const id = await upload("sse.md", "# SSE\n");
    while (!text.includes('"document.created"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const events = text
      .split("\n")
      .filter((l) => l.startsWith("data: ") && l.includes('"realmDocumentEvents"'))
      .map((l) => JSON.parse(l.slice(6)).data.realmDocumentEvents);
    expect(events[0]).toMatchObject({ type: "document.created", documentId: id, status: "UPLOADED", title: "sse.md" });
  });

  it("refuses a token without read on the realm (NOT_FOUND, as for an unknown realm) over graphql-ws and SSE", async () => {
    await expect(collect(outsider, () => true).done).rejects.toThrow(/NOT_FOUND|not found/i);
    const response = await t.app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${outsider}` },
      body: JSON.stringify({ query: EVENTS, variables: { r: realm } }),
    });
    const text = await response.text();
    expect(text).toMatch(/NOT_FOUND/);
    expect(text).not.toContain("events-realm");
    expect(text).not.toContain('"realmDocumentEvents":{');
  });
});
