// "15 minutes ago", "2h ago", "1.5 hours ago": the relative times a person types wherever Kafka Dev asks
// for a point in time (the consumer's start, the message browser, an offset reset). One reading for all.

const UNIT_MS: Record<string, number> = {
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

/**
 * The time `text` means relative to `now`, when it is of the form "<number> <unit> ago" (space before
 * "ago" optional after the unit); `{ unit }` when the form matches but the unit is not one we know;
 * undefined when the text is not a relative time at all (the caller tries its other forms).
 */
export function parseAgo(text: string, now: number): { ms: number } | { unit: string } | undefined {
  const rel = /^(\d+(?:\.\d+)?)\s*([a-z]+)\s+ago$/i.exec(text) ?? /^(\d+(?:\.\d+)?)\s*([a-z]+)ago$/i.exec(text);
  if (!rel) return undefined;
  const unit = UNIT_MS[rel[2].toLowerCase()];
  return unit === undefined ? { unit: rel[2] } : { ms: now - Number(rel[1]) * unit };
}
