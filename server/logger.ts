// Structured JSON logs (pino). Anything that could carry a credential is redacted by path.
import { pino, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "headers.authorization",
        "password",
        "*.password",
        "apiKey",
        "*.apiKey",
        "token",
        "*.token",
      ],
      censor: "[redacted]",
    },
  });
}
