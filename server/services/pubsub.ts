// Pub/sub for migration events (topics `migration:<id>`, `realm:<id>:migrations`): in-process, or across
// processes through Redis when a URL is configured. Delivery is live and at-most-once: a subscriber sees what is
// published after `subscribe()` resolves, in publish order; whatever it misses (a Redis reconnect, falling too far
// behind) is recovered by replaying persisted migration events after a sequence number, never by this module.
// Payloads travel as JSON in both implementations, so they behave alike: a Date arrives as an ISO string,
// `undefined` properties vanish, and every subscriber gets its own copy.
//
// The Redis transport is ioredis itself, not graphql-redis-subscriptions' RedisPubSub: what RedisPubSub would add
// (SUBSCRIBE resolved once Redis confirms it) is what `await subscriber.subscribe()` already does, while its
// `unsubscribe()` leaves the UNSUBSCRIBE/PUNSUBSCRIBE promises unhandled, so a subscriber leaving while Redis is away
// raises two unhandled rejections ("Reached the max retries per request limit"), which end a Node process.
import { Redis, type RedisOptions } from "ioredis";

export interface PubSub {
  /** Sends `payload` (JSON-serialisable; rejects otherwise) to the current subscribers of `topic`. */
  publish(topic: string, payload: unknown): Promise<void>;
  /**
   * Live messages on `topic` from the moment this returns (subscription is established before it resolves).
   * Ends when the signal aborts or .return() is called. `T` is the caller's promise about the payload; it is
   * not checked. A subscriber that leaves more than `maxQueuedMessages` unread gets a SubscriberOverflowError
   * after the messages it had queued.
   */
  subscribe<T = unknown>(topic: string, options?: { signal?: AbortSignal }): Promise<AsyncIterableIterator<T>>;
  /** Ready to publish and subscribe (readiness probes). */
  ping(): Promise<void>;
  /** Ends every open iterator and releases the connections. Idempotent. */
  close(): Promise<void>;
}

export interface CreatePubSubOptions {
  /** `redis://` or `rediss://` URL. Without one, messages never leave this process. */
  redisUrl?: string;
  /** Failures no caller can be told about: lost connections, undecodable messages. Default: console.error. */
  onError?: (error: unknown) => void;
  /** How long createPubSub waits for both Redis connections to be ready before rejecting. Default 5000. */
  connectTimeoutMs?: number;
  /** Unread messages one subscriber may hold before it is dropped. Default 10000. */
  maxQueuedMessages?: number;
}

export class PubSubClosedError extends Error {
  constructor() {
    super("The pub/sub is closed.");
    this.name = "PubSubClosedError";
  }
}

export class SubscriberOverflowError extends Error {
  constructor(
    readonly topic: string,
    readonly limit: number,
  ) {
    super(
      `The subscriber on "${topic}" left more than ${limit} messages unread and was dropped. ` +
        "Subscribe again, resuming after the last sequence number it saw.",
    );
    this.name = "SubscriberOverflowError";
  }
}

export async function createPubSub(options: CreatePubSubOptions = {}): Promise<PubSub> {
  const report = options.onError ?? ((error: unknown) => console.error("[pubsub]", error));
  // Called from Redis event handlers: a throwing handler must not take the connection (or process) down.
  const onError = (error: unknown) => {
    try {
      report(error);
    } catch {
      // Nothing left to tell.
    }
  };
  const maxQueuedMessages = options.maxQueuedMessages ?? 10_000;
  if (!options.redisUrl) return new FanoutPubSub((deliver) => memoryTransport(deliver), onError, maxQueuedMessages);
  const connection = await connectRedis(options.redisUrl, options.connectTimeoutMs ?? 5_000, onError);
  return new FanoutPubSub((deliver) => redisTransport(connection, deliver), onError, maxQueuedMessages);
}

/** What differs between the implementations; local fan-out, queues and lifecycles are shared. */
interface Transport {
  /** Must send synchronously, before its first await, so concurrent publishes keep their call order. */
  publish(topic: string, json: string): Promise<void>;
  /** Resolves once messages on `topic` reach `deliver` (for Redis: the SUBSCRIBE is acknowledged). */
  listen(topic: string): Promise<void>;
  unlisten(topic: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

type Deliver = (topic: string, json: string) => void;

interface Topic {
  subscribers: Set<Subscription<unknown>>;
  /** The transport-level subscription; shared by every local subscriber of the topic. */
  ready: Promise<void>;
}

class FanoutPubSub implements PubSub {
  readonly #topics = new Map<string, Topic>();
  readonly #transport: Transport;
  #closing: Promise<void> | undefined;

  constructor(
    makeTransport: (deliver: Deliver) => Transport,
    private readonly onError: (error: unknown) => void,
    private readonly maxQueuedMessages: number,
  ) {
    this.#transport = makeTransport((topic, json) => this.#deliver(topic, json));
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    this.#assertOpen();
    await this.#transport.publish(topic, encode(topic, payload));
  }

  async subscribe<T = unknown>(
    topic: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<AsyncIterableIterator<T>> {
    this.#assertOpen();
    if (options.signal?.aborted) return Subscription.ended<T>();
    let entry = this.#topics.get(topic);
    if (!entry) {
      const created: Topic = { subscribers: new Set(), ready: this.#transport.listen(topic) };
      // Registered before any subscriber awaits `ready`, so a failed topic is forgotten before they see the error.
      created.ready.catch(() => {
        if (this.#topics.get(topic) === created) this.#topics.delete(topic);
      });
      this.#topics.set(topic, created);
      entry = created;
    }
    const topicEntry = entry;
    const subscription = new Subscription<T>(topic, this.maxQueuedMessages, options.signal, (ended) =>
      this.#release(topic, topicEntry, ended),
    );
    topicEntry.subscribers.add(subscription as Subscription<unknown>);
    try {
      await topicEntry.ready;
    } catch (error) {
      void subscription.return();
      if (this.#closing) return subscription;
      throw new Error(`Could not subscribe to "${topic}": ${messageOf(error)}`, { cause: error });
    }
    return subscription;
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    await this.#transport.ping();
  }

  close(): Promise<void> {
    if (!this.#closing) {
      const subscribers = [...this.#topics.values()].flatMap((entry) => [...entry.subscribers]);
      this.#topics.clear();
      this.#closing = this.#transport.close();
      for (const subscriber of subscribers) void subscriber.return();
    }
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new PubSubClosedError();
  }

  #deliver(topic: string, json: string): void {
    const entry = this.#topics.get(topic);
    if (!entry || entry.subscribers.size === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      this.onError(
        new Error(`Dropped a message on "${topic}" that is not JSON: ${messageOf(error)}`, { cause: error }),
      );
      return;
    }
    // Each subscriber gets its own copy, so none can change what another one sees.
    let first = true;
    for (const subscriber of [...entry.subscribers]) {
      subscriber.push(first ? value : JSON.parse(json));
      first = false;
    }
  }

  async #release(topic: string, entry: Topic, subscription: Subscription<unknown>): Promise<void> {
    entry.subscribers.delete(subscription);
    if (entry.subscribers.size > 0 || this.#topics.get(topic) !== entry) return;
    this.#topics.delete(topic);
    try {
      await this.#transport.unlisten(topic);
    } catch (error) {
      this.onError(new Error(`Could not unsubscribe from "${topic}": ${messageOf(error)}`, { cause: error }));
    }
  }
}

/** One subscriber's queue. Ending it (return, abort, close, overflow) drops what it had not read yet. */
class Subscription<T> implements AsyncIterableIterator<T> {
  readonly #queue: T[] = [];
  readonly #waiting: Array<(result: IteratorResult<T>) => void> = [];
  #done = false;
  #failure: Error | undefined;
  #released: Promise<void> | undefined;
  readonly #onAbort = () => void this.return();

  static ended<T>(): Subscription<T> {
    const subscription = new Subscription<T>("", 0, undefined, async () => {});
    void subscription.return();
    return subscription;
  }

  constructor(
    private readonly topic: string,
    private readonly maxQueued: number,
    private readonly signal: AbortSignal | undefined,
    private readonly release: (subscription: Subscription<unknown>) => Promise<void>,
  ) {
    signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  push(value: unknown): void {
    if (this.#done) return;
    const waiter = this.#waiting.shift();
    if (waiter) waiter({ value: value as T, done: false });
    else if (this.#queue.length < this.maxQueued) this.#queue.push(value as T);
    else {
      // Keep what was queued: the consumer reads up to the gap, then learns about it.
      this.#failure = new SubscriberOverflowError(this.topic, this.maxQueued);
      void this.#end();
    }
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.#queue.length > 0) return { value: this.#queue.shift() as T, done: false };
    const failure = this.#failure;
    if (failure) {
      this.#failure = undefined;
      throw failure;
    }
    if (this.#done) return { value: undefined, done: true };
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    this.#queue.length = 0;
    this.#failure = undefined;
    await this.#end();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #end(): Promise<void> {
    if (!this.#released) {
      this.#done = true;
      this.signal?.removeEventListener("abort", this.#onAbort);
      for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
      this.#released = this.release(this as Subscription<unknown>);
    }
    return this.#released;
  }
}

function encode(topic: string, payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new TypeError(`The payload for "${topic}" is not JSON-serialisable: ${messageOf(error)}`, { cause: error });
  }
  if (json === undefined)
    throw new TypeError(`The payload for "${topic}" is not JSON-serialisable (${typeof payload}).`);
  return json;
}

function memoryTransport(deliver: Deliver): Transport {
  return {
    // Synchronous delivery: when publish resolves, every subscriber has the message queued.
    publish: async (topic, json) => deliver(topic, json),
    listen: async () => {},
    unlisten: async () => {},
    ping: async () => {},
    close: async () => {},
  };
}

interface RedisConnection {
  publisher: Redis;
  subscriber: Redis;
  /** host:port, for messages; never the password. */
  address: string;
  /** Set by close(); errors after it are expected and not reported. */
  closed: boolean;
}

/** Bounded: commands queued while Redis is away fail after a few reconnect attempts instead of hanging. */
const MAX_RETRIES_PER_REQUEST = 5;
/** A PUBLISH not answered by then fails (a Redis that accepts but never answers must not pile them up). */
const PUBLISH_TIMEOUT_MS = 2_000;
const QUIT_TIMEOUT_MS = 1_000;

async function connectRedis(
  url: string,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Promise<RedisConnection> {
  const address = redisAddress(url);
  const redisOptions: RedisOptions = {
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  // Named so `CLIENT LIST` shows which process holds a connection.
  const connection: RedisConnection = {
    publisher: new Redis(url, {
      ...redisOptions,
      commandTimeout: PUBLISH_TIMEOUT_MS,
      connectionName: `pubsub-publisher:${process.pid}`,
    }),
    subscriber: new Redis(url, { ...redisOptions, connectionName: `pubsub-subscriber:${process.pid}` }),
    address,
    closed: false,
  };
  const clients = [
    { role: "publisher", client: connection.publisher },
    { role: "subscriber", client: connection.subscriber },
  ];
  let connected = false;
  let lastError: unknown;
  for (const { role, client } of clients) {
    // Always listened to: an `error` event without a listener is logged by ioredis, never thrown.
    client.on("error", (error: unknown) => {
      if (!connected) lastError = error;
      else if (!connection.closed)
        onError(new Error(`Redis ${role} connection to ${address}: ${messageOf(error)}`, { cause: error }));
    });
  }
  // Both must be ready before anything is sent: a SUBSCRIBE queued during the handshake can leave the
  // subscriber receiving nothing (see STACK-NOTES, "Redis pub/sub").
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(clients.map(({ client }) => untilReady(client))), deadline]);
    connected = true;
    return connection;
  } catch (error) {
    connection.closed = true;
    connection.publisher.disconnect();
    connection.subscriber.disconnect();
    const reason = lastError ?? error;
    throw new Error(
      `Could not connect to Redis at ${address} within ${timeoutMs} ms (${messageOf(reason)}). ` +
        "Check REDIS_URL and that Redis is running.",
      { cause: reason },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves on `ready`; ioredis keeps reconnecting meanwhile, so only the caller's deadline or `end` stop it. */
function untilReady(client: Redis): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off("end", onEnd);
      resolve();
    };
    const onEnd = () => {
      client.off("ready", onReady);
      reject(new Error("the connection ended"));
    };
    client.once("ready", onReady);
    client.once("end", onEnd);
  });
}

function redisTransport(connection: RedisConnection, deliver: Deliver): Transport {
  const { publisher, subscriber, address } = connection;
  subscriber.on("message", deliver);
  return {
    async publish(topic, json) {
      try {
        await publisher.publish(topic, json);
      } catch (error) {
        throw new Error(`Publishing to "${topic}" on Redis at ${address} failed: ${messageOf(error)}`, {
          cause: error,
        });
      }
    },
    async listen(topic) {
      await subscriber.subscribe(topic);
    },
    async unlisten(topic) {
      await subscriber.unsubscribe(topic);
    },
    async ping() {
      for (const [role, client] of [
        ["publisher", publisher],
        ["subscriber", subscriber],
      ] as const) {
        if (client.status !== "ready") throw new Error(`Redis ${role} connection to ${address} is ${client.status}.`);
      }
      await Promise.all([publisher.ping(), subscriber.ping()]);
    },
    async close() {
      connection.closed = true;
      await Promise.all([quit(publisher), quit(subscriber)]);
    },
  };
}

/** QUIT when connected (lets Redis finish what was sent), then make sure the socket is gone and stays gone. */
async function quit(client: Redis): Promise<void> {
  if (client.status === "ready") {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.quit().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  client.disconnect();
}

function redisAddress(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The text itself is not echoed: it may carry a password.
    throw new Error("The Redis URL is not a valid URL; expected redis://[user:password@]host[:port][/db].");
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:")
    throw new Error(`The Redis URL must start with redis:// or rediss://, not ${parsed.protocol}//.`);
  return `${parsed.hostname || "localhost"}:${parsed.port || "6379"}`;
}

function messageOf(error: unknown): string {
  // Node reports a refused connection to a name with several addresses (localhost) as an AggregateError
  // whose own message is empty.
  if (error instanceof AggregateError && !error.message) return error.errors.map(messageOf).join("; ");
  return error instanceof Error ? error.message : String(error);
}
