// Deterministic identifiers: a re-run of any step derives the same ids, so it never duplicates records.
import crypto from "node:crypto";

/** Namespace for every UUIDv5 this service derives (a random v4, fixed forever). */
export const ID_NAMESPACE = "9b4f7c1e-3d2a-4e8b-a6f0-5c1d2e3f4a5b";

/** RFC 4122 UUID version 5 (SHA-1, name-based). */
export function uuidv5(name: string, namespace = ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll("-", ""), "hex");
  const hash = crypto.createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Id of a chunk record in any connector: UUIDv5 of `documentId:chunkIndex`. */
export function chunkId(documentId: string, chunkIndex: number): string {
  return uuidv5(`${documentId}:${chunkIndex}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
