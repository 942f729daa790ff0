// Readiness of this process: the metadata database answers, pub/sub answers, and the migration runner is
// running (when enabled). Each check is bounded in time, so a hung dependency reports "not ready" quickly.
// Messages name the failure (timeout, error code) but never a host, URL or credential.

export interface CheckResult {
  ok: boolean;
  message?: string;
}

export interface Readiness {
  status: "ready" | "not_ready";
  checks: { database: CheckResult; pubsub: CheckResult; runner: CheckResult };
}

export interface ReadinessSources {
  db: { ping(): Promise<void> };
  pubsub: { ping(): Promise<void> };
  runner: { running: boolean };
  runnerEnabled: boolean;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

export async function checkReadiness(
  sources: ReadinessSources,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
  onCheckFailed?: (check: string, error: unknown) => void,
): Promise<Readiness> {
  const ping = async (name: string, call: () => Promise<void>): Promise<CheckResult> => {
    try {
      await withTimeout(call(), timeoutMs);
      return { ok: true };
    } catch (error) {
      onCheckFailed?.(name, error);
      return { ok: false, message: publicReason(error) };
    }
  };
  const [database, pubsub] = await Promise.all([
    ping("database", () => sources.db.ping()),
    ping("pubsub", () => sources.pubsub.ping()),
  ]);
  const runner: CheckResult = !sources.runnerEnabled
    ? { ok: true, message: "disabled in this process (RUNNER=false)" }
    : sources.runner.running
      ? { ok: true }
      : { ok: false, message: "the migration runner is not running" };
  const ready = database.ok && pubsub.ok && runner.ok;
  return { status: ready ? "ready" : "not_ready", checks: { database, pubsub, runner } };
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** `promise`, or a TimeoutError after `ms` (the work itself is not cancelled). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** What an unauthenticated caller may learn: a timeout, or the error's code — not its message (hosts, URLs). */
function publicReason(error: unknown): string {
  if (error instanceof TimeoutError) return `no answer: ${error.message}`;
  const code = codeOf(error);
  return code ? `unavailable (${code})` : "unavailable";
}

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    if (e instanceof AggregateError) return e.errors.map(codeOf).find(Boolean);
  }
  return undefined;
}
