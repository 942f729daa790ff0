// markdown-conversion stage: turns an uploaded original (text, Markdown, HTML) into Markdown.
// Invariants: input must be valid UTF-8; output never contains a BOM or a carriage return;
// text and Markdown keep their characters otherwise, so offsets later stages compute stay meaningful.

import TurndownService from "turndown";
import { InvalidInputError, UnsupportedContentTypeError } from "../errors.ts";

export const SUPPORTED_CONTENT_TYPES = [
  "text/plain",
  "text/markdown",
  "text/x-markdown",
  "text/html",
  "application/xhtml+xml",
] as const;

export type SupportedContentType = (typeof SUPPORTED_CONTENT_TYPES)[number];

const TYPE_BY_EXTENSION: Record<string, SupportedContentType> = {
  ".md": "text/markdown",
  ".markdown": "text/markdown",
  ".txt": "text/plain",
  ".html": "text/html",
  ".htm": "text/html",
};

// Browsers and curl send octet-stream (or nothing) for files they cannot classify,
// so only then is the file name trusted over the declared type.
const UNINFORMATIVE_TYPES = new Set(["", "application/octet-stream"]);

export function resolveContentType(contentType: string | undefined, fileName: string): string {
  const declared = (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (!UNINFORMATIVE_TYPES.has(declared)) return declared;
  const dot = fileName.lastIndexOf(".");
  const extension = dot >= 0 ? fileName.slice(dot).toLowerCase() : "";
  return TYPE_BY_EXTENSION[extension] ?? (declared || "application/octet-stream");
}

export function isSupportedContentType(contentType: string): contentType is SupportedContentType {
  return (SUPPORTED_CONTENT_TYPES as readonly string[]).includes(contentType);
}

export function convertToMarkdown(bytes: Buffer, contentType: string, fileName: string): string {
  const type = resolveContentType(contentType, fileName);
  if (!isSupportedContentType(type)) {
    throw new UnsupportedContentTypeError(
      `"${fileName}" has content type ${type}, which cannot be converted to Markdown. ` +
        `Upload one of: ${SUPPORTED_CONTENT_TYPES.join(", ")} (or a .md, .markdown, .txt, .html, .htm file).`,
    );
  }
  const text = decodeUtf8(bytes, fileName);
  switch (type) {
    case "text/plain":
    case "text/markdown":
    case "text/x-markdown":
      // Plain text is kept verbatim rather than Markdown-escaped: escaping would put backslashes
      // into every chunk that is embedded and shown to users.
      return text;
    case "text/html":
    case "application/xhtml+xml":
      return htmlToMarkdown(text);
  }
}

function decodeUtf8(bytes: Buffer, fileName: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInputError(
      `"${fileName}" is not valid UTF-8 text. Re-save it as UTF-8 (or upload the right file).`,
    );
  }
  // TextDecoder drops one leading BOM itself; a second one (double-encoded files) is stripped here.
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

let turndown: TurndownService | undefined;

function htmlToMarkdown(html: string): string {
  turndown ??= createTurndown();
  const markdown = turndown.turndown(html).replace(/\r\n?/g, "\n");
  return markdown === "" ? "" : `${markdown}\n`;
}

function createTurndown(): TurndownService {
  const service = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
    emDelimiter: "_",
    strongDelimiter: "**",
  });
  // Content a reader never sees must not reach chunks or embeddings.
  service.remove(["script", "style", "head", "title", "meta", "link", "noscript", "template"]);
  return service;
}
