// One contract suite for both pub/sub implementations: memory always, Redis when REDIS_URL is set (and required
// with REQUIRE_SERVICES=1). Redis-only behaviour (shared server-side subscriptions, reconnects, foreign publishers,
// connection failures) follows. Every topic is unique, so files running against the same Redis never interfere.
import { randomUUID } from "node:crypto";
import net, { type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { redisUrl } from "../helpers/services.ts";
import {
  createPubSub,
  PubSubClosedError,
  SubscriberOverflowError,
  type CreatePubSubOptions,
  type PubSub,
} from "../../server/services/pubsub.ts";

// Belongs beside postgresUrl() in test/helpers/services.ts.
type Kind = "memory" | "redis";
const REDIS_URL = redisUrl();
const kinds: Kind[] = REDIS_URL ? ["memory", "redis"] : ["memory"];

const topic = (name: string) => `test:pubsub:${name}:${randomUUID()}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const DONE = { done: true, value: undefined };

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const values: T[] = [];
  while (values.length < count) {
    const result = await iterator.next();
    if (result.done) throw new Error(`the iterator ended after ${values.length} of ${count} messages`);
    values.push(result.value);
  }
  return values;
}

/** Creates pub/subs that are closed after each test, with their onError reports collected. */
function pubSubFactory(defaults: CreatePubSubOptions) {
  const open: PubSub[] = [];
  const errors: unknown[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((pubsub) => pubsub.close()));
  });
  return {
    errors,
    async create(options: CreatePubSubOptions = {}): Promise<PubSub> {
      const pubsub = await createPubSub({ ...defaults, onError: (error) => errors.push(error), ...options });
      open.push(pubsub);
      return pubsub;
    },
  };
}

/** A plain connection beside the pub/sub, to look at Redis from outside (none for the memory implementation). */
function redisAdmin(enabled: boolean) {
  let admin: Redis | undefined;
  beforeAll(() => {
    if (enabled && REDIS_URL) admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await admin?.quit();
  });
  return {
    get client(): Redis {
      if (!admin) throw new Error("no REDIS_URL");
      return admin;
    },
    /** Server-side subscribers of `channel` (PUBSUB NUMSUB), or undefined for the memory implementation. */
    async subscribers(channel: string): Promise<number | undefined> {
      if (!admin) return undefined;
      const reply = (await admin.pubsub("NUMSUB", channel)) as [string, number | string];
      return Number(reply[1]);
    },
  };
}

/** A TCP proxy to Redis that holds back each chunk sent to Redis by `delayMs`, keeping order; replies pass as is. */
async function slowProxy(redisUrl: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(redisUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    let forwarded = Promise.resolve();
    client.on("data", (chunk) => {
      forwarded = forwarded.then(() => sleep(delayMs)).then(() => void upstream.write(chunk));
    });
    upstream.pipe(client);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(redisUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.each(kinds)("PubSub (%s)", (kind) => {
  const pubsubs = pubSubFactory({ redisUrl: kind === "redis" ? REDIS_URL : undefined });
  const onRedis = kind === "redis";
  const admin = redisAdmin(onRedis);

  afterEach(() => {
    expect(pubsubs.errors).toEqual([]);
  });

  it("delivers messages published after subscribe, in publish order (100 concurrent publishes)", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("order");
    const iterator = await pubsub.subscribe<{ n: number }>(t);
    await Promise.all(range(100).map((n) => pubsub.publish(t, { n })));
    expect(await take(iterator, 100)).toEqual(range(100).map((n) => ({ n })));
  });

  it("receives a publish made right after subscribe resolves (50 fresh topics)", async () => {
    const pubsub = await pubsubs.create();
    for (const n of range(50)) {
      const t = topic(`fresh-${n}`);
      const iterator = await pubsub.subscribe<number>(t);
      await pubsub.publish(t, n);
      expect(await iterator.next()).toEqual({ done: false, value: n });
      await iterator.return?.();
    }
  });

  it("delivers to every subscriber of a topic, through one server-side subscription", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("fan-out");
    const first = await pubsub.subscribe<string>(t);
    const second = await pubsub.subscribe<string>(t);
    if (onRedis) expect(await admin.subscribers(t)).toBe(1);
    await pubsub.publish(t, "a");
    await pubsub.publish(t, "b");
    expect(await take(first, 2)).toEqual(["a", "b"]);
    expect(await take(second, 2)).toEqual(["a", "b"]);
  });

  it("keeps topics apart", async () => {
    const pubsub = await pubsubs.create();
    const [one, two] = [topic("one"), topic("two")];
    const onOne = await pubsub.subscribe<string>(one);
    const onTwo = await pubsub.subscribe<string>(two);
    await pubsub.publish(one, "1a");
    await pubsub.publish(two, "2a");
    await pubsub.publish(one, "1b");
    expect(await take(onOne, 2)).toEqual(["1a", "1b"]);
    expect(await take(onTwo, 1)).toEqual(["2a"]);
  });

  it("return() stops delivery to that subscriber and the last one releases the server-side subscription", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("return");
    const leaving = await pubsub.subscribe<string>(t);
    const staying = await pubsub.subscribe<string>(t);
    await pubsub.publish(t, "before");
    expect(await leaving.return?.()).toEqual(DONE);
    await pubsub.publish(t, "after");
    expect(await leaving.next()).toEqual(DONE);
    expect(await take(staying, 2)).toEqual(["before", "after"]);
    expect(await admin.subscribers(t)).toBe(onRedis ? 1 : undefined);

    await staying.return?.();
    expect(await admin.subscribers(t)).toBe(onRedis ? 0 : undefined);

    // The topic can be subscribed again after it was released.
    const again = await pubsub.subscribe<string>(t);
    await pubsub.publish(t, "again");
    expect(await again.next()).toEqual({ done: false, value: "again" });
  });

  it("ends the iterator when its signal aborts, and ends it at once for an aborted signal", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("abort");
    const controller = new AbortController();
    const iterator = await pubsub.subscribe<number>(t, { signal: controller.signal });
    await pubsub.publish(t, 1);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    const pending = iterator.next();
    controller.abort();
    expect(await pending).toEqual(DONE);
    await pubsub.publish(t, 2);
    expect(await iterator.next()).toEqual(DONE);
    // The UNSUBSCRIBE went out when the signal aborted; a ping on the same connection comes back after it.
    await pubsub.ping();
    expect(await admin.subscribers(t)).toBe(onRedis ? 0 : undefined);

    const late = await pubsub.subscribe(topic("aborted"), { signal: AbortSignal.abort() });
    expect(await late.next()).toEqual(DONE);
  });

  it(
    onRedis
      ? "delivers between two instances on the same Redis (as between processes)"
      : "keeps separate in-memory instances isolated",
    async () => {
      const [a, b] = [await pubsubs.create(), await pubsubs.create()];
      const t = topic("instances");
      const onA = await a.subscribe<string>(t);
      await b.publish(t, "from b");
      await a.publish(t, "from a");
      expect(await take(onA, onRedis ? 2 : 1)).toEqual(onRedis ? ["from b", "from a"] : ["from a"]);
    },
  );

  it("close() ends open iterators and refuses further use", async () => {
    const pubsub = await pubsubs.create();
    const waiting = await pubsub.subscribe(topic("close-waiting"));
    const idle = await pubsub.subscribe(topic("close-idle"));
    const pending = waiting.next();
    await pubsub.close();
    expect(await pending).toEqual(DONE);
    expect(await idle.next()).toEqual(DONE);
    await expect(pubsub.publish(topic("closed"), 1)).rejects.toBeInstanceOf(PubSubClosedError);
    await expect(pubsub.subscribe(topic("closed"))).rejects.toBeInstanceOf(PubSubClosedError);
    await expect(pubsub.ping()).rejects.toBeInstanceOf(PubSubClosedError);
    await expect(pubsub.close()).resolves.toBeUndefined();
  });

  it("sends payloads as JSON: Dates become ISO strings, undefined properties vanish, each subscriber gets a copy", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("json");
    const first = await pubsub.subscribe<Record<string, unknown>>(t);
    const second = await pubsub.subscribe<Record<string, unknown>>(t);
    await pubsub.publish(t, { at: new Date(0), nested: { list: [1, "two", null] }, gone: undefined });
    const expected = { at: "1970-01-01T00:00:00.000Z", nested: { list: [1, "two", null] } };
    const [fromFirst] = await take(first, 1);
    const [fromSecond] = await take(second, 1);
    expect(fromFirst).toStrictEqual(expected);
    expect(fromSecond).toStrictEqual(expected);
    expect(fromFirst).not.toBe(fromSecond);
  });

  it("rejects payloads that are not JSON-serialisable", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("not-json");
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const payload of [undefined, () => 1, 1n, circular]) {
      await expect(pubsub.publish(t, payload)).rejects.toThrow(/not JSON-serialisable/);
    }
  });

  it("drops a subscriber that falls too far behind, after the messages it had queued", async () => {
    const pubsub = await pubsubs.create({ maxQueuedMessages: 3 });
    const [slow, marker] = [topic("slow"), topic("marker")];
    const lagging = await pubsub.subscribe<number>(slow);
    const markerIterator = await pubsub.subscribe<string>(marker);
    for (const n of range(5)) await pubsub.publish(slow, n);
    await pubsub.publish(marker, "sent");
    // Messages from one publisher arrive in order across channels, so all five have arrived once the marker has.
    expect(await markerIterator.next()).toEqual({ done: false, value: "sent" });
    expect(await take(lagging, 3)).toEqual([0, 1, 2]);
    await expect(lagging.next()).rejects.toBeInstanceOf(SubscriberOverflowError);
    expect(await lagging.next()).toEqual(DONE);
    await pubsub.ping();
    expect(await admin.subscribers(slow)).toBe(onRedis ? 0 : undefined);
  });

  it("answers ping", async () => {
    const pubsub = await pubsubs.create();
    await expect(pubsub.ping()).resolves.toBeUndefined();
  });
});

describe.runIf(REDIS_URL)("PubSub on Redis only", () => {
  const pubsubs = pubSubFactory({ redisUrl: REDIS_URL });
  const admin = redisAdmin(true);

  it("resolves subscribe only once Redis has the subscription, even over a slow link", async () => {
    // Locally a SUBSCRIBE sent before a PUBLISH is processed first anyway, so a plain subscribe-then-publish cannot
    // catch an early resolve. Here the pub/sub's traffic to Redis is delayed while the PUBLISH goes direct:
    // PUBLISH's receiver count shows whether the subscription existed when subscribe() resolved.
    const proxy = await slowProxy(REDIS_URL!, 50);
    try {
      const pubsub = await pubsubs.create({ redisUrl: proxy.url });
      for (const n of range(5)) {
        const t = topic(`slow-link-${n}`);
        const iterator = await pubsub.subscribe<number>(t);
        expect(await admin.client.publish(t, JSON.stringify(n))).toBe(1);
        expect(await iterator.next()).toEqual({ done: false, value: n });
      }
      await pubsub.close();
    } finally {
      await proxy.close();
    }
  });

  it("reports a message that is not JSON to onError and keeps delivering", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("foreign");
    const iterator = await pubsub.subscribe<string>(t);
    await admin.client.publish(t, "{not json");
    await admin.client.publish(t, JSON.stringify("ok"));
    expect(await iterator.next()).toEqual({ done: false, value: "ok" });
    expect(pubsubs.errors).toHaveLength(1);
    expect(String(pubsubs.errors[0])).toMatch(/not JSON/);
    pubsubs.errors.length = 0;
  });

  it("resubscribes after Redis drops the subscriber connection", async () => {
    const pubsub = await pubsubs.create();
    const t = topic("reconnect");
    const iterator = await pubsub.subscribe<number>(t);
    const clients = String(await admin.client.call("CLIENT", "LIST", "TYPE", "pubsub"));
    const ours = [...clients.matchAll(/\bid=(\d+)\b.*\bname=pubsub-subscriber:(\d+)\b/g)].filter(
      (match) => match[2] === String(process.pid),
    );
    expect(ours).toHaveLength(1);
    await admin.client.client("KILL", "ID", ours[0]![1]!);

    // Publish until the re-established subscription delivers; the test timeout bounds the wait.
    const received = iterator.next();
    let result: IteratorResult<number> | undefined;
    for (let n = 0; !result; n++) {
      await pubsub.publish(t, n);
      result = await Promise.race([received, sleep(100, undefined)]);
    }
    expect(result.done).toBe(false);
    expect(await admin.subscribers(t)).toBe(1);
    pubsubs.errors.length = 0; // the dropped connection may have been reported; that is what onError is for
  });
});

describe("createPubSub with a Redis that cannot be used", () => {
  it("rejects within 10 s, naming host:port but not the password", async () => {
    const errors: unknown[] = [];
    const started = performance.now();
    const error = await createPubSub({
      redisUrl: "redis://user:s3cret@127.0.0.1:1",
      onError: (e) => errors.push(e),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Could not connect to Redis at 127\.0\.0\.1:1 .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain("s3cret");
    expect(errors).toEqual([]);
  });

  it("rejects a URL that is not a Redis URL without echoing it", async () => {
    await expect(createPubSub({ redisUrl: "not a url s3cret" })).rejects.toThrow(/not a valid URL/);
    await expect(createPubSub({ redisUrl: "not a url s3cret" })).rejects.not.toThrow(/s3cret/);
    await expect(createPubSub({ redisUrl: "http://127.0.0.1:6379" })).rejects.toThrow(/redis:\/\/ or rediss:\/\//);
  });
});
