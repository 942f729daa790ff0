// Which failed attempts the runner retries: a connector's own verdict, an unavailable metadata database and
// anything unexpected are transient; every other domain error is permanent. A stage failure is judged by its
// cause, so a transient connector error inside a stage is still retried.
import { describe, expect, it } from "vitest";
import { isTransient } from "../../../server/services/migration/transient.ts";
import { StageFailedError } from "../../../server/services/processing.ts";
import {
  ConflictError,
  ConnectorError,
  DatabaseUnreachableError,
  IntegrityError,
  InvalidInputError,
  NotFoundError,
  StageInputMissingError,
  UnavailableError,
} from "../../../server/services/errors.ts";

describe("isTransient", () => {
  it("follows a connector error's own verdict", () => {
    expect(isTransient(new ConnectorError("qdrant answered 503", true))).toBe(true);
    expect(isTransient(new ConnectorError("collection has another dimension", false))).toBe(false);
  });

  it("retries an unavailable metadata database", () => {
    expect(isTransient(new UnavailableError("the metadata database did not answer"))).toBe(true);
  });

  it.each([
    ["input", new InvalidInputError("bad title")],
    ["conflict", new ConflictError("title taken")],
    ["integrity", new IntegrityError("checksum mismatch")],
    ["not found", new NotFoundError("Document", "d1")],
    ["missing stage input", new StageInputMissingError("no markdown")],
    ["unreachable target database", new DatabaseUnreachableError("target database does not answer")],
  ])("does not retry a %s error: the same attempt would fail the same way", (_name, error) => {
    expect(isTransient(error)).toBe(false);
  });

  it("retries what it does not know (a crash, a driver error, a thrown string)", () => {
    expect(isTransient(new Error("socket hang up"))).toBe(true);
    expect(isTransient(Object.assign(new Error("Connection terminated"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransient("boom")).toBe(true);
  });

  it("judges a stage failure by its cause", () => {
    expect(isTransient(new StageFailedError("ingestor", new ConnectorError("timeout", true)))).toBe(true);
    expect(isTransient(new StageFailedError("ingestor", new ConnectorError("rejected", false)))).toBe(false);
    expect(isTransient(new StageFailedError("markdown-conversion", new InvalidInputError("not markdown")))).toBe(false);
    expect(isTransient(new StageFailedError("markdown-conversion", new Error("worker crashed")))).toBe(true);
  });
});
