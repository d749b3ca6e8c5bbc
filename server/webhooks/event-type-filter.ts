import { AppError } from "../errors";
import { eventTypes } from "./event-types";

/**
 * A predicate on event types from a comma-separated list of patterns: exact types
 * (`invoice.paid`), a prefix wildcard (`payment.*`) or `*`. Every pattern must match at least one
 * event type Payrail emits, so a typo is an error (AppError `parameter_invalid`) instead of silence.
 */
export function parseEventTypeFilter(patterns: string): (type: string) => boolean {
  const list = patterns
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (list.length === 0) throw new AppError("parameter_invalid", "No event type given.", { param: "events" });
  const tests = list.map((pattern) => {
    const test =
      pattern === "*"
        ? () => true
        : pattern.endsWith(".*")
          ? (type: string) => type.startsWith(pattern.slice(0, -1))
          : (type: string) => type === pattern;
    if (!eventTypes.some(test)) {
      throw new AppError(
        "parameter_invalid",
        `Unknown event type "${pattern}". Event types: ${eventTypes.join(", ")}.`,
        { param: "events" },
      );
    }
    return test;
  });
  return (type) => tests.some((test) => test(type));
}
