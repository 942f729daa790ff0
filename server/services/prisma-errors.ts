// Maps Prisma's known request errors to domain errors in one place.
import type { DomainError } from "./errors.ts";

export function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: string } | null)?.code === "P2002" ||
    /unique constraint/i.test(String((error as Error)?.message))
  );
}

/** Runs `write`; a unique violation becomes `conflict` (the race the up-front check cannot close). */
export async function mapUniqueViolation<T>(write: () => Promise<T>, conflict: () => DomainError): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}
