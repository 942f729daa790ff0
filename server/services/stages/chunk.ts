// chunker stage (text half): cuts Markdown into chunks that follow its structure — sections,
// paragraphs, fenced code — and only cut inside a block when the block alone exceeds the size.
// Invariants: md.slice(start, end) === text; end - start <= size; starts and ends strictly increase;
// every non-whitespace character is in some chunk; consecutive chunks share at most `overlap` chars.

import { InvalidInputError } from "../errors.ts";
import type { Chunk } from "./types.ts";

export interface ChunkOptions {
  size: number;
  overlap: number;
}

export type TextChunk = Omit<Chunk, "vector">;

export const MIN_CHUNK_SIZE = 50;

type BlockKind = "heading" | "code" | "text";

interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** Heading text for heading blocks. */
  title?: string;
}

interface OpenChunk {
  start: number;
  end: number;
  heading: string | null;
  hasBody: boolean;
}

export function chunkMarkdown(md: string, opts: ChunkOptions): TextChunk[] {
  validateOptions(opts);
  const { size, overlap } = opts;
  const chunks: TextChunk[] = [];
  let open: OpenChunk | null = null;
  let heading: string | null = null;

  const emit = ({ start, end, heading }: OpenChunk) => {
    chunks.push({ index: chunks.length, text: md.slice(start, end), start, end, heading });
  };
  /** A chunk whose new content begins at `from`; it reaches back into the previous chunk for overlap,
   *  but never so far that the chunk could not extend to `mustReach` within `size`. */
  const openAt = (from: number, withOverlap: boolean, mustReach: number): OpenChunk => {
    const previous = chunks[chunks.length - 1];
    let start = from;
    if (withOverlap && previous && overlap > 0) {
      const earliest = Math.max(from - overlap, mustReach - size, previous.start + 1);
      const wordStart = nextWordStart(md, earliest, previous.end);
      if (wordStart >= 0) start = wordStart;
    }
    return { start, end: from, heading, hasBody: false };
  };

  for (const block of parseBlocks(md)) {
    const length = block.end - block.start;
    if (block.kind === "heading" && length <= size) {
      heading = block.title ?? "";
      // A section starts a fresh chunk, without overlap: text from the previous section is noise here.
      // Consecutive headings stay together so that a chunk holds nothing but titles only when unavoidable.
      if (open && (open.hasBody || block.end - open.start > size)) {
        emit(open);
        open = null;
      }
      open ??= openAt(block.start, false, block.end);
      open.end = block.end;
      open.heading = heading;
      continue;
    }
    if (open && block.end - open.start <= size) {
      open.end = block.end;
      open.hasBody = true;
      continue;
    }
    // A block that fits a chunk of its own is not cut, except prose after a lone heading: the heading
    // then keeps some of its text instead of becoming a chunk of its own. A block too big for any chunk
    // is cut anyway, so its first piece fills what is left of the open chunk when that is worth it.
    if (open && length <= size && (open.hasBody || block.kind === "code")) {
      emit(open);
      open = null;
    }
    for (let from = block.start; from < block.end;) {
      if (open && open.start + size - from < size / 4) {
        emit(open);
        open = null;
      }
      open ??= openAt(from, true, block.end - from <= size ? block.end : from + 1);
      const limit = open.start + size;
      if (block.end <= limit) {
        open.end = block.end;
        open.hasBody = true;
        break;
      }
      const cut = findCut(md, from, limit, block.kind);
      open.end = trimEnd(md, from, cut);
      emit(open);
      open = null;
      from = skipWhitespace(md, cut, block.end);
    }
  }
  if (open) emit(open);
  return chunks;
}

function validateOptions({ size, overlap }: ChunkOptions): void {
  if (!Number.isInteger(size) || size < MIN_CHUNK_SIZE) {
    throw new InvalidInputError(
      `Chunk size must be an integer of at least ${MIN_CHUNK_SIZE} characters (got ${size}).`,
    );
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= size / 2) {
    throw new InvalidInputError(
      `Chunk overlap must be an integer from 0 to less than half the chunk size (${size / 2}); got ${overlap}.`,
    );
  }
}

const FENCE = /^\s*(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
// A paragraph line that is really a list item or quote cannot take a setext underline.
const NOT_SETEXT_CONTENT = /^\s*(?:[-*+>]|\d+[.)])(?:\s|$)/;

/** Splits Markdown into headings, fenced code blocks and text blocks (runs of non-blank lines). */
function parseBlocks(md: string): Block[] {
  const blocks: Block[] = [];
  let text: Block | null = null;
  let fence: { block: Block; char: string; length: number } | null = null;
  const closeText = () => {
    if (text) blocks.push(text);
    text = null;
  };

  for (let lineStart = 0; lineStart <= md.length;) {
    let lineEnd = md.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = md.length;
    const line = md.slice(lineStart, lineEnd);
    const contentStart = skipWhitespace(md, lineStart, lineEnd);
    const contentEnd = trimEnd(md, contentStart, lineEnd);
    lineStart = lineEnd + 1;

    if (fence) {
      if (contentEnd > contentStart) fence.block.end = contentEnd;
      const trimmed = line.trim();
      if (trimmed.length >= fence.length && [...trimmed].every((ch) => ch === fence!.char)) fence = null;
      continue;
    }
    if (contentStart === contentEnd) {
      closeText();
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      closeText();
      const block: Block = { kind: "code", start: contentStart, end: contentEnd };
      blocks.push(block);
      fence = { block, char: opening[1]![0]!, length: opening[1]!.length };
      continue;
    }
    if (ATX_HEADING.test(line)) {
      closeText();
      const title = line
        .trim()
        .replace(/^#+/, "")
        .replace(/(?:^|[ \t]+)#+[ \t]*$/, "")
        .trim();
      blocks.push({ kind: "heading", start: contentStart, end: contentEnd, title });
      continue;
    }
    const current: Block | null = text;
    if (current && SETEXT_UNDERLINE.test(line) && !NOT_SETEXT_CONTENT.test(md.slice(current.start, current.end))) {
      const title = md.slice(current.start, current.end).replace(/\s+/g, " ").trim();
      blocks.push({ kind: "heading", start: current.start, end: contentEnd, title });
      text = null;
      continue;
    }
    if (current) {
      current.end = contentEnd;
    } else {
      text = { kind: "text", start: contentStart, end: contentEnd };
    }
  }
  closeText();
  return blocks;
}

/**
 * Best place to end a piece that starts at `from` and may not pass `limit`: a line break before
 * structure (code: any line break) or a sentence end in the second half, else the last whitespace,
 * else a hard cut that does not split a surrogate pair.
 */
function findCut(md: string, from: number, limit: number, kind: BlockKind): number {
  const half = from + Math.floor((limit - from) / 2);
  for (let i = limit; i > half; i--) {
    if (!isWhitespace(md.charCodeAt(i))) continue;
    if (kind === "code" ? md[i] === "\n" : isSentenceBoundary(md, i)) return i;
  }
  for (let i = limit; i > from; i--) if (isWhitespace(md.charCodeAt(i))) return i;
  const code = md.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff && limit - 1 > from ? limit - 1 : limit;
}

const SENTENCE_END = /[.!?…。！？]["'”’)\]*_]*$/;
const STRUCTURED_LINE = /^[ \t]*(?:[-*+>|]|\d+[.)])[ \t]/;

/** `i` is a whitespace position; is it the gap after a sentence or before a list item/quote/table row? */
function isSentenceBoundary(md: string, i: number): boolean {
  if (md[i] === "\n" && STRUCTURED_LINE.test(md.slice(i + 1, i + 8))) return true;
  return SENTENCE_END.test(md.slice(Math.max(0, i - 4), i));
}

/** First position in [from, before) that starts a word, or -1. */
function nextWordStart(md: string, from: number, before: number): number {
  for (let i = from; i < before; i++) {
    if (!isWhitespace(md.charCodeAt(i)) && (i === 0 || isWhitespace(md.charCodeAt(i - 1)))) return i;
  }
  return -1;
}

function skipWhitespace(md: string, from: number, to: number): number {
  while (from < to && isWhitespace(md.charCodeAt(from))) from++;
  return from;
}

function trimEnd(md: string, from: number, to: number): number {
  while (to > from && isWhitespace(md.charCodeAt(to - 1))) to--;
  return to;
}

/** The characters JavaScript's \s matches, without a regex per character. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
