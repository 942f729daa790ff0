// Synthetic workload: N Markdown documents from a fixed seed (document i is the same in every run and for
// every N), ≈8 KB each, ≈10 chunks at CHUNK_SIZE 900, ≈20 entities drawn from shared pools so documents of
// a realm share entities as real corpora do. Documents go through the real upload + processing pipeline.
import type { Services } from "../server/services/index.ts";
import { Viewer } from "../server/services/access.ts";

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST =
  "Ada Grace Alan Edsger Barbara Donald Margaret Ken Dennis Frances John Radia Tim Sophie Linus Hedy Claude Katherine Niklaus Leslie Shafi Adele Butler Jean Fernando Lynn Whitfield Annie Guido Bjarne Dorothy Vint Yukihiro Anita Robin Carol Ivan Judea Tony Cynthia".split(
    " ",
  );
const LAST =
  "Lovelace Hopper Turing Dijkstra Liskov Knuth Hamilton Thompson Ritchie Allen McCarthy Perlman Berners Wilson Torvalds Lamarr Shannon Johnson Wirth Lamport Goldwasser Goldberg Lampson Sammet Corbato Conway Diffie Easley Rossum Stroustrup Hodgkin Cerf Matsumoto Borg Milner Kay Sutherland Pearl Hoare Dwork".split(
    " ",
  );
const ORG_WORDS =
  "Acme Globex Initech Umbrella Hooli Vandelay Soylent Cyberdyne Tyrell Wayne Stark Wonka Aperture Black Mesa Gringotts Oscorp Massive Dynamic Nakatomi Virtucon Monarch Pied Piper Dunder Prestige Sterling Cooper Kruger Blue Sun Weyland".split(
    " ",
  );
const ORG_SUFFIX = ["Labs", "Corp", "Institute", "Foundation", "Group", "Inc"];
const PLACES =
  "London Paris Berlin Madrid Rome Amsterdam Vienna Boston Seattle Tokyo Singapore Sydney Toronto Munich Zurich Dublin Edinburgh Cambridge Oxford Geneva Brussels Stockholm".split(
    " ",
  );
const CONCEPTS =
  "Analytical Engine|Distributed Ledger|Vector Search|Graph Database|Stream Processor|Query Planner|Consensus Protocol|Storage Engine".split(
    "|",
  );
const FILLER = [
  "The team measured throughput, latency and error rates across several releases and hardware generations before drawing any conclusions.",
  "Most of the effort went into reproducible experiments, careful baselines and a written record of every change that was made.",
  "Results were stable from one run to the next, which made regressions easy to spot during the weekly review meeting.",
  "Several design options were compared on cost, operational risk and the effort needed to maintain them.",
  "The prototype was rewritten twice as the requirements became clearer, the data grew and the first users arrived.",
  "Operators asked for clearer dashboards, fewer alerts and a simple way to roll back a bad deploy.",
  "A small benchmark suite ran on every commit and its figures were kept next to the code, where reviewers could see them.",
  "Documentation was treated as part of the product and reviewed with the same care as the source.",
];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

interface Cast {
  people: string[];
  orgs: string[];
  places: string[];
  years: number[];
  concept: string;
}

function castFor(r: () => number): Cast {
  const people = new Set<string>();
  while (people.size < 8) people.add(`${pick(r, FIRST)} ${pick(r, LAST)}`);
  const orgs = new Set<string>();
  while (orgs.size < 5) orgs.add(`${pick(r, ORG_WORDS)} ${pick(r, ORG_SUFFIX)}`);
  const places = new Set<string>();
  while (places.size < 4) places.add(pick(r, PLACES));
  const years = new Set<number>();
  while (years.size < 3) years.add(1950 + Math.floor(r() * 70));
  return { people: [...people], orgs: [...orgs], places: [...places], years: [...years], concept: pick(r, CONCEPTS) };
}

function sentence(r: () => number, c: Cast): string {
  const p = pick(r, c.people);
  const o = pick(r, c.orgs);
  const l = pick(r, c.places);
  const y = pick(r, c.years);
  switch (Math.floor(r() * 9)) {
    case 0:
      return `${p} worked for ${o} in ${l} from ${y}.`;
    case 1:
      return `${p} joined ${o} as a researcher and later led the ${c.concept} project.`;
    case 2:
      return `${o} is headquartered in ${l}, close to the university.`;
    case 3:
      return `In ${y}, ${p} and ${pick(r, c.people)} presented the ${c.concept} design in ${l}.`;
    default:
      return pick(r, FILLER);
  }
}

/** The Markdown of document `index` (≈8 KB). */
export function documentMarkdown(index: number, seed = 20240607): string {
  const r = rng(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const c = castFor(r);
  const parts = [`# ${c.concept} report ${index}`, ""];
  parts.push(Array.from({ length: 5 }, () => sentence(r, c)).join(" "), "");
  const sections = [
    "Background",
    "Method",
    "Findings",
    "People",
    "Operations",
    "Risks",
    "Outlook",
    "Summary",
    "Appendix",
  ];
  for (const title of sections) {
    parts.push(`## ${title}`, "");
    for (const length of [4, 3]) parts.push(Array.from({ length }, () => sentence(r, c)).join(" "), "");
    if (r() < 0.6) parts.push(`- ${sentence(r, c)}`, "");
    if (title === "Appendix") parts.push("```sh", `bench --docs ${index} --seed ${seed}`, "```", "");
  }
  return parts.join("\n");
}

export const documentTitle = (index: number, width: number) => `bench-${String(index).padStart(width, "0")}`;

/**
 * Uploads and processes documents [0, count) — or those of one shard, index % shards === shard — into
 * `realmId` with `concurrency` in flight, through the service's own DocumentService and DocumentProcessor
 * (the real pipeline). Returns the time it took.
 */
export async function processWorkload(
  services: Services,
  realmId: string,
  count: number,
  options: { concurrency?: number; shard?: number; shards?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const system = Viewer.system();
  const width = String(Math.max(1, count - 1)).length;
  const shards = options.shards ?? 1;
  const started = performance.now();
  let next = options.shard ?? 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += shards;
      const doc = await services.documents.create(system, {
        realmId,
        title: documentTitle(index, width),
        fileName: `${documentTitle(index, width)}.md`,
        contentType: "text/markdown",
        content: Buffer.from(documentMarkdown(index)),
      });
      const processed = await services.processor.process(doc.id);
      if (processed.status !== "READY") throw new Error(`processing ${doc.title} failed: ${processed.error}`);
      if (++done % 100 === 0) options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return performance.now() - started;
}
