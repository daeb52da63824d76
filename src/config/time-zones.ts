/**
 * The time zones a schedule may name: every zone and link (Asia/Calcutta, US/Eastern, Europe/Kiev)
 * of the IANA database pinned by the `tzdata` package, so the set is the same on every Node.js
 * version and ICU build, less the names the AWS provider's own check refuses.
 */
import { closest } from 'fastest-levenshtein';
import tzdata from 'tzdata' with { type: 'json' };

/** `schedule.timezone` as hashicorp/aws checks it: this pattern (unanchored at the end) and 3-100 bytes. */
const PROVIDER_PATTERN = /^[0-9A-Za-z]{2,}(?:\/[0-9a-zA-z_+-]+)*/;

/** "Factory" is IANA's placeholder for an unknown zone, not a place a schedule can run in. */
const PLACEHOLDERS = new Set(['Factory']);

const TIME_ZONES: readonly string[] = Object.keys(tzdata.zones)
  .filter(
    (name) => !PLACEHOLDERS.has(name) && PROVIDER_PATTERN.test(name) && Buffer.byteLength(name) >= 3 && Buffer.byteLength(name) <= 100,
  )
  .sort();
const KNOWN = new Set(TIME_ZONES);

/** Whether `name` is an IANA time zone name (case as written in the database) that AWS accepts. */
export function isTimeZone(name: string): boolean {
  return KNOWN.has(name);
}

/** The accepted name closest to `name`, for a "did you mean" hint. */
export function closestTimeZone(name: string): string {
  return TIME_ZONES.find((zone) => zone.toLowerCase() === name.toLowerCase()) ?? closest(name, [...TIME_ZONES]);
}
