import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError, InvalidInputError } from "../../../server/services/errors.ts";
import { createHashingEmbedder, createHttpEmbedder } from "../../../server/services/stages/embedders.ts";

const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0) / (norm(a) * norm(b));

describe("createHashingEmbedder", () => {
  it("names itself after the scheme and dimension", () => {
    const embedder = createHashingEmbedder(128);
    expect(embedder.name).toBe("hashing-v1-128");
    expect(embedder.dimension).toBe(128);
    expect(createHashingEmbedder().dimension).toBe(384);
  });

  it("returns one unit vector of the configured dimension per text", async () => {
    const texts = ["Realm migration moves documents.", "Qdrant stores vectors", "x"];
    const vectors = await createHashingEmbedder(64).embed(texts);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(64);
      expect(norm(vector)).toBeCloseTo(1, 12);
    }
  });

  it("is deterministic across calls and instances", async () => {
    const text = "The same chunk always gets the same vector — même en français 😀";
    const [a] = await createHashingEmbedder(384).embed([text]);
    const [b] = await createHashingEmbedder(384).embed([text]);
    const [c] = await createHashingEmbedder(384).embed([text, "other"]);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
  });

  it("keeps the hashing scheme stable (stored vectors depend on it)", async () => {
    const [vector] = await createHashingEmbedder(16).embed(["hello world"]);
    // hello, world and "hello world" land in three buckets with weight 1 each, so every non-zero is ±1/√3.
    const nonZero = vector!.flatMap((value, index) => (value === 0 ? [] : [[index, Math.sign(value)]]));
    expect(nonZero).toEqual(PINNED_HELLO_WORLD);
    for (const value of vector!) if (value !== 0) expect(Math.abs(value)).toBeCloseTo(1 / Math.sqrt(3), 12);
  });

  it("returns a zero vector for text without words", async () => {
    const [empty, punctuation] = await createHashingEmbedder(32).embed(["", "!!! ... ---"]);
    expect(empty).toEqual(new Array(32).fill(0));
    expect(punctuation).toEqual(new Array(32).fill(0));
  });

  it("ignores case and Unicode normalisation form", async () => {
    const embedder = createHashingEmbedder(64);
    const [upper, lower, decomposed] = await embedder.embed(["CAFÉ Zürich", "café zürich", "cafe\u0301 zu\u0308rich"]);
    expect(upper).toEqual(lower);
    expect(decomposed).toEqual(lower);
  });

  it("weights repeated words sublinearly (1 + ln tf)", async () => {
    // "alpha" ×3 and the bigram "alpha alpha" ×2: weights 1+ln 3 and 1+ln 2 before normalisation.
    const [vector] = await createHashingEmbedder(4096).embed(["alpha alpha alpha"]);
    const weights = vector!
      .filter((value) => value !== 0)
      .map(Math.abs)
      .sort((a, b) => b - a);
    expect(weights).toHaveLength(2);
    expect(weights[0]! / weights[1]!).toBeCloseTo((1 + Math.log(3)) / (1 + Math.log(2)), 12);
  });

  it("gives similar texts a higher cosine than unrelated ones", async () => {
    const [a, b, c] = await createHashingEmbedder(384).embed([
      "The migration copies documents from one realm to another realm and verifies the copy.",
      "A realm migration copies the documents to another realm, then verifies each copy.",
      "Bake the bread at two hundred degrees until the crust turns golden brown.",
    ]);
    expect(cosine(a!, b!)).toBeGreaterThan(0.4);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!) + 0.3);
  });

  it("rejects an invalid dimension", () => {
    expect(() => createHashingEmbedder(0)).toThrow(InvalidInputError);
    expect(() => createHashingEmbedder(1.5)).toThrow(InvalidInputError);
  });
});

const PINNED_HELLO_WORLD: Array<[number, number]> = [
  [9, 1],
  [12, -1],
  [14, -1],
];

type Handler = (
  request: { body: { model: string; input: string[] }; headers: IncomingMessage["headers"] },
  res: ServerResponse,
) => void;

describe("createHttpEmbedder", () => {
  let server: Server;
  let url: string;
  let handler: Handler;
  const requests: Array<{ body: { model: string; input: string[] }; headers: IncomingMessage["headers"] }> = [];
  const apiKey = "sk-test-SECRET-0123456789";
  const DIM = 3;
  const vectorFor = (text: string) => [text.length, 1, 0];
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  /** Answers like OpenAI, but with `data` in reverse order so only `index` gives the right mapping. */
  const reversed: Handler = ({ body }, res) =>
    send(res, 200, {
      object: "list",
      model: body.model,
      data: body.input.map((text, index) => ({ object: "embedding", index, embedding: vectorFor(text) })).reverse(),
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      req.on("end", () => {
        const request = { body: JSON.parse(raw) as { model: string; input: string[] }, headers: req.headers };
        requests.push(request);
        handler(request, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/embeddings`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
    handler = reversed;
  });

  const embedder = (options: Partial<Parameters<typeof createHttpEmbedder>[0]> = {}) =>
    createHttpEmbedder({ url, model: "text-embedding-3-small", apiKey, dimension: DIM, ...options });

  async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected the promise to reject");
  }

  it("is named after the model", () => {
    expect(embedder().name).toBe("openai:text-embedding-3-small");
    expect(embedder().dimension).toBe(DIM);
  });

  it("posts batches of { model, input } with the bearer key and orders results by index", async () => {
    const texts = ["a", "bb", "ccc", "dddd", "eeeee"];
    const vectors = await embedder({ batchSize: 2 }).embed(texts);
    expect(vectors).toEqual(texts.map(vectorFor));
    expect(requests.map((r) => r.body.input)).toEqual([["a", "bb"], ["ccc", "dddd"], ["eeeee"]]);
    for (const request of requests) {
      expect(request.body.model).toBe("text-embedding-3-small");
      expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(request.headers["content-type"]).toBe("application/json");
    }
  });

  it("sends no authorization header without a key, and no request for no texts", async () => {
    await embedder({ apiKey: undefined }).embed(["x"]);
    expect(requests[0]!.headers.authorization).toBeUndefined();
    expect(await embedder().embed([])).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("rejects vectors of the wrong dimension, naming both dimensions", async () => {
    const error = await rejection(embedder({ dimension: 1536 }).embed(["x"]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("1536");
    expect(error.message).toContain("dimension 3");
  });

  it("treats 5xx and 429 as transient, 4xx as permanent, and never leaks the key", async () => {
    for (const [status, transient] of [
      [500, true],
      [503, true],
      [429, true],
      [401, false],
      [400, false],
      [404, false],
    ] as const) {
      handler = (_request, res) => send(res, status, { error: { message: `bad things, key was ${apiKey}` } });
      const error = await rejection(embedder().embed(["x"]));
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).transient).toBe(transient);
      expect(error.message).toContain(String(status));
      expect(error.message).not.toContain(apiKey);
      expect(error.message).toContain("[redacted]");
    }
  });

  it("keeps credentials in the URL out of messages", async () => {
    handler = (_request, res) => send(res, 500, "oops");
    const withQuery = `${url}?api-key=${apiKey}`;
    const error = await rejection(embedder({ url: withQuery }).embed(["x"]));
    expect(error.message).not.toContain(apiKey);
    expect(error.message).toContain("/v1/embeddings");
  });

  it("times out a hanging request as a transient error", async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const error = await rejection(embedder({ timeoutMs: 150 }).embed(["x"]));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).transient).toBe(true);
    expect(error.message).toMatch(/timed out after 150 ms/);
  });

  it("reports an unreachable endpoint as transient", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(embedder({ url: `http://127.0.0.1:${port}/v1/embeddings` }).embed(["x"]));
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).transient).toBe(true);
    expect(error.message).not.toContain(apiKey);
  });

  it("rejects malformed responses as permanent errors", async () => {
    const bodies: unknown[] = [
      "<html>not json</html>",
      { data: [] },
      {
        data: [
          { index: 0, embedding: [1, 2, 3] },
          { index: 0, embedding: [1, 2, 3] },
        ],
      },
      {
        data: [
          { index: 0, embedding: ["a", "b", "c"] },
          { index: 1, embedding: [1, 2, 3] },
        ],
      },
    ];
    for (const body of bodies) {
      handler = (_request, res) => send(res, 200, body);
      const error = await rejection(embedder().embed(["x", "y"]));
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).transient).toBe(false);
    }
  });

  it("accepts responses without index in input order", async () => {
    handler = ({ body }, res) => send(res, 200, { data: body.input.map((text) => ({ embedding: vectorFor(text) })) });
    expect(await embedder().embed(["a", "bb"])).toEqual([vectorFor("a"), vectorFor("bb")]);
  });

  it("validates its options", () => {
    expect(() => embedder({ url: "not a url" })).toThrow(InvalidInputError);
    expect(() => embedder({ url: "ftp://host/v1/embeddings" })).toThrow(InvalidInputError);
    expect(() => embedder({ model: " " })).toThrow(InvalidInputError);
    expect(() => embedder({ dimension: 0 })).toThrow(InvalidInputError);
    expect(() => embedder({ batchSize: 0 })).toThrow(InvalidInputError);
  });
});
