import { describe, expect, it } from "vitest";
import { optimizeMarkdown } from "../../../server/services/stages/optimize.ts";

describe("optimizeMarkdown", () => {
  it("trims trailing spaces and tabs", () => {
    expect(optimizeMarkdown("line one   \nline two\t\n")).toBe("line one\nline two\n");
  });

  it("collapses runs of blank lines to one and drops leading and trailing blank lines", () => {
    expect(optimizeMarkdown("\n\n  \nA\n\n\n\n\nB\n \t \n\nC\n\n\n")).toBe("A\n\nB\n\nC\n");
  });

  it("ends with exactly one newline, and empty input stays empty", () => {
    expect(optimizeMarkdown("text")).toBe("text\n");
    expect(optimizeMarkdown("text\n\n\n")).toBe("text\n");
    expect(optimizeMarkdown("")).toBe("");
    expect(optimizeMarkdown(" \n\t\n")).toBe("");
  });

  it("normalises * and + bullets to -, keeping indentation", () => {
    expect(optimizeMarkdown("* one\n+ two\n  * nested\n    + deeper\n- three\n")).toBe(
      "- one\n- two\n  - nested\n    - deeper\n- three\n",
    );
  });

  it("leaves thematic breaks, emphasis and ordered lists alone", () => {
    const md = "* * *\n***\n**bold** start\n*em* start\n1. first\n";
    expect(optimizeMarkdown(md)).toBe(md);
  });

  it("removes empty links and images without alt text, keeping ones with text", () => {
    expect(optimizeMarkdown("A [](https://x.test) B ![](img.png) C ![alt](keep.png) [text](keep)\n")).toBe(
      "A  B  C ![alt](keep.png) [text](keep)\n",
    );
    expect(optimizeMarkdown("[![](badge.svg)](https://ci.test)\n")).toBe("");
    expect(optimizeMarkdown("see [the docs]() now\n")).toBe("see the docs now\n");
  });

  it("never changes fenced code or inline code", () => {
    const md = "```md\n* keep star   \n[](keep)\n\n\n\nend\n```\n\nUse `[](x)` and `* y`.\n\n~~~\n+ tilde\n~~~\n";
    expect(optimizeMarkdown(md)).toBe(md);
  });

  it("treats an unclosed fence as code to the end", () => {
    expect(optimizeMarkdown("```\n* a\n\n\n\n+ b")).toBe("```\n* a\n\n\n\n+ b\n");
  });

  it("normalises CRLF", () => {
    expect(optimizeMarkdown("a\r\n\r\n\r\n\r\nb\r\n")).toBe("a\n\nb\n");
  });

  it("stays fast on pathological lines (no catastrophic regex backtracking)", () => {
    for (const line of ["[](".repeat(3000), "![](".repeat(3000), "`".repeat(3000), "[a](".repeat(3000)]) {
      const started = performance.now();
      optimizeMarkdown(line);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it("is idempotent on hand-written samples", () => {
    const samples = [
      "# T  \n\n\n* a\n+ b\n\n[](x)\n\n```\n  * code  \n```\n",
      "[](x)```\nnot code\n",
      "text ![](a) ``[](b)`` `c` [d]()\n\n\n\n    indented\n",
      "```\n\n\n",
    ];
    for (const sample of samples) {
      const once = optimizeMarkdown(sample);
      expect(optimizeMarkdown(once)).toBe(once);
    }
  });

  it("is idempotent on generated Markdown", () => {
    const parts = [
      "# H",
      "text",
      "  ",
      "\n",
      "\n\n\n",
      "* item",
      "+ x",
      "* * *",
      "```",
      "~~~",
      "`",
      "``",
      "[](u)",
      "![](i)",
      "[a]()",
      "[![](a)](b)",
      " ",
      "\t",
      "\r\n",
      "- y",
      "    ```",
      "[",
      "](",
      ")",
      "!",
      "***",
      "x  ",
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      let md = "";
      for (let n = Math.floor(random() * 20); n > 0; n--) md += parts[Math.floor(random() * parts.length)];
      const once = optimizeMarkdown(md);
      expect(optimizeMarkdown(once), JSON.stringify(md)).toBe(once);
      expect(once === "" || (once.endsWith("\n") && !once.endsWith("\n\n"))).toBe(true);
    }
  });
});
