/**
 * Image Builder schedule expressions: `cron(minutes hours day-of-month month day-of-week year)`,
 * the AWS cron dialect. Validation names the field at fault and what it accepts, and rejects a
 * schedule that can never run; the longest gap between runs is measured on the calendar.
 */
import { runDays } from './cron-calendar.js';
import {
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  HOURS,
  MINUTES,
  MONTH,
  parseDayOfMonth,
  parseDayOfWeek,
  parseValues,
  YEAR,
  type DayRule,
  type FieldSpec,
  type Parsed,
} from './cron-fields.js';

/** What a valid expression selects, down to the day (minutes and hours never change a gap in days). */
export interface CronFields {
  days: DayRule;
  months: ReadonlySet<number>;
  years: ReadonlySet<number>;
  /** The day-of-month, month, day-of-week and year fields as written: schedules with the same key have the same gaps. */
  dayKey: string;
}

export type CronResult = { ok: true; fields: CronFields } | { ok: false; error: string };

const EXAMPLE = 'e.g. cron(0 3 1 * ? *) for 03:00 on the first of every month';

/**
 * Checks an Image Builder cron expression exactly as written: AWS wants one space between fields
 * and none around them, so padding is an error rather than something silently trimmed.
 */
export function parseCron(expression: string): CronResult {
  const match = /^cron\((.*)\)$/s.exec(expression.trim());
  if (!match) return { ok: false, error: `"${expression}" is not of the form cron(...); ${EXAMPLE}` };
  if (/^\s|\s$|\(\s|\s\)|\s\s|[^\S ]/.test(expression)) {
    return { ok: false, error: `"${expression}" has extra spaces: write single spaces between the six fields and none around them` };
  }
  const parts = match[1]!.split(' ');
  if (parts.length !== 6) {
    return {
      ok: false,
      error: `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), "${expression}" has ${parts.length}; ${EXAMPLE}`,
    };
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return { ok: false, error: 'exactly one of day-of-month and day-of-week must be "?"; write "?" in the one you do not use' };
  }
  for (const [text, spec] of [
    [minutes, MINUTES],
    [hours, HOURS],
  ] as const) {
    const values = field(text, spec, (f) => parseValues(f, spec));
    if (!values.ok) return values;
  }
  const days = dayOfMonth === '?' ? field(dayOfWeek, DAY_OF_WEEK, parseDayOfWeek) : field(dayOfMonth, DAY_OF_MONTH, parseDayOfMonth);
  if (!days.ok) return days;
  const months = field(month, MONTH, (f) => parseValues(f, MONTH));
  if (!months.ok) return months;
  const years = field(year, YEAR, (f) => parseValues(f, YEAR));
  if (!years.ok) return years;
  const fields: CronFields = {
    days: days.value,
    months: months.value,
    years: years.value,
    dayKey: `${dayOfMonth} ${month} ${dayOfWeek} ${year}`,
  };
  return firstRun(fields) === undefined
    ? {
        ok: false,
        error: `"${expression}" never runs: no date in ${YEAR.min}-${YEAR.max} matches its day-of-month, month, day-of-week and year`,
      }
    : { ok: true, fields };
}

function field<T>(text: string, spec: FieldSpec, parse: (field: string) => Parsed<T>): Parsed<T> {
  const result =
    text.includes('?') && !spec.special?.includes('?')
      ? { ok: false as const, error: '"?" is allowed only in day-of-month and day-of-week' }
      : parse(text);
  return result.ok ? result : { ok: false, error: `${spec.name} field "${text}": ${result.error}` };
}

const DAY_MS = 86_400_000;
/** Gaps are measured from a fixed day, so the answer never depends on the clock... */
const MEASURE_FROM = Date.UTC(2027, 0, 1);
/** ...to the end of the last year AWS schedules: a schedule limited to some years counts as stopping. */
const MEASURE_TO = Date.UTC(YEAR.max + 1, 0, 1);

/** Every run day (UTC midnight, in ms) from `fromYear` on, in order. */
function* runs(fields: CronFields, fromYear: number): Generator<number> {
  const years = [...fields.years].filter((year) => year >= fromYear).sort((a, b) => a - b);
  const months = [...fields.months].sort((a, b) => a - b);
  for (const year of years) {
    for (const month of months) {
      for (const day of runDays(fields.days, year, month)) yield Date.UTC(year, month - 1, day);
    }
  }
}

function firstRun(fields: CronFields): number | undefined {
  for (const run of runs(fields, YEAR.min)) return run;
  return undefined;
}

/**
 * The longest time, in whole calendar days of the schedule's time zone, between two runs from
 * 2027 to the end of 2199, counting both ends: whatever the time of day, two runs on days d and
 * d + n are at most n days apart.
 */
export function longestGapDays(fields: CronFields): number {
  let gap = gapsByDays.get(fields.dayKey);
  if (gap === undefined) {
    gap = measureLongestGap(fields);
    gapsByDays.set(fields.dayKey, gap);
  }
  return gap;
}

/** Fleets repeat a handful of schedules; walking the calendar once per schedule is enough. */
const gapsByDays = new Map<string, number>();

function measureLongestGap(fields: CronFields): number {
  let previous = MEASURE_FROM;
  let longest = 0;
  for (const run of runs(fields, new Date(MEASURE_FROM).getUTCFullYear())) {
    longest = Math.max(longest, run - previous);
    previous = run;
  }
  return Math.round(Math.max(longest, MEASURE_TO - previous) / DAY_MS);
}
