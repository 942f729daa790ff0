import { describe, expect, it } from "vitest";
import { InvalidInputError, UnsupportedContentTypeError } from "../../../server/services/errors.ts";
import {
  SUPPORTED_CONTENT_TYPES,
  convertToMarkdown,
  resolveContentType,
} from "../../../server/services/stages/convert.ts";

const utf8 = (text: string) => Buffer.from(text, "utf8");

describe("resolveContentType", () => {
  it("strips parameters and lowercases", () => {
    expect(resolveContentType("Text/HTML; charset=UTF-8", "page.txt")).toBe("text/html");
    expect(resolveContentType("  text/markdown ", "x")).toBe("text/markdown");
  });

  it("falls back to the extension when the type is missing or octet-stream", () => {
    expect(resolveContentType(undefined, "notes.MD")).toBe("text/markdown");
    expect(resolveContentType("", "notes.markdown")).toBe("text/markdown");
    expect(resolveContentType("application/octet-stream", "page.htm")).toBe("text/html");
    expect(resolveContentType("application/octet-stream; charset=binary", "a.b.html")).toBe("text/html");
    expect(resolveContentType(undefined, "readme.txt")).toBe("text/plain");
  });

  it("keeps a declared type over the extension, and octet-stream when nothing is known", () => {
    expect(resolveContentType("application/pdf", "report.md")).toBe("application/pdf");
    expect(resolveContentType(undefined, "archive.bin")).toBe("application/octet-stream");
    expect(resolveContentType("application/octet-stream", "Makefile")).toBe("application/octet-stream");
  });
});

describe("convertToMarkdown", () => {
  it("converts HTML headings, lists, links, emphasis and code to Markdown", () => {
    const html = `<!DOCTYPE html>
<html><head><title>Ignored title</title><style>p { color: red }</style><script>var leaked = 1;</script></head>
<body>
  <h1>Realm guide</h1>
  <p>Read the <a href="https://example.com/docs">docs</a> and <strong>be careful</strong>.</p>
  <h2>Steps</h2>
  <ul><li>First</li><li>Second</li></ul>
  <ol><li>One</li><li>Two</li></ol>
  <pre><code class="language-ts">const x = 1;

console.log(x);</code></pre>
  <p>Inline <code>npm test</code>.</p>
  <script>alert("nope")</script>
</body></html>`;
    const md = convertToMarkdown(utf8(html), "text/html; charset=utf-8", "guide.html");
    expect(md).toContain("# Realm guide\n");
    expect(md).toContain("## Steps\n");
    expect(md).toContain("[docs](https://example.com/docs)");
    expect(md).toContain("**be careful**");
    expect(md).toMatch(/^- {1,3}First$/m);
    expect(md).toMatch(/^- {1,3}Second$/m);
    expect(md).toMatch(/^1\. {1,2}One$/m);
    expect(md).toContain("```ts\nconst x = 1;\n\nconsole.log(x);\n```");
    expect(md).toContain("`npm test`");
    expect(md).not.toMatch(/Ignored title|color: red|leaked|alert/);
    expect(md.endsWith("\n")).toBe(true);
    expect(md).not.toContain("\r");
  });

  it("converts XHTML like HTML", () => {
    const xhtml = `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h3>Title</h3><p>Body</p></body></html>`;
    const md = convertToMarkdown(utf8(xhtml), "application/xhtml+xml", "page.xhtml");
    expect(md).toContain("### Title");
    expect(md).toContain("Body");
  });

  it("keeps Markdown and text verbatim apart from BOM and line endings", () => {
    const source = "\uFEFF# Title\r\n\r\nSome *text* with a \\* star.\rLast line";
    expect(convertToMarkdown(utf8(source), "text/markdown", "a.md")).toBe(
      "# Title\n\nSome *text* with a \\* star.\nLast line",
    );
    expect(convertToMarkdown(utf8("plain # not a heading\r\n"), "text/plain", "a.txt")).toBe("plain # not a heading\n");
    expect(convertToMarkdown(utf8("x"), "text/x-markdown", "a.md")).toBe("x");
  });

  it("strips a double BOM and keeps non-ASCII text intact", () => {
    const text = "\uFEFF\uFEFFZürich — 東京 😀";
    expect(convertToMarkdown(utf8(text), "text/plain", "a.txt")).toBe("Zürich — 東京 😀");
  });

  it("uses the file extension when the content type is octet-stream", () => {
    const md = convertToMarkdown(utf8("<h2>From extension</h2>"), "application/octet-stream", "page.HTML");
    expect(md).toBe("## From extension\n");
  });

  it("converts an empty HTML body to empty Markdown", () => {
    expect(
      convertToMarkdown(utf8("<html><head><title>x</title></head><body></body></html>"), "text/html", "e.html"),
    ).toBe("");
  });

  it.each(["application/pdf", "image/png", "application/octet-stream"])(
    "rejects %s naming the supported types",
    (type) => {
      const convert = () => convertToMarkdown(Buffer.from([0x25, 0x50, 0x44, 0x46]), type, "file.bin");
      expect(convert).toThrow(UnsupportedContentTypeError);
      try {
        convert();
      } catch (error) {
        const message = (error as Error).message;
        expect(message).toContain("file.bin");
        for (const supported of SUPPORTED_CONTENT_TYPES) expect(message).toContain(supported);
        expect((error as UnsupportedContentTypeError).code).toBe("UNSUPPORTED_CONTENT_TYPE");
      }
    },
  );

  it.each([
    ["a lone continuation byte", Buffer.from([0x61, 0x80, 0x62])],
    ["a truncated multi-byte sequence", Buffer.from([0x61, 0xe2, 0x82])],
    ["latin-1 bytes", Buffer.from("café", "latin1")],
  ])("rejects invalid UTF-8: %s", (_label, bytes) => {
    expect(() => convertToMarkdown(bytes, "text/plain", "notes.txt")).toThrow(InvalidInputError);
    expect(() => convertToMarkdown(bytes, "text/html", "notes.html")).toThrow(/notes\.html.*UTF-8/);
  });
});
