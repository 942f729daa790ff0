// fact-generator stage: a deterministic rule-based entity and relation extractor (no model, no network).
// Invariants: the same chunks always give byte-identical output; an entity key is its name lowercased
// with whitespace collapsed; RELATED_TO has source < target; entities and relations are sorted.

import type { Chunk, Entity, FactsFile, Relation } from "./types.ts";
import {
  STOPWORDS,
  NON_ENTITY,
  HONORIFICS,
  ROLES,
  ORG_SUFFIXES,
  ORG_PREFIXES,
  LOC_SUFFIXES,
  LOC_PREFIXES,
  PLACES,
  CONCEPT_WORDS,
  PARTICLES,
  CONNECTORS,
  ABBREVIATIONS,
  SPECIAL,
} from "./facts-lexicon.ts";

export const FACTS_EXTRACTOR = "rules-v1";

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}'’-]*[\p{L}\p{M}\p{N}])?|&/gu;
const ACRONYM = /^\p{Lu}{2,6}$/u;

// Matched against the text between two consecutive mentions, lowercased. A leading "and …" clause
// takes the sentence's first person as subject ("Hopper joined the Navy in 1943 and later worked for …").
const COORD = "(?:,\\s*)?(?<coord>and (?:later |then |also |now )?)?(?:who )?";
const PATTERNS: Array<{ type: string; re: RegExp; passive?: boolean }> = [
  {
    type: "WORKS_FOR",
    re: new RegExp(
      `^${COORD}(?:(?:(?:still|later|then|now|currently) )?(?:works|worked|working|is working|was working|has worked|` +
        `had worked) (?:for|at)|(?:has |had )?joined|(?:is|was) employed by|(?:is|was|became|serves as|served as) ` +
        `(?:an? |the )?(?:[\\p{L}-]+ )?(?:${[...ROLES].join("|")})(?: [\\p{L}-]+)? (?:at|of|for|with))(?: the)?$`,
      "u",
    ),
  },
  { type: "FOUNDED", re: new RegExp(`^${COORD}(?:co-?founded|founded|established|started|created)(?: the)?$`) },
  {
    type: "FOUNDED",
    re: /^(?:,\s*)?(?:which |that )?(?:(?:was|were|has been|had been) )?(?:co-?)?founded by$/,
    passive: true,
  },
  {
    type: "LOCATED_IN",
    re: /^(?:,\s*)?(?:which |that )?(?:(?:is|was|are|were) )?(?:located|based|headquartered|situated) in(?: the)?$/,
  },
];
const NOT_AN_ACTOR = new Set(["DATE", "URL", "EMAIL"]);
const TYPE_PRIORITY = ["PERSON", "ORGANIZATION", "LOCATION", "DATE", "EMAIL", "URL", "CONCEPT"];

type Token = { text: string; start: number; end: number };
type Mention = { key: string; name: string; start: number; end: number };
type Sentence = { chunk: number; text: string; mentions: Mention[] };
type Found = { source: Mention; target: Mention; type: string };

export function extractFacts(chunks: Array<Pick<Chunk, "index" | "text">>): FactsFile {
  const votes = new Map<string, Map<string, number>>();
  const vote = (key: string, type: string, weight: number) => {
    const byType = votes.get(key) ?? new Map<string, number>();
    byType.set(type, (byType.get(type) ?? 0) + weight);
    votes.set(key, byType);
  };
  const names = new Map<string, string>();
  const sentences: Sentence[] = [];
  for (const chunk of [...chunks].sort((a, b) => a.index - b.index)) {
    for (const text of splitSentences(chunk.text)) {
      const mentions = findMentions(text, vote);
      for (const m of mentions) if (!names.has(m.key)) names.set(m.key, m.name);
      sentences.push({ chunk: chunk.index, text, mentions });
    }
  }

  // Verb patterns first: what they imply about types ("X joined Y": Y is an organisation) feeds typing.
  for (const { source, target, type } of sentences.flatMap((s) => matchPatterns(s, () => undefined))) {
    if (type === "LOCATED_IN") continue;
    vote(source.key, "PERSON", 10);
    vote(target.key, "ORGANIZATION", 10);
  }
  const typeOf = new Map([...votes].map(([key, byType]) => [key, pickType(byType)]));
  const alias = resolveAliases(typeOf);
  const resolve = (key: string) => alias.get(key) ?? key;
  const resolvedType = (key: string) => typeOf.get(resolve(key)) ?? "CONCEPT";

  const entityChunks = new Map<string, Set<number>>();
  const relations: Relation[] = [];
  const seen = new Set<string>();
  const relate = (source: string, target: string, type: string, chunkIndex: number) => {
    const id = `${source}\u0000${target}\u0000${type}\u0000${chunkIndex}`;
    if (source !== target && !seen.has(id)) {
      seen.add(id);
      relations.push({ source, target, type, chunkIndex });
    }
  };
  for (const sentence of sentences) {
    const keys: string[] = [];
    for (const mention of sentence.mentions) {
      mention.key = resolve(mention.key);
      const mentionedIn = entityChunks.get(mention.key) ?? new Set<number>();
      entityChunks.set(mention.key, mentionedIn.add(sentence.chunk));
      if (!keys.includes(mention.key)) keys.push(mention.key);
    }
    for (const { source, target, type } of matchPatterns(sentence, resolvedType)) {
      relate(source.key, target.key, type, sentence.chunk);
    }
    // Co-occurrence only between nearby mentions: a long enumeration would otherwise relate everything.
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length && j <= i + 5; j++) {
        const [a, b] = [keys[i]!, keys[j]!].sort(compare);
        relate(a!, b!, "RELATED_TO", sentence.chunk);
      }
    }
  }

  const entities: Entity[] = [...entityChunks]
    .map(([key, chunkSet]) => ({
      key,
      name: names.get(key) ?? key,
      type: typeOf.get(key) ?? "CONCEPT",
      chunks: [...chunkSet].sort((a, b) => a - b),
    }))
    .sort((a, b) => compare(a.key, b.key));
  relations.sort(
    (a, b) =>
      compare(a.source, b.source) ||
      compare(a.target, b.target) ||
      compare(a.type, b.type) ||
      a.chunkIndex - b.chunkIndex,
  );
  return { version: 1, extractor: FACTS_EXTRACTOR, entities, relations };
}

/** UTF-16 code-unit order, not localeCompare: the output must not depend on the host's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normaliseKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

function splitSentences(markdown: string): string[] {
  const segments: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  const close = () => {
    if (current.length) segments.push(current.join(" "));
    current = [];
  };
  for (const line of markdown.split("\n")) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    // Code is not prose: identifiers in it are not entities.
    if (fence !== null || marker) {
      if (fence === null) fence = marker![0]!;
      else if (marker?.[0] === fence) fence = null;
      close();
      continue;
    }
    // Headings are dropped: title case makes every word look like a name.
    if (line.trim() === "" || /^ {0,3}#{1,6}(?:\s|$)/.test(line) || /^\s*(?:[-=*_]\s*){3,}$/.test(line)) {
      close();
      continue;
    }
    if (/^\s*(?:[-*+>|]|\d+[.)])\s/.test(line)) close();
    current.push(cleanInline(line));
  }
  close();

  const sentences: string[] = [];
  for (const segment of segments) {
    let from = 0;
    for (const match of segment.matchAll(/(?<![.!?…])([.!?…]+)["'”’)\]]*\s+/g)) {
      const end = match.index + match[0].length;
      const previous = segment.slice(Math.max(from, segment.lastIndexOf(" ", match.index - 1) + 1), match.index);
      const next = segment.slice(end, end + 40);
      const nextWord = /^\S+/.exec(next)?.[0].toLowerCase() ?? "";
      const lowerPrev = previous.toLowerCase();
      if (/^\p{Ll}/u.test(next)) continue;
      if (match[1] === "." && (HONORIFICS.has(lowerPrev) || /^(?:\p{L}\.)*\p{L}$/u.test(previous))) continue;
      // "Acme Inc. She …" ends a sentence; "Acme Inc. Research" does not.
      if (match[1] === "." && ABBREVIATIONS.has(lowerPrev) && !STOPWORDS.has(nextWord)) continue;
      sentences.push(segment.slice(from, end).trim());
      from = end;
    }
    if (segment.slice(from).trim()) sentences.push(segment.slice(from).trim());
  }
  return sentences;
}

function cleanInline(line: string): string {
  return (
    line
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, "$1")
      .replace(/^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s*/, "")
      .replace(/`[^`]*`/g, " ")
      // Bounded, non-overlapping quantifiers: a line of "[](" must not make the regex backtrack cubically.
      .replace(/!\[([^\]]{0,500})\]\([^)]{0,2000}\)/g, "$1")
      .replace(/\[([^\]]{0,500})\]\(([^)\s]{0,2000})(?:\s[^)]{0,500})?\)/g, "$1 ($2)")
      .replace(/<(https?:\/\/[^>]+)>/g, "$1")
      .replace(/\*\*|__|~~|\*/g, "")
      .replace(/\s*\|\s*/g, ", ")
  );
}

function findMentions(sentence: string, vote: (key: string, type: string, weight: number) => void): Mention[] {
  const mentions: Mention[] = [];
  const add = (name: string, start: number, end: number, type: string, weight: number) => {
    const mention = { key: normaliseKey(name), name, start, end };
    mentions.push(mention);
    vote(mention.key, type, weight);
  };
  let masked = sentence;
  for (const [pattern, type] of SPECIAL) {
    for (const match of masked.matchAll(pattern)) {
      add(match[0], match.index, match.index + match[0].length, type, 100);
      masked = masked.slice(0, match.index) + " ".repeat(match[0].length) + masked.slice(match.index + match[0].length);
    }
  }

  const tokens: Token[] = [];
  for (const match of masked.matchAll(TOKEN)) {
    const text = match[0].replace(/['’]s$/u, "");
    tokens.push({ text, start: match.index, end: match.index + text.length });
  }
  const isCapital = (t: Token) => /^\p{Lu}/u.test(t.text);
  const joins = (a: Token, b: Token) => {
    const gap = masked.slice(a.end, b.start);
    if (/^[ \t]+$/.test(gap)) return true;
    return /^\.[ \t]+$/.test(gap) && (/^\p{Lu}$/u.test(a.text) || HONORIFICS.has(a.text.toLowerCase()));
  };

  for (let i = 0; i < tokens.length;) {
    if (!isCapital(tokens[i]!)) {
      i++;
      continue;
    }
    let words = [tokens[i]!];
    let j = i + 1;
    while (j < tokens.length && joins(tokens[j - 1]!, tokens[j]!)) {
      if (isCapital(tokens[j]!)) words.push(tokens[j++]!);
      else if (CONNECTORS.has(tokens[j]!.text.toLowerCase())) {
        // Connectors ("of", "van", "&") belong to a name only when a capitalised word follows them.
        let k = j;
        while (
          k < tokens.length &&
          k - j < 2 &&
          CONNECTORS.has(tokens[k]!.text.toLowerCase()) &&
          joins(tokens[k - 1]!, tokens[k]!)
        )
          k++;
        if (k < tokens.length && isCapital(tokens[k]!) && joins(tokens[k - 1]!, tokens[k]!)) {
          words.push(...tokens.slice(j, k + 1));
          j = k + 1;
        } else break;
      } else break;
    }
    const sentenceInitial = i === 0;
    i = j;
    const lower = (t: Token) => t.text.toLowerCase();
    let titled = false;
    // Leading words that are not the name: a capital forced by the sentence start, a title, a role.
    for (let head = words[0]; head; head = words[0]) {
      const word = lower(head);
      if (HONORIFICS.has(word) && words.length > 1) titled = true;
      else if (!(sentenceInitial && STOPWORDS.has(word)) && !ROLES.has(word) && isCapital(head)) break;
      words = words.slice(1);
    }
    if (!words.length || words.every((w) => STOPWORDS.has(lower(w)))) continue;
    if (words.length === 1) {
      const word = words[0]!;
      if (
        word.text.length < 2 ||
        NON_ENTITY.has(lower(word)) ||
        (word.text === word.text.toUpperCase() && word.text.length > 6)
      )
        continue;
    }
    const first = words[0]!;
    const last = words[words.length - 1]!;
    const [type, weight] = titled
      ? ["PERSON", 100]
      : classify(
          words.map(lower),
          words.map((w) => w.text),
        );
    add(masked.slice(first.start, last.end), first.start, last.end, type, weight);
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** Type and strength of the evidence: suffixes and gazetteers are strong, the two-word rule is weak. */
function classify(lower: string[], words: string[]): [string, number] {
  const first = lower[0]!.replace(/\.$/, "");
  const last = lower[lower.length - 1]!.replace(/\.$/, "");
  if (ORG_SUFFIXES.has(last) || (ORG_PREFIXES.has(first) && lower.length > 1)) return ["ORGANIZATION", 100];
  if (PLACES.has(lower.join(" "))) return ["LOCATION", 100];
  if (lower.length > 1 && (LOC_SUFFIXES.has(last) || LOC_PREFIXES.has(first))) return ["LOCATION", 100];
  if (words.length === 1 && ACRONYM.test(words[0]!)) return ["ORGANIZATION", 1];
  const core = lower.filter((w) => !PARTICLES.has(w));
  const nameLike = words.every((w, i) => PARTICLES.has(lower[i]!) || /^\p{Lu}(?:[\p{Ll}'’]|$)/u.test(w));
  if (core.length >= 2 && core.length <= 3 && nameLike && !lower.some((w) => CONCEPT_WORDS.has(w)))
    return ["PERSON", 1];
  return ["CONCEPT", 0.1];
}

function pickType(byType: Map<string, number>): string {
  let best = "CONCEPT";
  let bestScore = -1;
  for (const type of TYPE_PRIORITY) {
    const score = byType.get(type) ?? -1;
    if (score > bestScore) [best, bestScore] = [type, score];
  }
  return best;
}

/** "Lovelace" or "Ada" alone refer to "Ada Lovelace" when exactly one known person has that name part. */
function resolveAliases(typeOf: Map<string, string>): Map<string, string> {
  const byPart = new Map<string, string[]>();
  for (const [key, type] of typeOf) {
    const parts = key.split(" ").filter((w) => !PARTICLES.has(w));
    if (type !== "PERSON" || parts.length < 2) continue;
    for (const part of new Set([parts[0]!, parts[parts.length - 1]!]))
      byPart.set(part, [...(byPart.get(part) ?? []), key]);
  }
  const alias = new Map<string, string>();
  for (const [key, type] of typeOf) {
    const owners = byPart.get(key);
    if (!key.includes(" ") && (type === "PERSON" || type === "CONCEPT") && owners?.length === 1)
      alias.set(key, owners[0]!);
  }
  return alias;
}

function matchPatterns(sentence: Sentence, typeOf: (key: string) => string | undefined): Found[] {
  const found: Found[] = [];
  const { mentions, text } = sentence;
  for (let i = 1; i < mentions.length; i++) {
    const [a, b] = [mentions[i - 1]!, mentions[i]!];
    const between = text.slice(a.end, b.start).toLowerCase().replace(/\s+/g, " ").trim();
    for (const pattern of PATTERNS) {
      const match = pattern.re.exec(between);
      if (!match) continue;
      const [first, target] = pattern.passive ? [b, a] : [a, b];
      let source = first;
      if (match.groups?.coord) source = mentions.find((m, k) => k < i && typeOf(m.key) === "PERSON") ?? source;
      const known = [typeOf(source.key), typeOf(target.key)];
      if (!known.some((t) => t !== undefined && NOT_AN_ACTOR.has(t)))
        found.push({ source, target, type: pattern.type });
      break;
    }
    // "X in Y" and "Paris, France" only say where X is when Y is known to be a place.
    if (typeOf(b.key) === "LOCATION" && !NOT_AN_ACTOR.has(typeOf(a.key) ?? "DATE")) {
      if (between === "in" || (between === "," && typeOf(a.key) === "LOCATION")) {
        found.push({ source: a, target: b, type: "LOCATED_IN" });
      }
    }
  }
  return found;
}
