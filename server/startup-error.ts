// Start-up failures as an operator reads them: one line naming the setting or cause and what to do,
// never a stack trace. main.ts and the operator scripts print this line and exit with code 2.
import type { Config } from "./config.ts";
import { ConfigError } from "./config.ts";
import { StartupError } from "./services/errors.ts";

export const STARTUP_EXIT_CODE = 2;

interface SystemError {
  code?: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
  message?: string;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH"]);
const FILE_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ENOSPC", "EISDIR", "ENOENT"]);

/** The lines to print for a start-up failure: one per bad setting for configuration errors, else one. */
export function describeStartupError(error: unknown, config?: Config): string[] {
  if (error instanceof ConfigError) {
    return error.message
      .split("\n")
      .slice(1)
      .map((line) => `Invalid configuration: ${line.trim()}`);
  }
  if (error instanceof StartupError) return [oneLine(error.message)];
  const system = findSystemError(error);
  if (system && config) {
    const where = `${config.host}:${config.port}`;
    if (system.syscall === "listen" || system.syscall === "bind") {
      if (system.code === "EADDRINUSE")
        return [
          `PORT ${config.port}: ${where} is already in use. Stop the process that uses it, or set PORT to a free port.`,
        ];
      if (system.code === "EACCES")
        return [`PORT ${config.port}: no permission to listen on ${where}. Set PORT to a port above 1023.`];
      return [
        `HOST ${config.host}: cannot listen on ${where} (${system.code}). Set HOST to an address of this machine, e.g. 127.0.0.1 or 0.0.0.0.`,
      ];
    }
    if (system.code && FILE_CODES.has(system.code) && system.path && isInside(system.path, config.dataDir))
      return [
        `DATA_DIR ${config.dataDir}: cannot write ${system.path} (${system.code}). Point DATA_DIR at a writable directory, or fix its permissions.`,
      ];
    if (config.databaseUrl && (isPostgresError(error) || (system.code && NETWORK_CODES.has(system.code))))
      return [
        `DATABASE_URL: cannot use PostgreSQL at ${redactedUrl(config.databaseUrl)} (${system.code ?? "error"}: ${oneLine(system.message ?? "")}). Check the URL, the credentials and that the server runs.`,
      ];
  }
  return [`Start-up failed: ${oneLine(messageOf(error))} (set LOG_LEVEL=debug for the stack trace).`];
}

function findSystemError(error: unknown): SystemError | undefined {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AggregateError) return findSystemError(e.errors[0]);
    const code = (e as SystemError).code;
    if (typeof code === "string") return e as SystemError;
  }
  return undefined;
}

function isPostgresError(error: unknown): boolean {
  return typeof (error as { severity?: unknown })?.severity === "string";
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ""}${parsed.host}${parsed.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
