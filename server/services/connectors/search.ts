// Search semantics shared by every connector kind: cosine similarity, most similar first, ties broken by
// documentId then chunk index (both ascending), so one corpus gives one top-k order on every kind.
// Index-backed kinds over-fetch until the k-th hit is strictly above the lowest candidate they saw.
import { InvalidInputError } from "../errors.ts";
import type { SearchHit, SearchQuery } from "./types.ts";

/** The largest k a connector answers; the API bounds k below it. */
export const MAX_SEARCH_K = 1000;

/** Most similar first; equal scores by documentId, then chunk index. */
export function compareHits(a: SearchHit, b: SearchHit): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.documentId !== b.documentId) return a.documentId < b.documentId ? -1 : 1;
  return a.chunkIndex - b.chunkIndex;
}

/** Refuses a query no kind can answer (before any database is asked). */
export function checkQuery({ vector, k }: SearchQuery): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_SEARCH_K)
    throw new InvalidInputError(`k must be an integer between 1 and ${MAX_SEARCH_K}; it is ${k}.`, ["k"]);
  if (vector.length === 0 || !vector.every((x) => Number.isFinite(x)))
    throw new InvalidInputError("The query vector must be a non-empty list of finite numbers.", ["vector"]);
}

export function norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  return Math.sqrt(sum);
}

/**
 * Cosine similarity of `vector` with a query already divided by its norm. A zero vector (or a vector of
 * another dimension, which no kind can compare) scores 0, as Qdrant scores a zero vector.
 */
export function cosineWithUnit(unitQuery: ArrayLike<number>, vector: ArrayLike<number>): number {
  if (vector.length !== unitQuery.length) return 0;
  let dot = 0;
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i]!;
    dot += x * unitQuery[i]!;
    sum += x * x;
  }
  return sum === 0 ? 0 : dot / Math.sqrt(sum);
}

export function unit(vector: number[]): Float64Array {
  const n = norm(vector);
  return Float64Array.from(vector, (x) => (n === 0 ? 0 : x / n));
}

/**
 * The best k hits seen so far, in a binary heap whose root is the worst kept hit: memory stays O(k) however
 * many candidates stream through.
 */
export class TopK {
  private readonly heap: SearchHit[] = [];

  constructor(private readonly k: number) {}

  /** Whether a hit with this score could still enter (cheap pre-check before building the hit). */
  admits(score: number): boolean {
    return this.heap.length < this.k || score >= this.heap[0]!.score;
  }

  push(hit: SearchHit): void {
    const { heap } = this;
    if (heap.length < this.k) {
      heap.push(hit);
      this.up(heap.length - 1);
    } else if (compareHits(hit, heap[0]!) < 0) {
      heap[0] = hit;
      this.down(0);
    }
  }

  /** The kept hits, best first. */
  sorted(): SearchHit[] {
    return [...this.heap].sort(compareHits);
  }

  // The root is the hit that sorts last: a parent compares after (is worse than) its children.
  private worse(i: number, j: number): boolean {
    return compareHits(this.heap[i]!, this.heap[j]!) > 0;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && this.worse(l, worst)) worst = l;
      if (r < n && this.worse(r, worst)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(i: number, j: number): void {
    [this.heap[i], this.heap[j]] = [this.heap[j]!, this.heap[i]!];
  }
}

/** One round of an index-backed kind: the (filtered) hits among `limit` candidates. */
export interface CandidateRound {
  hits: SearchHit[];
  /** Fewer candidates than asked exist: nothing more can come. */
  exhausted: boolean;
  /** The lowest score among all candidates of the round (filtered out or not). */
  floor: number;
}

/**
 * Asks for more and more candidates until the top k is settled: the k-th hit scores strictly above the
 * round's floor (a tie at the boundary could hide a hit that sorts earlier by the tie rule), or the index ran
 * out, or `cap` candidates were seen. Returns the top k by compareHits.
 */
export async function settleTopK(
  k: number,
  first: number,
  cap: number,
  round: (limit: number) => Promise<CandidateRound>,
): Promise<SearchHit[]> {
  let limit = Math.min(first, cap);
  for (;;) {
    const { hits, exhausted, floor } = await round(limit);
    const sorted = [...hits].sort(compareHits);
    const settled = sorted.length >= k && sorted[k - 1]!.score > floor;
    if (settled || exhausted || limit >= cap) return sorted.slice(0, k);
    limit = Math.min(limit * 4, cap);
  }
}
