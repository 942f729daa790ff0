// markdown-optimizer stage: deterministic clean-up of converted Markdown before chunking.
// Invariants: idempotent (optimize(optimize(x)) === optimize(x)); fenced code blocks are copied
// verbatim; output is "" or ends in exactly one newline.

// Any indentation: fences nested in list items are indented further than CommonMark's top-level 3.
const FENCE = /^\s*(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}([*_-])(?:[ \t]*\1){2,}[ \t]*$/;
const STAR_OR_PLUS_BULLET = /^(\s*)[*+](?=[ \t])/;
const INLINE_CODE = /(`+)[\s\S]*?(?<!`)\1(?!`)/g;
// Link targets are bounded so a pathological line cannot make these scans quadratic in its length.
const EMPTY_IMAGE = /!\[\s*\]\([^)`]{0,2000}\)/g;
const EMPTY_LINK = /(?<!!)\[\s*\]\([^)`]{0,2000}\)/g;
const LINK_WITHOUT_TARGET = /(?<!!)\[([^\][]{1,500})\]\(\s*\)/g;

export function optimizeMarkdown(md: string): string {
  const lines: Array<{ text: string; code: boolean }> = [];
  let fence: Fence | null = null;

  for (const line of md.replace(/\r\n?/g, "\n").split("\n")) {
    if (fence) {
      if (closesFence(line, fence)) {
        fence = null;
        lines.push({ text: line.trimEnd(), code: false });
      } else {
        lines.push({ text: line, code: true });
      }
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = { char: opening[1]![0]!, length: opening[1]!.length };
      lines.push({ text: line.trimEnd(), code: false });
      continue;
    }
    const cleaned = cleanLine(line);
    // A clean-up that turned a line into a fence opener would change how the next pass reads
    // everything below it, breaking idempotence; such a line is left as it was.
    lines.push({ text: FENCE.test(cleaned) ? line.trimEnd() : cleaned, code: false });
  }

  const kept: string[] = [];
  let previousBlank = true; // drops leading blank lines
  for (const { text, code } of lines) {
    // Blank lines inside code are content; only blank runs in prose are collapsed.
    const blank = !code && text === "";
    if (blank && previousBlank) continue;
    kept.push(text);
    previousBlank = blank;
  }
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === "") kept.pop();
  return kept.length === 0 ? "" : `${kept.join("\n")}\n`;
}

interface Fence {
  char: string;
  length: number;
}

function closesFence(line: string, fence: Fence): boolean {
  const trimmed = line.trim();
  if (trimmed.length < fence.length) return false;
  for (const ch of trimmed) if (ch !== fence.char) return false;
  return true;
}

function cleanLine(line: string): string {
  let result = mapOutsideInlineCode(line, (text) => {
    // Removing an image can leave an empty link around it ([![](a)](b)), so repeat until stable.
    for (let previous = ""; previous !== text;) {
      previous = text;
      text = text.replace(EMPTY_IMAGE, "").replace(EMPTY_LINK, "").replace(LINK_WITHOUT_TARGET, "$1");
    }
    return text;
  });
  result = result.trimEnd();
  // "* * *" is a thematic break, not a list; rewriting its first star would make it one.
  if (!THEMATIC_BREAK.test(result)) result = result.replace(STAR_OR_PLUS_BULLET, "$1-");
  return result;
}

function mapOutsideInlineCode(line: string, transform: (text: string) => string): string {
  if (!line.includes("`")) return transform(line);
  let result = "";
  let last = 0;
  for (const match of line.matchAll(INLINE_CODE)) {
    result += transform(line.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return result + transform(line.slice(last));
}
