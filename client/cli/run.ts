// realm-migrate's dispatcher: picks the command, reads URL and token (flags, then RMS_URL/RMS_TOKEN),
// connects the SDK, runs the command and turns every failure into a message and an exit code. It never
// prints the token.
import WebSocket from "ws";
import { createMigrationClient, SdkError } from "@realm-migration/sdk";
import { parse, str, UsageError } from "./args.ts";
import { COMMANDS } from "./commands.ts";
import { HELP } from "./help.ts";
import { EXIT, type WatchIo } from "./watch.ts";

export interface CliIo extends WatchIo {
  env: Record<string, string | undefined>;
}

export const DEFAULT_URL = "http://127.0.0.1:4000/graphql";

/** The GraphQL endpoint for a server or endpoint URL ("http://host:4000" → "http://host:4000/graphql"). */
export function endpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url / RMS_URL is not a URL: "${raw}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError("--url / RMS_URL must be http(s)://.");
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/graphql";
  return url.toString();
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && rest[0] && HELP[rest[0]] ? rest[0] : "main";
    io.stdout.write(HELP[topic]!);
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(
      `Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(", ")}. See realm-migrate --help.\n`,
    );
    return EXIT.USAGE;
  }
  let json = rest.includes("--json");
  let url: string | undefined;
  try {
    const { values, positionals } = parse(rest, command.options);
    json = values.json === true;
    if (values.help) {
      io.stdout.write(HELP[name]!);
      return EXIT.OK;
    }
    const token = str(values, "token") ?? io.env.RMS_TOKEN;
    if (!token) throw new UsageError("No API token: set RMS_TOKEN (or pass --token).");
    url = endpoint(str(values, "url") ?? io.env.RMS_URL ?? DEFAULT_URL);
    const client = createMigrationClient({ url, token, webSocketImpl: WebSocket });
    try {
      return await command.run({ client, values, args: positionals, json, io });
    } finally {
      await client.close();
    }
  } catch (error) {
    return report(error, json, io, url);
  }
}

/** The innermost cause's message (fetch's "fetch failed" hides e.g. "connect ECONNREFUSED 127.0.0.1:4000"). */
function rootCause(error: unknown): string | null {
  let cause: unknown = error;
  let message: string | null = null;
  for (let depth = 0; cause && depth < 8; depth++) {
    if (cause instanceof AggregateError && cause.errors.length) cause = cause.errors[0];
    if (cause instanceof Error) {
      const code = (cause as Error & { code?: unknown }).code;
      if (cause.message) message = cause.message;
      else if (typeof code === "string") message = code;
      // urql's CombinedError keeps the transport's error as networkError, not as cause.
      cause = (cause as Error & { networkError?: unknown }).networkError ?? cause.cause;
    } else break;
  }
  return message;
}

/** What the user should read: which server did not answer and why; a token refused is not "no token". */
function explain(sdk: SdkError | undefined, message: string, url: string | undefined): string {
  if (sdk?.code === "NETWORK_ERROR") {
    const cause = rootCause(sdk);
    const why = cause && cause !== message ? `${message}: ${cause}` : message;
    return `could not reach ${url ?? "the server"} (${why}). Check --url / RMS_URL and that the server is running.`;
  }
  if (sdk?.code === "UNAUTHENTICATED")
    return "token not valid or revoked: check RMS_TOKEN (or --token), or mint a new one (npm run token -- --admin).";
  return message;
}

function report(error: unknown, json: boolean, io: CliIo, url?: string): number {
  if (error instanceof UsageError) {
    io.stderr.write(`realm-migrate: ${error.message}\nSee realm-migrate --help.\n`);
    return EXIT.USAGE;
  }
  const sdk = error instanceof SdkError ? error : undefined;
  const code = sdk?.code ?? "ERROR";
  const message = explain(sdk, error instanceof Error ? error.message : String(error), url);
  if (json) io.stdout.write(JSON.stringify({ error: { code, message, path: sdk?.path ?? null } }) + "\n");
  const where = sdk?.path?.length ? ` (at ${sdk.path.join(".")})` : "";
  io.stderr.write(`realm-migrate: ${code}: ${message}${where}\n`);
  return EXIT.ERROR;
}
