// Content-addressed blob store: bytes live at <root>/<aa>/<bb>/<sha256>, written to a temp file
// and renamed into place, so a reader never sees a partial blob. Reads verify the hash as they stream.
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { IntegrityError, InvalidInputError, PayloadTooLargeError } from "./errors.ts";
import type { Prisma } from "./db/open.ts";

export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * The Blob row for stored bytes. INSERT … ON CONFLICT DO NOTHING: two writers of the same content
 * (identical stage outputs, a re-upload) must both succeed, which an upsert does not guarantee.
 */
export function recordBlob(prisma: Pick<Prisma, "blob">, blob: StoredBlob) {
  return prisma.blob.createMany({ data: [{ sha256: blob.sha256, size: blob.size }], skipDuplicates: true });
}

/** Inspects bytes as they are stored; throwing refuses the blob (nothing is kept). */
export interface ByteCheck {
  update(chunk: Uint8Array): void;
  /** After the last chunk. */
  finish(): void;
}

export interface PutOptions {
  maxBytes?: number;
  allowEmpty?: boolean;
  check?: ByteCheck;
}

type Source = Buffer | string | Readable | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

const SHA256 = /^[0-9a-f]{64}$/;

export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new InvalidInputError(`"${sha256}" is not a sha256 hex digest.`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams `source` into the store. Rejects empty input and input over `maxBytes` without keeping anything. */
  async put(source: Source, options: PutOptions = {}): Promise<StoredBlob> {
    if (Buffer.isBuffer(source) || typeof source === "string") return this.putBytes(Buffer.from(source), options);
    const tmpDir = path.join(this.root, "tmp");
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${process.pid}-${crypto.randomUUID()}`);
    const hasher = new HashingLimit(options.maxBytes ?? Number.MAX_SAFE_INTEGER, options.check);
    const file = fs.createWriteStream(tmp, { flags: "wx" });
    try {
      await pipeline(toReadable(source), hasher, file);
      if (hasher.size === 0 && !options.allowEmpty)
        throw new InvalidInputError("The file is empty. Upload a file with content.");
      const sha256 = hasher.digest();
      const target = this.pathOf(sha256);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // Same content already stored: keep the existing file (rename would also be correct, but this avoids churn).
      if (await exists(target)) await fsp.rm(tmp, { force: true });
      else await fsp.rename(tmp, target);
      return { sha256, size: hasher.size };
    } catch (error) {
      // A pipeline refused at its first chunk can fail before the file is even open: wait until the stream
      // has closed it, or the temporary file would appear after it was removed.
      if (!file.closed) await new Promise<void>((resolve) => file.once("close", () => resolve()));
      await fsp.rm(tmp, { force: true });
      throw error;
    }
  }

  /** Bytes already in memory (stage outputs): hashed first, so content the store holds costs no write at all. */
  private async putBytes(bytes: Buffer, options: PutOptions): Promise<StoredBlob> {
    const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
    if (bytes.length > maxBytes)
      throw new PayloadTooLargeError(`The file is larger than the limit of ${maxBytes} bytes (MAX_UPLOAD_BYTES).`);
    if (bytes.length === 0 && !options.allowEmpty)
      throw new InvalidInputError("The file is empty. Upload a file with content.");
    options.check?.update(bytes);
    options.check?.finish();
    const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
    const target = this.pathOf(sha256);
    if (await exists(target)) return { sha256, size: bytes.length };
    const tmpDir = path.join(this.root, "tmp");
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${process.pid}-${crypto.randomUUID()}`);
    try {
      await fsp.writeFile(tmp, bytes, { flag: "wx" });
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(tmp, target);
    } catch (error) {
      await fsp.rm(tmp, { force: true });
      throw error;
    }
    return { sha256, size: bytes.length };
  }

  /** A stream of the blob's bytes that errors with IntegrityError if they do not hash to `sha256`. */
  createReadStream(sha256: string): Readable {
    const file = fs.createReadStream(this.pathOf(sha256));
    const verify = new VerifyHash(sha256);
    file.on("error", (error) => verify.destroy(missingOr(error, sha256)));
    return file.pipe(verify);
  }

  /** The whole blob, verified against its hash (IntegrityError when missing or altered). */
  async read(sha256: string): Promise<Buffer> {
    const bytes = await fsp.readFile(this.pathOf(sha256)).catch((error: Error) => {
      throw missingOr(error, sha256);
    });
    const actual = crypto.createHash("sha256").update(bytes).digest("hex");
    if (actual !== sha256)
      throw new IntegrityError(`Blob ${sha256} is corrupt on disk (its content hashes to ${actual}).`);
    return bytes;
  }

  async readText(sha256: string): Promise<string> {
    return (await this.read(sha256)).toString("utf8");
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true });
  }

  /** Every stored sha256 with its size and modification time. */
  async *list(): AsyncGenerator<{ sha256: string; size: number; mtime: Date }> {
    for (const a of await readdirOrEmpty(this.root)) {
      if (a.length !== 2) continue;
      for (const b of await readdirOrEmpty(path.join(this.root, a))) {
        for (const name of await readdirOrEmpty(path.join(this.root, a, b))) {
          if (!SHA256.test(name)) continue;
          const stat = await fsp.stat(path.join(this.root, a, b, name)).catch(() => undefined);
          if (stat) yield { sha256: name, size: stat.size, mtime: stat.mtime };
        }
      }
    }
  }
}

class HashingLimit extends Transform {
  private readonly hash = crypto.createHash("sha256");
  size = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly check?: ByteCheck,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(new PayloadTooLargeError(`The file is larger than the limit of ${this.maxBytes} bytes (MAX_UPLOAD_BYTES).`));
      return;
    }
    try {
      this.check?.update(chunk);
    } catch (error) {
      done(error as Error);
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    try {
      this.check?.finish();
      done();
    } catch (error) {
      done(error as Error);
    }
  }
  digest(): string {
    return this.hash.digest("hex");
  }
}

class VerifyHash extends Transform {
  private readonly hash = crypto.createHash("sha256");
  constructor(private readonly expected: string) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest("hex");
    done(
      actual === this.expected
        ? null
        : new IntegrityError(`Blob ${this.expected} is corrupt on disk (its content hashes to ${actual}).`),
    );
  }
}

function toReadable(source: Source): Readable {
  if (Buffer.isBuffer(source) || typeof source === "string") return Readable.from([Buffer.from(source)]);
  if (source instanceof Readable) return source;
  if (typeof (source as ReadableStream).getReader === "function")
    return Readable.from(readWeb(source as ReadableStream<Uint8Array>));
  return Readable.from(source as AsyncIterable<Uint8Array>);
}

/** Reads any WHATWG stream, including ponyfills that Readable.fromWeb rejects. */
async function* readWeb(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function missingOr(error: Error & { code?: string }, sha256: string): Error {
  return error.code === "ENOENT" ? new IntegrityError(`Blob ${sha256} is missing from the blob store.`) : error;
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(
    () => true,
    () => false,
  );
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  return fsp.readdir(dir).catch(() => []);
}
