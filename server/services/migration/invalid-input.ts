// Refusing a migration request: the one way its rules say what to change, with the input path that is wrong.
import { InvalidInputError } from "../errors.ts";

/** Refuses the request: `field` is the dotted path below `input` (e.g. "options.sourceDatabaseId"). */
export function invalid(message: string, field: string): never {
  throw new InvalidInputError(message, ["input", ...field.split(".")]);
}
