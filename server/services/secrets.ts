// Encrypts database credentials at rest (AES-256-GCM). The key comes from SECRET_KEY or, on the
// embedded default, from <dataDir>/secret.key created once with mode 0600.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/** The 32-byte key in `material` (64 hex characters or base64), or undefined when it is not one. */
export function decodeSecretKey(material: string): Buffer | undefined {
  const key = /^[0-9a-f]{64}$/i.test(material) ? Buffer.from(material, "hex") : Buffer.from(material, "base64");
  return key.length === 32 ? key : undefined;
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(material: string): SecretBox {
    const key = decodeSecretKey(material);
    if (!key) throw new Error("SECRET_KEY must be 32 bytes, as 64 hex characters or base64.");
    return new SecretBox(key);
  }

  /** Uses `configured` when given, else the key file under dataDir (created on first use). */
  static async load(configured: string | undefined, dataDir: string): Promise<SecretBox> {
    if (configured) return SecretBox.fromKey(configured);
    const file = path.join(dataDir, "secret.key");
    try {
      return SecretBox.fromKey((await fs.readFile(file, "utf8")).trim());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    await fs.mkdir(dataDir, { recursive: true });
    const material = crypto.randomBytes(32).toString("hex");
    await fs
      .writeFile(file, material + "\n", { mode: 0o600, flag: "wx" })
      .catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    return SecretBox.fromKey((await fs.readFile(file, "utf8")).trim());
  }

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(":");
    if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unreadable sealed secret.");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  }
}
