// createDocument with a file: an ordinary urql mutation whose `file` variable is a File, which urql's
// fetchExchange sends as a GraphQL multipart request (operations, map, the file part) through the same
// exchanges, token and fetch as every other request.
import type { Client } from "@urql/core";
import type { ResultOf } from "@graphql-typed-document-node/core";
import { UploadDocumentMutation } from "./operations.ts";
import { SdkError, fromCombinedError, unwrap, type SuccessData } from "./errors.ts";

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

export async function uploadDocument(urql: Client, input: UploadDocumentInput): Promise<UploadedDocument> {
  const fileName = input.fileName ?? (input.file as Partial<File>).name;
  if (!fileName) throw new SdkError("INVALID_INPUT", "Name the file: pass fileName with a Blob.", ["fileName"]);
  // The multipart part carries the File's name; a Blob gets the one given.
  const file =
    (input.file as Partial<File>).name === fileName
      ? input.file
      : new File([input.file], fileName, { type: input.file.type });
  const result = await urql
    .mutation(UploadDocumentMutation, { input: { realmId: input.realmId, title: input.title, file: file as File } })
    .toPromise();
  if (result.error) throw fromCombinedError(result.error);
  return unwrap(result.data?.createDocument, "createDocument");
}
