// Retrieval-parity settings a migration request chooses (options.retrievalParity), validated and defaulted.
// Parity runs exact searches on both sides, so on a faithful copy recall@k is 1.0: the default threshold.
import { z } from "zod";
import { invalid } from "./invalid-input.ts";

export const PARITY_OUTCOMES = ["WARN", "FAIL"] as const;
export type ParityOutcome = (typeof PARITY_OUTCOMES)[number];

export const PARITY_LIMITS = { sample: { min: 1, max: 1000 }, k: { min: 1, max: 100 } } as const;

export const paritySettingsSchema = z.object({
  /** Run the check at all. */
  enabled: z.boolean(),
  /** Chunks sampled as queries (or every migrated chunk, when fewer). */
  sample: z.int(),
  k: z.int(),
  /** The lowest acceptable mean recall@k, 0 to 1. */
  threshold: z.number(),
  /** Below the threshold: COMPLETED with a warning, or FAILED. */
  onBelow: z.enum(PARITY_OUTCOMES),
});
export type ParitySettings = z.infer<typeof paritySettingsSchema>;

export const DEFAULT_PARITY: ParitySettings = { enabled: true, sample: 50, k: 10, threshold: 1, onBelow: "WARN" };

export interface ParitySettingsInput {
  enabled?: boolean | null | undefined;
  sample?: number | null | undefined;
  k?: number | null | undefined;
  threshold?: number | null | undefined;
  onBelow?: ParityOutcome | null | undefined;
}

/** The request's settings with defaults applied; out-of-range values are INVALID_INPUT naming the field. */
export function resolveParity(input: ParitySettingsInput | null | undefined): ParitySettings {
  const path = (field: string) => `options.retrievalParity.${field}`;
  const settings: ParitySettings = {
    enabled: input?.enabled ?? DEFAULT_PARITY.enabled,
    sample: input?.sample ?? DEFAULT_PARITY.sample,
    k: input?.k ?? DEFAULT_PARITY.k,
    threshold: input?.threshold ?? DEFAULT_PARITY.threshold,
    onBelow: input?.onBelow ?? DEFAULT_PARITY.onBelow,
  };
  for (const field of ["sample", "k"] as const) {
    const { min, max } = PARITY_LIMITS[field];
    const value = settings[field];
    if (!Number.isInteger(value) || value < min || value > max)
      invalid(`retrievalParity.${field} must be an integer from ${min} to ${max}; it is ${value}.`, path(field));
  }
  if (!(settings.threshold >= 0 && settings.threshold <= 1))
    invalid(`retrievalParity.threshold is a recall from 0 to 1; it is ${settings.threshold}.`, path("threshold"));
  return settings;
}

/**
 * One comparison parity makes: the source side's top-k against the target side's, over the migrated documents.
 * A null source database means "the database of the source realm that holds most of the migrated documents"
 * (other than the targets), chosen when the check runs.
 */
export interface ParityPair {
  source: { databaseId: string | null; realmId: string };
  target: { databaseId: string; realmId: string };
}
