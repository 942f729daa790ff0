// SecretBox: authenticated encryption of database credentials, and the key file the embedded
// default creates once with owner-only permissions.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../server/services/secrets.ts";

const hexKey = () => crypto.randomBytes(32).toString("hex");
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "secrets-test-"));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** Flips one bit of the base64 field `index` of a sealed secret. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[index]!, "base64");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64");
  return parts.join(":");
}

describe("SecretBox", () => {
  const plaintext = "neo4j-password: s3cr3t-Pässwörd ✓";

  it("opens what it sealed", () => {
    const box = SecretBox.fromKey(hexKey());
    expect(box.open(box.seal(plaintext))).toBe(plaintext);
    expect(box.open(box.seal(""))).toBe("");
    const long = "x".repeat(100_000);
    expect(box.open(box.seal(long))).toBe(long);
  });

  it("accepts a 32-byte key as hex or base64", () => {
    const raw = crypto.randomBytes(32);
    const fromHex = SecretBox.fromKey(raw.toString("hex"));
    const fromBase64 = SecretBox.fromKey(raw.toString("base64"));
    expect(fromBase64.open(fromHex.seal(plaintext))).toBe(plaintext);
    expect(SecretBox.fromKey(raw.toString("hex").toUpperCase()).open(fromBase64.seal(plaintext))).toBe(plaintext);
  });

  it("produces a different ciphertext each time that does not contain the plaintext", () => {
    const box = SecretBox.fromKey(hexKey());
    const secret = "correct-horse-battery-staple";
    const sealed = Array.from({ length: 5 }, () => box.seal(secret));
    expect(new Set(sealed).size).toBe(5);
    for (const s of sealed) {
      expect(s.startsWith("v1:")).toBe(true);
      expect(s).not.toContain(secret);
      expect(s).not.toContain(Buffer.from(secret).toString("base64").slice(0, 16));
      expect(s).not.toContain(Buffer.from(secret).toString("hex").slice(0, 16));
      expect(Buffer.from(s.split(":")[3]!, "base64").toString("utf8")).not.toContain(secret);
      expect(box.open(s)).toBe(secret);
    }
  });

  it("rejects a tampered ciphertext, tag or iv", () => {
    const box = SecretBox.fromKey(hexKey());
    const sealed = box.seal(plaintext);
    expect(() => box.open(tamper(sealed, 3))).toThrow();
    expect(() => box.open(tamper(sealed, 2))).toThrow();
    expect(() => box.open(tamper(sealed, 1))).toThrow();
    expect(() => box.open(sealed.replace(/^v1:/, "v2:"))).toThrow(/Unreadable sealed secret/);
    expect(() => box.open("not a sealed secret")).toThrow(/Unreadable sealed secret/);
    expect(() => box.open(sealed.split(":").slice(0, 3).join(":"))).toThrow();
    expect(box.open(sealed)).toBe(plaintext);
  });

  it("rejects a ciphertext sealed with another key", () => {
    const sealed = SecretBox.fromKey(hexKey()).seal(plaintext);
    expect(() => SecretBox.fromKey(hexKey()).open(sealed)).toThrow();
  });

  it("rejects a key that is not 32 bytes", () => {
    for (const bad of [
      "",
      "abcd",
      crypto.randomBytes(16).toString("hex"),
      crypto.randomBytes(31).toString("base64"),
      crypto.randomBytes(33).toString("base64"),
    ]) {
      expect(() => SecretBox.fromKey(bad), JSON.stringify(bad)).toThrow(/SECRET_KEY must be 32 bytes/);
    }
  });
});

describe("SecretBox.load", () => {
  it("creates <dataDir>/secret.key with mode 0600 once and reuses it", async () => {
    const dataDir = path.join(await tempDir(), "nested", "data");
    const file = path.join(dataDir, "secret.key");

    const first = await SecretBox.load(undefined, dataDir);
    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    const material = await fs.readFile(file, "utf8");
    expect(material.trim()).toMatch(/^[0-9a-f]{64}$/);

    const sealed = first.seal("token");
    const second = await SecretBox.load(undefined, dataDir);
    expect(second.open(sealed)).toBe("token");
    expect(await fs.readFile(file, "utf8")).toBe(material);
    expect((await fs.stat(file)).mtimeMs).toBe(stat.mtimeMs);
    // The file really is the key: a box from its contents opens what the loaded box sealed.
    expect(SecretBox.fromKey(material.trim()).open(sealed)).toBe("token");
  });

  it("creates a single key when several loads race on a fresh directory", async () => {
    const dataDir = await tempDir();
    const boxes = await Promise.all(Array.from({ length: 5 }, () => SecretBox.load(undefined, dataDir)));
    const sealed = boxes[0]!.seal("shared");
    for (const box of boxes) expect(box.open(sealed)).toBe("shared");
  });

  it("uses a configured key and writes no file", async () => {
    const dataDir = await tempDir();
    const key = hexKey();
    const box = await SecretBox.load(key, dataDir);
    expect(SecretBox.fromKey(key).open(box.seal("x"))).toBe("x");
    await expect(fs.access(path.join(dataDir, "secret.key"))).rejects.toThrow();
  });

  it("rejects a configured key of the wrong length", async () => {
    await expect(SecretBox.load("too-short", await tempDir())).rejects.toThrow(/SECRET_KEY must be 32 bytes/);
  });

  it("rejects a corrupt key file instead of replacing it", async () => {
    const dataDir = await tempDir();
    await fs.writeFile(path.join(dataDir, "secret.key"), "garbage\n", { mode: 0o600 });
    await expect(SecretBox.load(undefined, dataDir)).rejects.toThrow(/32 bytes/);
    expect(await fs.readFile(path.join(dataDir, "secret.key"), "utf8")).toBe("garbage\n");
  });
});
