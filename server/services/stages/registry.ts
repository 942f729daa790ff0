// The processing pipeline: each stage names the stage files it needs, the file it writes, and how.
// Stages are pure over their inputs (plus the ingestor's writes), so any stage can be re-run alone.
import type { Document } from "../../generated/prisma/client.ts";
import type { StageName, Embedder, ChunksFile, FactsFile } from "./types.ts";
import { STAGE_NAMES } from "./types.ts";
import { convertToMarkdown } from "./convert.ts";
import { optimizeMarkdown } from "./optimize.ts";
import { chunkMarkdown } from "./chunk.ts";
import { extractFacts } from "./facts.ts";
import { StageInputMissingError } from "../errors.ts";

export interface StageContext {
  document: Document;
  /** Text of the stage file `stage` wrote for this document, or null when there is none. */
  input(stage: StageName): Promise<string | null>;
  original(): Promise<Buffer>;
  /** Restricts the ingestor to these database ids (default: every database of the realm). */
  databaseIds: string[] | undefined;
  migrationId: string | undefined;
}

export interface StageDefinition {
  name: StageName;
  /** Upstream stages whose files this stage reads; the migration planner pulls them in when missing. */
  requires: StageName[];
  optional: boolean;
  fileName(stem: string): string;
  contentType: string;
  run(ctx: StageContext): Promise<string>;
  /**
   * The stage for many documents at once (one outcome each, in order), where doing them together saves
   * round trips (the ingestor's writes); stages without it run document by document, side by side.
   */
  runMany?(contexts: StageContext[]): Promise<StageOutcome[]>;
}

/** One document's stage output, or why it failed. */
export type StageOutcome = { output: string } | { error: unknown };

/** What the ingestor writes for one document: its chunks and facts. */
export interface IngestJob {
  ctx: StageContext;
  chunks: ChunksFile;
  facts: FactsFile;
}

/** Writes a document's records to databases; implemented by the ingestion service. */
export interface Ingestor {
  /** Writes every job's records; one report (or error) per job, in order. */
  ingestMany(jobs: IngestJob[]): Promise<Array<{ report: unknown } | { error: unknown }>>;
}

export interface StageDeps {
  embedder: Embedder;
  chunking: { size: number; overlap: number };
  ingestor: Ingestor;
}

/** Stage files each stage reads. The chunker also prefers markdown-optimizer's output when present. */
export const STAGE_INPUTS: Record<StageName, StageName[]> = {
  "markdown-conversion": [],
  "markdown-optimizer": ["markdown-conversion"],
  chunker: ["markdown-conversion"],
  "fact-generator": ["chunker"],
  ingestor: ["chunker", "fact-generator"],
};

/** Stage files a stage reads when they exist (the chunker prefers the optimizer's Markdown). */
const OPTIONAL_INPUTS: Partial<Record<StageName, StageName[]>> = { chunker: ["markdown-optimizer"] };

/**
 * The stages to run so that `requested` can run on a document whose stage files are `available`:
 * a stage whose input is neither available nor produced by an earlier stage pulls that stage in, and an
 * available file whose own inputs are re-run is stale, so its stage re-runs too.
 */
export function expandStages(requested: readonly StageName[], available: ReadonlySet<StageName>): StageName[] {
  const run = new Set(requested);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stage of [...run]) {
      const optional = (OPTIONAL_INPUTS[stage] ?? []).filter((s) => available.has(s));
      for (const input of [...STAGE_INPUTS[stage], ...optional]) {
        const missing = !available.has(input);
        const stale = STAGE_INPUTS[input].some((upstream) => run.has(upstream));
        if (!run.has(input) && (missing || stale)) {
          run.add(input);
          grew = true;
        }
      }
    }
  }
  return STAGE_NAMES.filter((s) => run.has(s));
}

export function createStages(deps: StageDeps): Record<StageName, StageDefinition> {
  const json = (value: unknown) => JSON.stringify(value, null, 1) + "\n";
  /** Reads each document's chunks and facts, then writes all of them in one ingestor call. */
  const ingestAll = async (contexts: StageContext[]): Promise<StageOutcome[]> => {
    const inputs = await Promise.all(
      contexts.map(async (ctx): Promise<IngestJob | { error: unknown }> => {
        try {
          const chunks = JSON.parse(await need(ctx, "ingestor", "chunker")) as ChunksFile;
          const facts = JSON.parse(await need(ctx, "ingestor", "fact-generator")) as FactsFile;
          return { ctx, chunks, facts };
        } catch (error) {
          return { error };
        }
      }),
    );
    const jobs = inputs.filter((i): i is IngestJob => !("error" in i));
    const reports = await deps.ingestor.ingestMany(jobs);
    const byJob = new Map(jobs.map((job, i) => [job, reports[i]!]));
    return inputs.map((input) => {
      if ("error" in input) return input;
      const report = byJob.get(input)!;
      return "error" in report ? report : { output: json(report.report) };
    });
  };
  return {
    "markdown-conversion": {
      name: "markdown-conversion",
      requires: STAGE_INPUTS["markdown-conversion"],
      optional: false,
      fileName: (stem) => `${stem}.md`,
      contentType: "text/markdown",
      run: async (ctx) => convertToMarkdown(await ctx.original(), ctx.document.contentType, ctx.document.fileName),
    },
    "markdown-optimizer": {
      name: "markdown-optimizer",
      requires: STAGE_INPUTS["markdown-optimizer"],
      optional: true,
      fileName: (stem) => `${stem}.optimized.md`,
      contentType: "text/markdown",
      run: async (ctx) => optimizeMarkdown(await need(ctx, "markdown-optimizer", "markdown-conversion")),
    },
    chunker: {
      name: "chunker",
      requires: STAGE_INPUTS["chunker"],
      optional: false,
      fileName: (stem) => `${stem}.chunks.json`,
      contentType: "application/json",
      run: async (ctx) => {
        const markdown = (await ctx.input("markdown-optimizer")) ?? (await need(ctx, "chunker", "markdown-conversion"));
        const pieces = chunkMarkdown(markdown, deps.chunking);
        const vectors = await deps.embedder.embed(pieces.map((p) => p.text));
        const file: ChunksFile = {
          version: 1,
          embedder: deps.embedder.name,
          dimension: deps.embedder.dimension,
          chunkSize: deps.chunking.size,
          chunkOverlap: deps.chunking.overlap,
          chunks: pieces.map((p, i) => ({ ...p, vector: vectors[i]!.map(round) })),
        };
        return json(file);
      },
    },
    "fact-generator": {
      name: "fact-generator",
      requires: STAGE_INPUTS["fact-generator"],
      optional: false,
      fileName: (stem) => `${stem}.facts.json`,
      contentType: "application/json",
      run: async (ctx) => {
        const chunks = JSON.parse(await need(ctx, "fact-generator", "chunker")) as ChunksFile;
        return json(extractFacts(chunks.chunks));
      },
    },
    ingestor: {
      name: "ingestor",
      requires: STAGE_INPUTS["ingestor"],
      optional: false,
      fileName: (stem) => `${stem}.ingestion.json`,
      contentType: "application/json",
      run: async (ctx) => {
        const [outcome] = await ingestAll([ctx]);
        if ("error" in outcome!) throw outcome.error;
        return outcome!.output;
      },
      runMany: (contexts) => ingestAll(contexts),
    },
  };
}

/** Stages in pipeline order, optionally without the optional ones. */
export function pipelineOrder(includeOptional: boolean): StageName[] {
  return STAGE_NAMES.filter((s) => includeOptional || s !== "markdown-optimizer");
}

export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base) || "document";
}

async function need(ctx: StageContext, stage: StageName, input: StageName): Promise<string> {
  const text = await ctx.input(input);
  if (text === null) {
    throw new StageInputMissingError(
      `Stage ${stage} needs the output of ${input}, which document ${ctx.document.id} does not have. Run ${input} first (or include it in the stages to run).`,
    );
  }
  return text;
}

/** Vectors are stored with 7 significant digits: float32 precision, smaller files, stable hashes. */
function round(x: number): number {
  return Number(x.toPrecision(7));
}
