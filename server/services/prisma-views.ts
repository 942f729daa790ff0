// Views: the Prisma `select`/`include` a caller (the schema layer) wants an object loaded with.

/**
 * Whether a view asks for anything beyond the row itself. An empty `select` is not a valid Prisma query,
 * and a row already loaded serves it; a non-empty one is loaded and merged over the full row.
 */
export function hasSelection(view: { select?: object | null; include?: object | null }): boolean {
  return Object.keys(view.select ?? {}).length > 0 || Object.keys(view.include ?? {}).length > 0;
}
