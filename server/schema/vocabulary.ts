// GraphQL enums over word lists of the service's vocabulary (services/vocabulary.ts): a dotted or hyphenated
// word is exposed under its SCREAMING_CASE name and keeps its own spelling as the internal value, so
// resolvers pass the words as stored. Description tables are keyed by the list's type: a word added to the
// list without a description fails to compile.
import { builder } from "../builder.ts";
import {
  MIGRATION_EVENT_TYPES,
  STAGE_NAMES,
  graphqlEnumName,
  type MigrationEventType,
  type StageName,
} from "../services/vocabulary.ts";

/** Pothos enum values for `words`: name graphqlEnumName(word), value the word itself. */
export function enumValuesOf<const W extends string>(
  words: readonly W[],
  descriptions: Record<W, string>,
): Record<string, { value: W; description: string }> {
  return Object.fromEntries(
    words.map((word) => [graphqlEnumName(word), { value: word, description: descriptions[word] }]),
  );
}

const STAGE_DESCRIPTIONS = {
  "markdown-conversion": "Turns the uploaded original (text, Markdown, HTML) into Markdown.",
  "markdown-optimizer": "Cleans up the converted Markdown before chunking (optional).",
  chunker: "Cuts the Markdown into chunks and embeds each.",
  "fact-generator": "Extracts entities and relations from the chunks.",
  ingestor: "Writes chunks and facts into the realm's databases.",
} satisfies Record<StageName, string>;

export const StageEnum = builder.enumType("Stage", {
  description: `A stage of the processing pipeline. In pipeline order: ${STAGE_NAMES.map(graphqlEnumName).join(", ")}.`,
  values: enumValuesOf(STAGE_NAMES, STAGE_DESCRIPTIONS),
});

/**
 * A stage name read from a column or service result (stored as a string) as the enum's value. The
 * pipeline writes only its own stage names, so anything else is a bug worth an error, not a guess.
 */
export function stageOf(word: string): StageName {
  if (!(STAGE_NAMES as readonly string[]).includes(word))
    throw new Error(`Unknown stage name "${word}" in stored data`);
  return word as StageName;
}

/** stageOf for a nullable column. */
export const stageOrNull = (word: string | null | undefined): StageName | null => (word == null ? null : stageOf(word));

const MIGRATION_EVENT_DESCRIPTIONS = {
  "migration.created": "The migration was created (PENDING, or SCHEDULED for later).",
  "migration.rescheduled": "Its start time was changed before it started.",
  "migration.started": "The runner started it.",
  "migration.completed": "Every item completed or was skipped.",
  "migration.failed": "It ended with failed items.",
  "migration.cancelling": "Cancellation was asked for; running items finish or stop.",
  "migration.cancelled": "It was cancelled.",
  "migration.rolling_back": "A rollback started.",
  "migration.rolled_back": "Its rollback finished.",
  "migration.rollback_failed": "Its rollback ended with items it could not undo.",
  "item.started": "An item started.",
  "item.resumed": "An item started again where an earlier attempt left off.",
  "item.completed": "An item completed.",
  "item.skipped": "An item was skipped (conflict policy SKIP).",
  "item.retrying": "An item's attempt failed; it is retried later.",
  "item.failed": "An item failed for good (after its retries).",
  "item.cancelled": "An item was cancelled.",
  "item.released": "An in-flight item was released by a process shutting down; any process takes it now.",
  "item.rolled_back": "An item was undone by a rollback.",
  "item.rollback_retrying": "Undoing an item failed; it is tried again later.",
  "item.rollback_failed": "Undoing an item failed for good.",
  "items.requeued": "Failed items were queued again (retryFailedItems).",
  "retrieval.verified":
    "Retrieval parity was checked once the items were done (recall@k of sampled chunks, source vs target); it " +
    "comes right before the migration's end event.",
} satisfies Record<MigrationEventType, string>;

export const MigrationEventTypeEnum = builder.enumType("MigrationEventType", {
  description: "What a migration event records (webhook payloads name the same events dotted, e.g. item.completed).",
  values: enumValuesOf(MIGRATION_EVENT_TYPES, MIGRATION_EVENT_DESCRIPTIONS),
});
