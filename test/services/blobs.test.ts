// BlobStore against a real temporary directory: content addressing, rejection without leftovers,
// streaming in bounded memory, and integrity checks on read.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { BlobStore } from "../../server/services/blobs.ts";
import { IntegrityError, InvalidInputError, PayloadTooLargeError } from "../../server/services/errors.ts";

const sha = (data: Buffer | string) => crypto.createHash("sha256").update(data).digest("hex");
const EMPTY_SHA = sha("");

const roots: string[] = [];
let store: BlobStore;

beforeEach(async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "blobs-test-"));
  roots.push(root);
  store = new BlobStore(path.join(root, "blobs"));
});

afterAll(async () => {
  await Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true })));
});

/** Every regular file under the store root (relative paths), including the temp directory. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

async function tmpFiles(): Promise<string[]> {
  return fs.readdir(path.join(store.root, "tmp")).catch(() => []);
}

async function listShas(): Promise<string[]> {
  const shas: string[] = [];
  for await (const entry of store.list()) shas.push(entry.sha256);
  return shas.sort();
}

/** A full garbage collection, so RSS reflects what is retained rather than garbage not yet collected. */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const text = "Ada Lovelace wrote the first algorithm.\n".repeat(50);
const bytes = Buffer.from(text);

describe("BlobStore.put", () => {
  it("stores a Buffer under its sha256 with its size", async () => {
    const stored = await store.put(bytes);
    expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
    const file = store.pathOf(stored.sha256);
    expect(file).toBe(path.join(store.root, stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256));
    expect(await fs.readFile(file)).toEqual(bytes);
  });

  it("stores a string as its UTF-8 bytes", async () => {
    const s = "Grüße, 世界 — ✓";
    const stored = await store.put(s);
    expect(stored).toEqual({ sha256: sha(Buffer.from(s, "utf8")), size: Buffer.byteLength(s, "utf8") });
    expect(await store.readText(stored.sha256)).toBe(s);
  });

  it("stores a Node Readable", async () => {
    const parts = [bytes.subarray(0, 100), bytes.subarray(100, 1000), bytes.subarray(1000)];
    const stored = await store.put(Readable.from(parts));
    expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(await store.read(stored.sha256)).toEqual(bytes);
  });

  it("stores a web ReadableStream", async () => {
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 333) controller.enqueue(new Uint8Array(bytes.subarray(i, i + 333)));
        controller.close();
      },
    });
    const stored = await store.put(web);
    expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(await store.read(stored.sha256)).toEqual(bytes);
  });

  it("stores an async iterable of Uint8Array", async () => {
    async function* gen() {
      for (let i = 0; i < bytes.length; i += 77) yield new Uint8Array(bytes.subarray(i, i + 77));
    }
    const stored = await store.put(gen());
    expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(await store.read(stored.sha256)).toEqual(bytes);
  });

  it("keeps one file for the same content stored twice and leaves no temp files", async () => {
    const a = await store.put(bytes);
    const b = await store.put(Readable.from([bytes]));
    expect(b).toEqual(a);
    expect(await filesUnder(store.root)).toEqual([path.relative(store.root, store.pathOf(a.sha256))]);
    expect(await tmpFiles()).toEqual([]);
  });

  it("rejects empty input with InvalidInputError and keeps nothing", async () => {
    await expect(store.put(Buffer.alloc(0))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.put("")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.put(Readable.from([]))).rejects.toBeInstanceOf(InvalidInputError);
    expect(await filesUnder(store.root)).toEqual([]);
    expect(await tmpFiles()).toEqual([]);
    expect(await store.has(EMPTY_SHA)).toBe(false);
  });

  it("stores empty input when allowEmpty is set", async () => {
    const stored = await store.put(Buffer.alloc(0), { allowEmpty: true });
    expect(stored).toEqual({ sha256: EMPTY_SHA, size: 0 });
    expect(await store.has(EMPTY_SHA)).toBe(true);
    expect(await store.read(EMPTY_SHA)).toEqual(Buffer.alloc(0));
    expect(await tmpFiles()).toEqual([]);
  });

  it("rejects input over maxBytes with PayloadTooLargeError and keeps nothing", async () => {
    // Exactly at the limit is accepted.
    const atLimit = await store.put(bytes, { maxBytes: bytes.length });
    expect(atLimit.size).toBe(bytes.length);
    await store.delete(atLimit.sha256);

    const over = Buffer.concat([bytes, Buffer.from("!")]);
    await expect(store.put(over, { maxBytes: bytes.length })).rejects.toBeInstanceOf(PayloadTooLargeError);
    // Over the limit only after several chunks of a stream.
    async function* many() {
      for (let i = 0; i < 50; i++) yield Buffer.alloc(1024, i);
    }
    await expect(store.put(many(), { maxBytes: 10 * 1024 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    // Over the limit on the very first chunk (before the temp file is even open).
    for (let i = 0; i < 5; i++) {
      await expect(store.put(Buffer.alloc(4096, i + 1), { maxBytes: 1 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    }
    expect(await filesUnder(store.root)).toEqual([]);
    expect(await tmpFiles()).toEqual([]);
    expect(await store.has(sha(over))).toBe(false);
  });

  it("propagates a failing source and keeps nothing", async () => {
    async function* failing() {
      yield Buffer.from("partial content");
      throw new Error("upload aborted");
    }
    await expect(store.put(failing())).rejects.toThrow("upload aborted");
    expect(await filesUnder(store.root)).toEqual([]);
  });

  it("streams a 64 MiB input to disk with far less memory than its size", async () => {
    const CHUNK = 64 * 1024;
    const TOTAL = 64 * 1024 * 1024;
    const expected = crypto.createHash("sha256");
    let peak = 0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage.rss());
    };
    async function* generate() {
      for (let offset = 0, n = 0; offset < TOTAL; offset += CHUNK, n++) {
        // Fresh, distinct content per chunk (a counter pattern) so nothing can be deduplicated or shared.
        const chunk = Buffer.allocUnsafe(CHUNK);
        for (let i = 0; i < CHUNK; i += 4) chunk.writeUInt32LE((n * CHUNK + i) >>> 0, i);
        expected.update(chunk);
        if (n % 8 === 0) sample();
        // The generator's own chunks become garbage at once; collecting it now and then keeps the
        // measurement about what put() retains, not about when V8 decides to collect.
        if (n % 64 === 63) collectGarbage();
        yield chunk;
      }
    }
    collectGarbage();
    const before = process.memoryUsage.rss();
    const stored = await store.put(generate());
    sample();

    expect(stored.size).toBe(TOTAL);
    expect(stored.sha256).toBe(expected.digest("hex"));
    expect((await fs.stat(store.pathOf(stored.sha256))).size).toBe(TOTAL);
    const growth = peak - before;
    expect(growth, `RSS grew by ${(growth / 2 ** 20).toFixed(1)} MiB while storing 64 MiB`).toBeLessThan(
      32 * 1024 * 1024,
    );

    // Reading it back verifies the hash over the whole stream.
    let size = 0;
    for await (const chunk of store.createReadStream(stored.sha256)) size += (chunk as Buffer).length;
    expect(size).toBe(TOTAL);
    expect(await tmpFiles()).toEqual([]);
  });
});

describe("BlobStore reads", () => {
  it("read and createReadStream return the stored bytes", async () => {
    const { sha256 } = await store.put(bytes);
    expect(await store.read(sha256)).toEqual(bytes);
    expect(await collect(store.createReadStream(sha256))).toEqual(bytes);
    expect(await store.readText(sha256)).toBe(text);
  });

  it("rejects with IntegrityError when the file on disk was overwritten", async () => {
    const { sha256 } = await store.put(bytes);
    const file = store.pathOf(sha256);
    const handle = await fs.open(file, "r+");
    await handle.write(Buffer.from("XXXX"), 0, 4, 10); // same size, different bytes
    await handle.close();
    expect((await fs.stat(file)).size).toBe(bytes.length);
    await expect(store.read(sha256)).rejects.toBeInstanceOf(IntegrityError);
    await expect(collect(store.createReadStream(sha256))).rejects.toBeInstanceOf(IntegrityError);
  });

  it("rejects with IntegrityError when the file was truncated", async () => {
    const { sha256 } = await store.put(bytes);
    await fs.truncate(store.pathOf(sha256), 5);
    await expect(store.read(sha256)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("rejects with IntegrityError for a missing blob", async () => {
    const absent = sha("never stored");
    expect(await store.has(absent)).toBe(false);
    await expect(store.read(absent)).rejects.toBeInstanceOf(IntegrityError);
    await expect(collect(store.createReadStream(absent))).rejects.toBeInstanceOf(IntegrityError);

    const { sha256 } = await store.put(bytes);
    await store.delete(sha256);
    expect(await store.has(sha256)).toBe(false);
    await expect(store.read(sha256)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("rejects anything but a lowercase sha256 hex digest in pathOf", () => {
    for (const bad of [
      "",
      "abc",
      "../../etc/passwd",
      sha("x").toUpperCase(),
      sha("x") + "0",
      sha("x").slice(1) + "g",
    ]) {
      expect(() => store.pathOf(bad), bad).toThrow(InvalidInputError);
    }
    expect(() => store.pathOf(sha("x"))).not.toThrow();
  });

  it("list yields every stored sha256 and nothing else", async () => {
    expect(await listShas()).toEqual([]);
    const shas = await Promise.all(["one", "two", "three"].map(async (s) => (await store.put(s)).sha256));
    // Files that are not blobs are ignored.
    await fs.writeFile(path.join(store.root, "tmp", "leftover"), "x");
    await fs.writeFile(path.join(path.dirname(store.pathOf(shas[0]!)), "notes.txt"), "x");
    expect(await listShas()).toEqual([...shas].sort());
    for await (const entry of store.list()) expect(entry.mtime).toBeInstanceOf(Date);
  });
});
