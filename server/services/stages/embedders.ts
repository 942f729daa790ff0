// Embedders for the chunker stage: a built-in feature-hashing embedder that needs no service, and a
// client for OpenAI-compatible embeddings endpoints. Both return one vector of `dimension` numbers
// per input, in input order; the hashing one is deterministic across processes and versions of Node.

import { ConnectorError, InvalidInputError } from "../errors.ts";
import type { Embedder } from "./types.ts";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

/** FNV-1a over UTF-16 code units, continuing from `hash` so bigrams need no string concatenation. */
function fnv1a(text: string, hash = FNV_OFFSET): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** murmur3's finaliser: FNV's low bits are weakly mixed, and both the bucket and the sign come from them. */
function mix(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

export function createHashingEmbedder(dimension = 384): Embedder {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 65536) {
    throw new InvalidInputError(`Embedding dimension must be an integer from 1 to 65536 (got ${dimension}).`);
  }
  return {
    name: `hashing-v1-${dimension}`,
    dimension,
    embed: async (texts) => texts.map((text) => hashingVector(text, dimension)),
  };
}

function hashingVector(text: string, dimension: number): number[] {
  const counts = new Map<number, number>();
  const add = (feature: number) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  let previous: string | undefined;
  for (const [token] of text.normalize("NFKC").toLowerCase().matchAll(TOKEN)) {
    add(fnv1a(token));
    // The separator keeps "ab c" and "a bc" apart; it cannot occur inside a token.
    if (previous !== undefined) add(fnv1a(token, fnv1a(" ", fnv1a(previous))));
    previous = token;
  }

  const vector = new Float64Array(dimension);
  for (const [feature, count] of counts) {
    const mixed = mix(feature);
    const sign = mix(feature ^ 0x9e3779b9) & 1 ? -1 : 1;
    // Sublinear tf: a word repeated ten times should not drown the rest of the chunk.
    vector[mixed % dimension]! += sign * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
}

export interface HttpEmbedderOptions {
  /** The full embeddings endpoint, e.g. https://api.openai.com/v1/embeddings. */
  url: string;
  model: string;
  apiKey?: string;
  dimension: number;
  batchSize?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface EmbeddingsResponse {
  data?: Array<{ index?: unknown; embedding?: unknown }>;
}

export function createHttpEmbedder(options: HttpEmbedderOptions): Embedder {
  const { model, apiKey, dimension, batchSize = 64, timeoutMs = 30_000 } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let endpoint: URL;
  try {
    endpoint = new URL(options.url);
  } catch {
    throw new InvalidInputError(`Embeddings URL "${redactUrl(options.url)}" is not a valid URL.`);
  }
  if (endpoint.protocol !== "http:" && endpoint.protocol !== "https:") {
    throw new InvalidInputError(`Embeddings URL must use http or https (got ${endpoint.protocol}).`);
  }
  if (!model.trim()) throw new InvalidInputError("Embedding model must not be empty.");
  for (const [label, value] of [
    ["dimension", dimension],
    ["batchSize", batchSize],
    ["timeoutMs", timeoutMs],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new InvalidInputError(`Embedder ${label} must be a positive integer (got ${value}).`);
    }
  }
  // Only origin and path go into messages: query strings and user-info may carry credentials.
  const redact = (message: string) => (apiKey ? message.split(apiKey).join("[redacted]") : message);
  const where = redact(`${endpoint.origin}${endpoint.pathname}`);

  async function embedBatch(input: string[]): Promise<number[][]> {
    let response: Response;
    let body: string;
    try {
      response = await fetchImpl(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ model, input }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      const reason = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${describe(error)}`;
      throw new ConnectorError(redact(`Embeddings request to ${where} ${reason}.`), true, { cause: error });
    }

    if (!response.ok) {
      // 408 and 429 are the server asking us to come back later, like a 5xx.
      const transient = response.status >= 500 || response.status === 408 || response.status === 429;
      const hint = response.status === 401 || response.status === 403 ? " Check the API key." : "";
      throw new ConnectorError(
        redact(`Embeddings endpoint ${where} answered ${response.status}: ${excerpt(body)}.${hint}`),
        transient,
      );
    }

    let parsed: EmbeddingsResponse;
    try {
      parsed = JSON.parse(body) as EmbeddingsResponse;
    } catch {
      throw new ConnectorError(redact(`Embeddings endpoint ${where} returned invalid JSON: ${excerpt(body)}.`), false);
    }
    const data = Array.isArray(parsed?.data) ? parsed.data : undefined;
    if (!data || data.length !== input.length) {
      throw new ConnectorError(
        `Embeddings endpoint ${where} returned ${data?.length ?? "no"} embeddings for ${input.length} inputs.`,
        false,
      );
    }

    const vectors: number[][] = new Array(input.length);
    data.forEach((item, position) => {
      // Servers that omit `index` return data in input order.
      const index = item.index === undefined ? position : item.index;
      if (
        !Number.isInteger(index) ||
        (index as number) < 0 ||
        (index as number) >= input.length ||
        vectors[index as number]
      ) {
        throw new ConnectorError(
          `Embeddings endpoint ${where} returned an invalid or repeated index ${String(index)}.`,
          false,
        );
      }
      const embedding = item.embedding;
      if (
        !Array.isArray(embedding) ||
        !embedding.every((value) => typeof value === "number" && Number.isFinite(value))
      ) {
        throw new ConnectorError(
          `Embeddings endpoint ${where} returned an embedding that is not a list of numbers.`,
          false,
        );
      }
      if (embedding.length !== dimension) {
        throw new InvalidInputError(
          `The embedder is configured for dimension ${dimension}, but model "${model}" returned vectors of ` +
            `dimension ${embedding.length}. Set the dimension to ${embedding.length} or choose another model.`,
        );
      }
      vectors[index as number] = embedding as number[];
    });
    return vectors;
  }

  return {
    name: `openai:${model}`,
    dimension,
    async embed(texts) {
      const vectors: number[][] = [];
      // Sequential batches: rate limits are per key, and parallel bursts mostly earn 429s.
      for (let i = 0; i < texts.length; i += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(i, i + batchSize))));
      }
      return vectors;
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat || "(empty body)";
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//").replace(/\?.*$/, "");
}
