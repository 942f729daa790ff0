// Global ids: Relay's base64("Type:uuid"). Arguments also accept a bare UUID for convenience.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { InvalidInputError } from "../services/errors.ts";
import { isUuid } from "../services/ids.ts";

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
