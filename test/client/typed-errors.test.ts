// A typed client's handling of mutation results compiles against the SDK's generated types: an exhaustive
// switch over each result's __typename names exactly the errors the mutation can return, and a case for an
// error it cannot return is a compile error. Checked by running tsc on two small client files.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dir = path.join(root, "test/client", `.typed-errors-${process.pid}`);

const HEADER = `import type { ResultOf } from "@graphql-typed-document-node/core";
import { readTypedError } from "../../../client/sdk/index.ts";
import {
  CreateMigrationMutation,
  ProcessDocumentMutation,
  UploadDocumentMutation,
} from "../../../client/sdk/operations.ts";

type Created = ResultOf<typeof CreateMigrationMutation>["createMigration"];
type Uploaded = ResultOf<typeof UploadDocumentMutation>["createDocument"];
type Processed = ResultOf<typeof ProcessDocumentMutation>["processDocument"];
const unreachable = (value: never): never => value;
`;

/** Every case each union can hold, and nothing else: compiles. */
const HANDLED = `${HEADER}
export function created(result: Created): string {
  switch (result.__typename) {
    case "MutationCreateMigrationSuccess":
      return "created";
    case "ConflictError":
    case "ForbiddenError":
    case "InvalidInputError":
    case "NotFoundError":
      return readTypedError(result)?.message ?? result.__typename;
    default:
      return unreachable(result);
  }
}

export function uploaded(result: Uploaded): string {
  switch (result.__typename) {
    case "MutationCreateDocumentSuccess":
      return result.data.id;
    case "ConflictError":
    case "ForbiddenError":
    case "InvalidInputError":
    case "NotFoundError":
    case "PayloadTooLargeError":
    case "UnsupportedContentTypeError":
      return readTypedError(result)?.code ?? result.__typename;
    default:
      return unreachable(result);
  }
}

export function processed(result: Processed): string {
  switch (result.__typename) {
    case "MutationProcessDocumentSuccess":
      return result.data.status;
    case "ConflictError":
    case "ForbiddenError":
    case "InvalidInputError":
    case "NotFoundError":
    case "StageInputMissingError":
      return readTypedError(result)?.code ?? result.__typename;
    default:
      return unreachable(result);
  }
}
`;

/** Errors these mutations cannot return: each case is refused by the compiler. */
const IMPOSSIBLE = `${HEADER}
export function created(result: Created): string {
  switch (result.__typename) {
    case "PayloadTooLargeError":
      return "never sent by createMigration";
    case "DatabaseUnreachableError":
      return "never sent by createMigration";
    default:
      return "other";
  }
}

export function processed(result: Processed): string {
  if (result.__typename === "UnsupportedContentTypeError") return "never sent by processDocument";
  return "other";
}
`;

describe("typed client handling of mutation errors", () => {
  let output = "";
  beforeAll(async () => {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, "handled.ts"), HANDLED);
    await fs.writeFile(path.join(dir, "impossible.ts"), IMPOSSIBLE);
    await fs.writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../../tsconfig.json", include: ["*.ts"], compilerOptions: { noEmit: true } }),
    );
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    output = await run(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], {
      cwd: root,
    }).then(
      (r) => r.stdout,
      (e: { stdout: string }) => e.stdout,
    );
  }, 120_000);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const errorsIn = (file: string) =>
    output
      .split("\n")
      .filter((line) => line.includes(`${file}(`))
      .map((line) => line.replace(/^.*?\.ts\((\d+),\d+\): error (TS\d+).*$/, "$2 line $1"));

  it("an exhaustive switch over exactly the errors each mutation returns compiles", () => {
    expect(errorsIn("handled.ts")).toEqual([]);
  });

  it("a case for an error the mutation cannot return does not compile", () => {
    const impossible = IMPOSSIBLE.split("\n");
    const lineOf = (text: string, from = 0) => impossible.findIndex((l, i) => i >= from && l.includes(text)) + 1;
    const payload = lineOf('case "PayloadTooLargeError"');
    expect(errorsIn("impossible.ts")).toEqual([
      `TS2678 line ${payload}`,
      `TS2678 line ${lineOf('case "DatabaseUnreachableError"')}`,
      `TS2367 line ${lineOf('"UnsupportedContentTypeError"')}`,
    ]);
  });
});
