// Structured JSON logs (pino). Anything that could carry a credential is redacted by path, and every string
// that reaches a log line is scrubbed of URL passwords, bearer tokens and API tokens, so an error message
// quoting a connection string or a header cannot leak one (child bindings included). Context (request, migration, item) travels in
// child-logger bindings.
import { pino, stdSerializers, type DestinationStream, type LoggerOptions, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
// No word boundary: a token glued to other text (`abcrms_…`, as in a crafted request id) is scrubbed too.
const API_TOKEN = /rms_[A-Za-z0-9_-]{8,}/g;
const WEBHOOK_SECRET = /whsec_[A-Za-z0-9+/_-]{8,}=*/g;

/** `text` without the credentials it may quote (URL user-info, bearer tokens, API tokens, webhook secrets). */
export function scrubCredentials(text: string): string {
  return text
    .replace(URL_CREDENTIALS, "$1[redacted]@")
    .replace(BEARER, "$1 [redacted]")
    .replace(API_TOKEN, "rms_[redacted]")
    .replace(WEBHOOK_SECRET, "whsec_[redacted]");
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubCredentials(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  // Errors are left to the `err` serializer; class instances (Date, Buffer, …) carry no free text.
  if (value instanceof Error || (value.constructor !== Object && Object.getPrototypeOf(value) !== null)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

/** JSON logs at `level` to stdout, or to `destination` (tests capture logs this way). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    serializers: { err: (error: Error) => scrubDeep({ ...stdSerializers.err(error) }) },
    formatters: { log: (object) => scrubDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === "string" ? scrubCredentials(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "headers.authorization",
        "*.headers.authorization",
        "password",
        "*.password",
        "apiKey",
        "*.apiKey",
        "api-key",
        "*.api-key",
        "token",
        "*.token",
        "secretKey",
        "*.secretKey",
        "secret",
        "*.secret",
        "variables",
        "*.variables",
      ],
      censor: "[redacted]",
    },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // Child bindings (request ids, operation names: caller-chosen strings) skip `formatters.log`; children
  // are created from this instance's prototype chain, so scrubbing here covers every descendant.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, scrubDeep(bindings) as typeof bindings, childOptions);
  } as typeof child;
  return logger;
}

/** A logger that writes nothing: the default when none is given (tests, tools). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
