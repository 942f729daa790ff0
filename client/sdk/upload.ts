// createDocument over a multipart request (GraphQL multipart request spec): urql's fetchExchange sends
// JSON only, so the upload is a plain fetch of `operations`, `map` and the file part.
import { stringifyDocument } from "@urql/core";
import type { ResultOf } from "@graphql-typed-document-node/core";
import { UploadDocumentMutation } from "./operations.ts";
import { SdkError, unwrap, type SuccessData } from "./errors.ts";

export interface UploadDocumentInput {
  realmId: string;
  /** The file; a Blob needs `fileName`. */
  file: Blob;
  /** File name (default: the File's name). Its extension decides the type when the Blob has none. */
  fileName?: string;
  /** Title, unique in the realm (default: the file name). */
  title?: string;
}

type UploadResult = ResultOf<typeof UploadDocumentMutation>["createDocument"];
export type UploadedDocument = SuccessData<UploadResult>;

export interface UploadTransport {
  httpUrl: string;
  headers(): Record<string, string>;
  fetch: typeof fetch;
}

export async function uploadDocument(
  transport: UploadTransport,
  input: UploadDocumentInput,
): Promise<UploadedDocument> {
  const fileName = input.fileName ?? (input.file as Partial<File>).name;
  if (!fileName) throw new SdkError("INVALID_INPUT", "Name the file: pass fileName with a Blob.", ["fileName"]);
  const operations = {
    query: stringifyDocument(UploadDocumentMutation),
    operationName: "SdkUploadDocument",
    variables: { input: { realmId: input.realmId, title: input.title, file: null } },
  };
  const form = new FormData();
  form.set("operations", JSON.stringify(operations));
  form.set("map", JSON.stringify({ "0": ["variables.input.file"] }));
  form.set("0", input.file, fileName);

  let response: Response;
  try {
    response = await transport.fetch(transport.httpUrl, { method: "POST", headers: transport.headers(), body: form });
  } catch (error) {
    throw new SdkError("NETWORK_ERROR", (error as Error).message, null, { cause: error });
  }
  const body = (await response.json().catch(() => null)) as {
    data?: ResultOf<typeof UploadDocumentMutation> | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }>;
  } | null;
  if (!body) throw new SdkError("NETWORK_ERROR", `Upload failed with HTTP ${response.status}.`);
  const first = body.errors?.[0];
  if (first)
    throw new SdkError(first.extensions?.code ?? "GRAPHQL_ERROR", first.message, first.path?.map(String) ?? null);
  return unwrap(body.data?.createDocument, "createDocument");
}
