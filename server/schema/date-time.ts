// Parsing of the DateTime scalar. Only ISO-8601 timestamps within a range every supported database
// stores are accepted: JavaScript's Date takes years from -271821 to +275760 and loose forms ("1",
// "March 7", local times), which PostgreSQL then refuses or reads differently, ending as an unexpected error.
import { GraphQLError } from "graphql";

export const DATE_TIME_RANGE = { from: "1970-01-01T00:00:00.000Z", to: "9999-12-31T23:59:59.999Z" } as const;
const MIN = Date.parse(DATE_TIME_RANGE.from);
const MAX = Date.parse(DATE_TIME_RANGE.to);

// Date (expanded ±YYYYYY years parse, then fail the range with a clear message), optionally time (minutes, seconds, fraction) with a required Z or ±hh:mm offset.
const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2}))?$/;

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "INVALID_INPUT" } });
}

/** The Date a DateTime input stands for; a GraphQLError (INVALID_INPUT) saying what to send otherwise. */
export function parseDateTime(value: unknown): Date {
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  const example = "e.g. 2026-03-01T12:00:00Z";
  if (typeof value !== "string") throw invalid(`${shown} is not a DateTime: send an ISO-8601 string, ${example}.`);
  const match = ISO.exec(value);
  if (!match)
    throw invalid(`${shown} is not an ISO-8601 timestamp: send a date with a Z or ±hh:mm offset, ${example}.`);
  const [, year, month, day, hour = "00", minute = "00", second = "00"] = match;
  const outOfRange = () =>
    invalid(`${shown} is out of range: a DateTime lies between ${DATE_TIME_RANGE.from} and ${DATE_TIME_RANGE.to}.`);
  if (year!.length > 4) throw outOfRange();
  const date = new Date(value.replace(" ", "T"));
  // Date rolls 2026-02-30 over to March, and 25:00 into the next day; such values are refused, not moved.
  const valid =
    !Number.isNaN(date.getTime()) &&
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate() &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59;
  if (!valid) throw invalid(`${shown} is not a real date and time: check the month, day and time, ${example}.`);
  if (date.getTime() < MIN || date.getTime() > MAX) throw outOfRange();
  return date;
}
