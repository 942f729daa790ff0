// The one interface every migration type implements. A kind owns everything that differs between types:
// the request's rules, the per-document plan, running a set of claimed items, undoing a failed item's
// partial work, rolling a set of items back, and finding targets changed since. Sets, not single items:
// a claim hands a kind all of its items of one migration, and the kind answers with one outcome per item
// (the first implementations loop; batch execution fills them with set-based work).
import type { Migration, MigrationItem } from "../../../generated/prisma/client.ts";
import type { MigrationMode, MigrationType } from "../../../generated/prisma/enums.ts";
import type { Prisma } from "../../db/open.ts";
import type { StageName } from "../../stages/types.ts";
import type {
  MigrationOptionsInput,
  PlannedAction,
  ResolvedMigration,
  ResolvedOptions,
  SourceDocument,
} from "../types.ts";
import type { KindDeps } from "../stored.ts";
import type { Verification } from "../verify.ts";
import type { ParityPair } from "../parity-settings.ts";

/** What a kind's request rules see: the caller's options, the defaults resolved so far, the realms. */
export interface RequestFacts {
  input: MigrationOptionsInput;
  /** Defaults applied, shared checks passed; the kind may tighten or override them. */
  options: ResolvedOptions;
  sourceRealmId: string;
  targetRealmId: string;
  /** Ids of the databases attached to the target realm. */
  attached: ReadonlySet<string>;
}

/** The items of one claim that belong to one migration, with what running (or undoing) them needs. */
export interface ItemSet<O = ItemOutcome> {
  migration: Migration;
  resolved: ResolvedMigration;
  items: MigrationItem[];
  /** Waits for the target databases' rate limit for `count` items (default 1), before their first write. */
  throttle: (count?: number) => Promise<void>;
  /**
   * Hands outcomes to the runner as soon as they are known, so they are recorded (the finished ones of one
   * call in one transaction) and their slots freed without waiting for the rest of the set. Optional for a
   * kind: outcomes it returns unsettled are settled then.
   */
  settle: (outcomes: O[]) => Promise<void>;
}

/** What a finished item leaves: its target, its verification, the stages it carried over. */
export interface ItemResult {
  status: "COMPLETED" | "SKIPPED";
  targetDocumentId: string | null;
  targetTitle: string | null;
  verification: Verification | null;
  migratedStages: string[];
  message: string | null;
}

/** How one item of a set ended: its result, or the error it failed with (the runner decides retry or fail). */
export type ItemOutcome = { item: MigrationItem; result: ItemResult } | { item: MigrationItem; error: unknown };

/** How one item's rollback ended: undone, or the error. */
export type UndoOutcome = { item: MigrationItem; error?: unknown };

/** A document this migration wrote that changed after its item finished (see changedTargets). */
export interface ChangedTarget {
  documentId: string;
  reason: string;
}

export interface MigrationKind {
  readonly type: MigrationType;
  /** COPY/MOVE means something for this type (it writes documents into a realm); else the mode is not shown. */
  readonly usesMode: boolean;
  /** What rolling a migration of this type (and mode) back does, in one sentence for people (Migration.rollbackEffect). */
  rollbackEffect(mode: MigrationMode): string;
  /** Refuses what contradicts this type (InvalidInputError with the input path) and returns the final options. */
  resolveOptions(facts: RequestFacts): ResolvedOptions;
  /**
   * The database whose SUCCEEDED ingestion a document needs to be selected (the source of a cross-database
   * copy); null when every active document of the selection qualifies.
   */
  requiredIngestion(migration: ResolvedMigration): string | null;
  /** Which source stage files are copied and which stages run, for one document. */
  stagePlan(migration: ResolvedMigration, present: ReadonlySet<StageName>): { copied: StageName[]; rerun: StageName[] };
  /** Titles of the target realm a plan must avoid, among `titles`; empty when the type creates no documents. */
  takenTitles(prisma: Prisma, migration: ResolvedMigration, titles: string[]): Promise<Set<string>>;
  /** What happens to a document's title in the target realm (`taken`: titles in use, and those planned before it). */
  titleAction(
    migration: ResolvedMigration,
    title: string,
    taken: ReadonlySet<string>,
  ): { action: PlannedAction; targetTitle: string | null };
  /** Bytes the migrated document references in the blob store, given the planned action (0 when it creates none). */
  bytesReferenced(document: SourceDocument, copiedBytes: number, action: PlannedAction): number;
  /** Runs a set of claimed items; one outcome per item, in any order. Never throws for one item's failure. */
  run(deps: KindDeps, set: ItemSet): Promise<ItemOutcome[]>;
  /** Undoes a failed or cancelled item's partial work (what never became visible). */
  compensate(deps: KindDeps, migration: Migration, item: MigrationItem): Promise<void>;
  /** Rolls a set of finished items back; one outcome per item, in any order. */
  undo(deps: KindDeps, set: ItemSet<UndoOutcome>): Promise<UndoOutcome[]>;
  /** Documents written by this migration that changed after their item finished (the rollback refusal). */
  changedTargets(prisma: Prisma, migration: Migration, limit: number): Promise<ChangedTarget[]>;
  /** The databases retrieval parity compares once every item is done; empty when the source is gone. */
  parityPairs(migration: ResolvedMigration): ParityPair[];
}
