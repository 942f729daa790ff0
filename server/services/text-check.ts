// Checks an upload's bytes, not its declared type: documents are UTF-8 text (Markdown, HTML, plain text).
// Fed chunk by chunk while the upload streams into the blob store, so a PNG declared text/markdown, a
// UTF-16 file or invalid UTF-8 is refused before it is stored (the store then drops its temp file).
import { UnsupportedContentTypeError } from "./errors.ts";

const PATH = ["input", "file"];
const FIX = "Upload UTF-8 encoded text/plain, text/markdown or text/html.";

/** Signatures of common binary formats and of UTF-16/32 byte order marks, for a message that names them. */
const SIGNATURES: Array<[string, number[]]> = [
  ["a PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["a JPEG image", [0xff, 0xd8, 0xff]],
  ["a GIF image", [0x47, 0x49, 0x46, 0x38]],
  ["a PDF document", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["a ZIP archive (or a DOCX/XLSX/ODT file)", [0x50, 0x4b, 0x03, 0x04]],
  ["UTF-32 text", [0xff, 0xfe, 0x00, 0x00]],
  ["UTF-32 text", [0x00, 0x00, 0xfe, 0xff]],
  ["UTF-16 text", [0xff, 0xfe]],
  ["UTF-16 text", [0xfe, 0xff]],
];

/** C0 control characters text does not contain (tab, line feed, vertical tab, form feed, return and escape pass). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/;

export class TextFileCheck {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private head = Buffer.alloc(0);
  private offset = 0;

  /** Throws UnsupportedContentTypeError when `chunk` shows the file is not UTF-8 text. */
  update(chunk: Uint8Array): void {
    if (this.head.length < 8) this.head = Buffer.concat([this.head, chunk.subarray(0, 8 - this.head.length)]);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw this.refuse(
        `The file is not valid UTF-8 (an invalid byte sequence within bytes ${this.offset}–${this.offset + chunk.length}).`,
      );
    }
    const control = CONTROL.exec(text);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      throw this.refuse(
        `The file contains the control character U+${code}, so it is binary or not UTF-8 (UTF-16 text has NUL bytes).`,
      );
    }
    this.offset += chunk.length;
  }

  /** Called after the last chunk: a file may not end inside a multi-byte sequence. */
  finish(): void {
    try {
      this.decoder.decode();
    } catch {
      throw this.refuse("The file ends inside a UTF-8 sequence (truncated or not UTF-8).");
    }
  }

  /** The refusal, naming the format when the first bytes are a known signature. */
  private refuse(reason: string): UnsupportedContentTypeError {
    const known = SIGNATURES.find(([, bytes]) => bytes.every((b, i) => this.head[i] === b));
    const message = known ? `The file's bytes are ${known[0]}, not UTF-8 text, whatever its declared type.` : reason;
    return new UnsupportedContentTypeError(`${message} ${FIX}`, PATH);
  }
}
