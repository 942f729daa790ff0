import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../server/services/errors.ts";
import { chunkMarkdown, type ChunkOptions, type TextChunk } from "../../../server/services/stages/chunk.ts";

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Every invariant the chunker promises, checked on one document. */
function checkInvariants(md: string, opts: ChunkOptions, chunks: TextChunk[]) {
  const covered = new Uint8Array(md.length);
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.text).toBe(md.slice(chunk.start, chunk.end));
    expect(chunk.end - chunk.start).toBeLessThanOrEqual(opts.size);
    expect(chunk.text.trim()).not.toBe("");
    expect(isSpace(chunk.text[0]) || isSpace(chunk.text.at(-1))).toBe(false);
    // Never cut a surrogate pair in half.
    expect(isHighSurrogate(md.charCodeAt(chunk.end - 1))).toBe(false);
    covered.fill(1, chunk.start, chunk.end);
    const previous = chunks[i - 1];
    if (previous) {
      expect(chunk.start).toBeGreaterThan(previous.start);
      expect(chunk.end).toBeGreaterThan(previous.end);
      expect(previous.end - chunk.start).toBeLessThanOrEqual(opts.overlap);
    }
  });
  for (let i = 0; i < md.length; i++) {
    if (!covered[i] && !isSpace(md[i])) throw new Error(`character ${i} (${JSON.stringify(md[i])}) is in no chunk`);
  }
}

const prose = (sentences: number, seed = 1) => {
  const words = ["realm", "vector", "migration", "document", "graph", "chunk", "embedding", "stage", "neo4j", "qdrant"];
  let out = "";
  for (let s = 0; s < sentences; s++) {
    const length = 5 + ((s * 7 + seed) % 11);
    const sentence = Array.from({ length }, (_, w) => words[(s * 3 + w * seed) % words.length]).join(" ");
    out += `${sentence[0]!.toUpperCase()}${sentence.slice(1)}. `;
  }
  return out.trim();
};

const documents: Record<string, string> = {
  sections: `# Guide\n\n${prose(4)}\n\n## Install\n\n${prose(12, 3)}\n\n### Notes\n\n- one\n- two\n- three\n\n## Usage\n\n${prose(30, 7)}\n`,
  "long paragraph without punctuation": Array.from({ length: 400 }, (_, i) => `word${i % 37}`).join(" "),
  "one enormous token": "x".repeat(1234) + " tail",
  "code blocks": `Intro text.\n\n\`\`\`ts\nconst a = 1;\n\n\nfunction f() {\n  return a;\n}\n\`\`\`\n\nAfter.\n\n~~~\n${Array.from({ length: 60 }, (_, i) => `line ${i} = compute(${i});`).join("\n")}\n~~~\n\nEnd.`,
  unicode: `# Ünïcödé\n\n${"Zürich 東京 😀 naïve café — ".repeat(30)}\n\n${"😀".repeat(400)}\n\n東京は日本の首都です。${"東京は大きい都市です。".repeat(40)}`,
  "setext and thematic breaks": `Title\n=====\n\n${prose(8)}\n\nSub title\n---------\n\n* * *\n\n${prose(8, 5)}\n\n> quote ${prose(3)}\n`,
  "many blank lines": `\n\n\n   \n${prose(3)}${"\n".repeat(500)}${prose(3, 2)}\n\n\n`,
  "list without blank lines": Array.from({ length: 80 }, (_, i) => `- item number ${i} has some words`).join("\n"),
};

describe("chunkMarkdown", () => {
  for (const [name, md] of Object.entries(documents)) {
    it.each([
      { size: 50, overlap: 0 },
      { size: 120, overlap: 30 },
      { size: 300, overlap: 149 },
      { size: 1000, overlap: 200 },
    ])(`keeps every invariant on "${name}" with %o`, (opts) => {
      const chunks = chunkMarkdown(md, opts);
      expect(chunks.length).toBeGreaterThan(0);
      checkInvariants(md, opts, chunks);
    });
  }

  it("keeps invariants on generated documents", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const parts = [
      "# Head",
      "## Sub",
      "word",
      "Sentence ends here.",
      " ",
      "\n",
      "\n\n",
      "```",
      "- item",
      "😀",
      "東京",
      "x".repeat(90),
      "\t",
      "===",
      "---",
    ];
    for (let i = 0; i < 400; i++) {
      let md = "";
      for (let n = Math.floor(random() * 80); n > 0; n--)
        md += parts[Math.floor(random() * parts.length)] + (random() < 0.5 ? " " : "");
      const size = 50 + Math.floor(random() * 200);
      const opts = { size, overlap: Math.floor(random() * (size / 2)) };
      checkInvariants(md, opts, chunkMarkdown(md, opts));
    }
  });

  it("returns no chunks for empty or whitespace-only Markdown", () => {
    expect(chunkMarkdown("", { size: 100, overlap: 10 })).toEqual([]);
    expect(chunkMarkdown(" \n\t\n\n  ", { size: 100, overlap: 10 })).toEqual([]);
  });

  it("starts a new chunk at each section and records the nearest heading", () => {
    const md =
      "Preface text.\n\n# Title\n\n## Intro\n\nIntro body.\n\n## Setext\nignored? no\n\nBody under intro.\n\nOther\n-----\n\nOther body.";
    const chunks = chunkMarkdown(md, { size: 500, overlap: 50 });
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      [null, "Preface text."],
      ["Intro", "# Title\n\n## Intro\n\nIntro body."],
      ["Setext", "## Setext\nignored? no\n\nBody under intro."],
      ["Other", "Other\n-----\n\nOther body."],
    ]);
  });

  it("keeps the section heading on every chunk of a long section", () => {
    const md = `## Storage ##\n\n${prose(40)}`;
    const chunks = chunkMarkdown(md, { size: 200, overlap: 40 });
    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((c) => c.heading))).toEqual(new Set(["Storage"]));
  });

  it("packs small blocks together up to the size", () => {
    const md = Array.from({ length: 10 }, (_, i) => `Paragraph ${i}.`).join("\n\n");
    const chunks = chunkMarkdown(md, { size: 60, overlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual([
      "Paragraph 0.\n\nParagraph 1.\n\nParagraph 2.\n\nParagraph 3.",
      "Paragraph 4.\n\nParagraph 5.\n\nParagraph 6.\n\nParagraph 7.",
      "Paragraph 8.\n\nParagraph 9.",
    ]);
  });

  it("never splits a fenced code block that fits", () => {
    const code = "```py\n" + Array.from({ length: 8 }, (_, i) => `x${i} = ${i}`).join("\n\n") + "\n```";
    const md = `${prose(6)}\n\n${code}\n\n${prose(6, 3)}`;
    const chunks = chunkMarkdown(md, { size: code.length + 10, overlap: 20 });
    expect(chunks.some((c) => c.text.includes(code))).toBe(true);
    checkInvariants(md, { size: code.length + 10, overlap: 20 }, chunks);
  });

  it("does not cut a fitting code block to fill a heading's chunk, but does cut prose", () => {
    const code = "```\n" + "let value = 1;\n".repeat(12) + "```";
    const withCode = chunkMarkdown(`## Example\n\n${code}`, { size: code.length + 5, overlap: 0 });
    expect(withCode.map((c) => c.text)).toEqual(["## Example", code]);
    const text = prose(12);
    const withText = chunkMarkdown(`## Example\n\n${text}`, { size: text.length + 5, overlap: 0 });
    expect(withText[0]!.text.startsWith("## Example\n\n")).toBe(true);
    expect(withText[0]!.text.length).toBeGreaterThan(text.length / 2);
  });

  it("splits an oversized code block at line ends", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `value_${i} = compute(${i}) + 1`);
    const md = "```\n" + lines.join("\n") + "\n```";
    const chunks = chunkMarkdown(md, { size: 200, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(md[chunk.end] === undefined || md[chunk.end] === "\n").toBe(true);
    }
  });

  it("splits a long paragraph at sentence ends before anything else", () => {
    const md = prose(40);
    const chunks = chunkMarkdown(md, { size: 200, overlap: 0 });
    for (const chunk of chunks) expect(chunk.text.endsWith(".")).toBe(true);
  });

  it("splits text without punctuation at whitespace, and a run without whitespace hard", () => {
    const words = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    for (const chunk of chunkMarkdown(words, { size: 100, overlap: 0 })) {
      expect(chunk.text).toMatch(/^w\d+( w\d+)*$/);
    }
    const run = "a".repeat(250);
    expect(chunkMarkdown(run, { size: 100, overlap: 0 }).map((c) => c.text.length)).toEqual([100, 100, 50]);
    const emoji = "😀".repeat(60);
    const pieces = chunkMarkdown(emoji, { size: 51, overlap: 0 });
    expect(pieces.map((c) => c.text).join("")).toBe(emoji);
    expect(pieces.every((c) => c.text.length % 2 === 0)).toBe(true);
  });

  it("overlaps consecutive chunks of a section by up to `overlap`, starting at a word", () => {
    const md = prose(60);
    const opts = { size: 300, overlap: 60 };
    const chunks = chunkMarkdown(md, opts);
    expect(chunks.length).toBeGreaterThan(5);
    for (let i = 1; i < chunks.length; i++) {
      const shared = chunks[i - 1]!.end - chunks[i]!.start;
      expect(shared).toBeGreaterThan(0);
      expect(shared).toBeLessThanOrEqual(60);
      expect(isSpace(md[chunks[i]!.start - 1])).toBe(true);
      expect(chunks[i - 1]!.text.endsWith(md.slice(chunks[i]!.start, chunks[i - 1]!.end))).toBe(true);
    }
    checkInvariants(md, opts, chunks);
  });

  it("does not overlap when overlap is 0 or across a new section", () => {
    const md = `${prose(30)}\n\n# Next\n\n${prose(30, 3)}`;
    const noOverlap = chunkMarkdown(md, { size: 200, overlap: 0 });
    for (let i = 1; i < noOverlap.length; i++) expect(noOverlap[i]!.start).toBeGreaterThan(noOverlap[i - 1]!.end);
    const withOverlap = chunkMarkdown(md, { size: 200, overlap: 50 });
    const next = withOverlap.find((c) => c.text.startsWith("# Next"));
    expect(next).toBeDefined();
    expect(next!.start).toBe(md.indexOf("# Next"));
  });

  it.each([
    [{ size: 49, overlap: 0 }, /size/],
    [{ size: 100.5, overlap: 0 }, /size/],
    [{ size: 100, overlap: -1 }, /overlap/],
    [{ size: 100, overlap: 50 }, /overlap/],
    [{ size: 100, overlap: 1.5 }, /overlap/],
    [{ size: Number.NaN, overlap: 0 }, /size/],
  ])("rejects %o", (opts, message) => {
    expect(() => chunkMarkdown("text", opts)).toThrow(InvalidInputError);
    expect(() => chunkMarkdown("text", opts)).toThrow(message);
  });
});
