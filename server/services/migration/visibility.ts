// Who sees what of a migration. A migration is visible to readers of either of its realms; what belongs
// to a realm the caller cannot read is null: source document ids (source side), target document ids,
// titles and databases (target side), and error texts and verifications, which can describe either side,
// unless the caller reads both. Queries, node/nodes and both subscriptions apply these functions.
import type { Viewer } from "../access.ts";
import type { ItemSnapshot, MigrationEventPayload } from "./events.ts";
import type { ResolvedOptions } from "./types.ts";

/** Which of a migration's realms the caller reads. */
export interface MigrationSides {
  source: boolean;
  target: boolean;
}

export function sidesOf(viewer: Viewer, m: { sourceRealmId: string; targetRealmId: string }): MigrationSides {
  return { source: viewer.canRead(m.sourceRealmId), target: viewer.canRead(m.targetRealmId) };
}

export const visibleToCaller = (sides: MigrationSides) => sides.source || sides.target;
const full = (sides: MigrationSides) => sides.source && sides.target;

/** Per-side value: `value` when the side is readable, else null. */
export function onSide<T>(readable: boolean, value: T): T | null {
  return readable ? value : null;
}

/** Error texts, verifications and other details that can name either side. */
export function detail<T>(sides: MigrationSides, value: T): T | null {
  return full(sides) ? value : null;
}

export type RedactedItem = Omit<ItemSnapshot, "sourceDocumentId"> & { sourceDocumentId: string | null };

export function redactItem(item: ItemSnapshot, sides: MigrationSides): RedactedItem {
  if (full(sides)) return item;
  return {
    ...item,
    sourceDocumentId: onSide(sides.source, item.sourceDocumentId),
    targetDocumentId: onSide(sides.target, item.targetDocumentId),
    error: null,
    rollbackError: null,
  };
}

export type RedactedEvent = Omit<MigrationEventPayload, "item"> & { item: RedactedItem | null };

/** An event as `sides` may see it: item events lose their hidden side's ids and their texts. */
export function redactEvent(event: MigrationEventPayload, sides: MigrationSides): RedactedEvent {
  if (full(sides)) return event;
  return {
    ...event,
    item: event.item ? redactItem(event.item, sides) : null,
    message: event.item ? null : event.message,
  };
}

/** Options as `sides` may see them: the target realm's databases, the source database. */
export function redactOptions(options: ResolvedOptions, sides: MigrationSides): ResolvedOptions {
  if (full(sides)) return options;
  return {
    ...options,
    targetDatabases: sides.target ? options.targetDatabases : [],
    sourceDatabaseId: sides.source ? options.sourceDatabaseId : null,
  };
}
