// Global ids: Relay's base64("Type:uuid"). Arguments also accept a bare UUID for convenience.
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { InvalidInputError } from "../services/errors.ts";
import { isUuid } from "../services/ids.ts";
import type { NodeType } from "../services/nodes.ts";

/** Decodes a global id (or bare UUID) of `typename`; anything else is INVALID_INPUT naming `path`. */
export function parseId(value: string | number, typename: string, path: string[]): string {
  const raw = String(value);
  if (isUuid(raw)) return raw.toLowerCase();
  try {
    const { typename: actual, id } = decodeGlobalID(raw);
    if (actual === typename && isUuid(id)) return id.toLowerCase();
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError(`"${raw}" is not a valid ${typename} id.`, path);
}

/** The global id of a `typename` row for `t.globalID` / `t.globalIDList` (null stays null). */
export function nodeRef(typename: NodeType, id: string): { type: NodeType; id: string };
export function nodeRef(typename: NodeType, id: string | null): { type: NodeType; id: string } | null;
export function nodeRef(typename: NodeType, id: string | null): { type: NodeType; id: string } | null {
  return id === null ? null : { type: typename, id };
}

/** `typename`'s global id of `id` (null stays null), for fields that cannot use `t.globalID` (Prisma selects). */
export function globalIdOf(typename: NodeType, id: string | null): string | null {
  return id === null ? null : encodeGlobalID(typename, id);
}
