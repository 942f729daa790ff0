// JSON columns are read through a zod schema at the boundary: a stored value that does not match fails
// here, as an IntegrityError naming the column and the row, instead of later wherever a field is used.
import type { z } from "zod";
import { IntegrityError } from "./errors.ts";

export function parseJsonColumn<S extends z.ZodType>(
  schema: S,
  value: unknown,
  column: string,
  rowId: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(the value)"}: ${issue.message}`)
    .join("; ");
  throw new IntegrityError(`${column} of ${rowId} holds a malformed value (${issues}).`);
}
