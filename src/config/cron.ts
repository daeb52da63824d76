import awsCronParser from 'aws-cron-parser';

/**
 * Image Builder schedule expressions: `cron(minutes hours day-of-month month day-of-week year)`,
 * the AWS cron dialect. Validation names the field at fault and what it accepts.
 */

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Special characters allowed besides `, - * /`. */
  special: readonly ('?' | 'L' | 'W' | '#')[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldRule[] = [
  { name: 'minutes', min: 0, max: 59, special: [] },
  { name: 'hours', min: 0, max: 23, special: [] },
  { name: 'day-of-month', min: 1, max: 31, special: ['?', 'L', 'W'] },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: [] },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, special: ['?', 'L', '#'] },
  { name: 'year', min: 1970, max: 2199, special: [] },
];

/** A valid expression split into its six fields. */
export interface CronFields {
  minutes: string;
  hours: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
  year: string;
}

export type CronResult = { ok: true; fields: CronFields } | { ok: false; error: string };

const EXAMPLE = 'e.g. cron(0 3 1 * ? *) for 03:00 on the first of every month';

/** Checks an Image Builder cron expression and says precisely what is wrong with an invalid one. */
export function parseCron(expression: string): CronResult {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) return { ok: false, error: `"${expression}" is not of the form cron(...); ${EXAMPLE}` };
  const parts = match[1]!.trim().split(/\s+/);
  if (parts.length !== 6) {
    return {
      ok: false,
      error: `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), "${expression}" has ${parts.length}; ${EXAMPLE}`,
    };
  }
  for (const [index, rule] of FIELDS.entries()) {
    const error = checkField(parts[index]!, rule);
    if (error) return { ok: false, error: `${rule.name} field "${parts[index]}": ${error}` };
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return {
      ok: false,
      error: 'exactly one of day-of-month and day-of-week must be "?"; write "?" in the one you do not use',
    };
  }
  return { ok: true, fields: { minutes, hours, dayOfMonth, month, dayOfWeek, year } };
}

function checkField(field: string, rule: FieldRule): string | undefined {
  if (field === '?') return rule.special.includes('?') ? undefined : '"?" is allowed only in day-of-month and day-of-week';
  for (const item of field.split(',')) {
    const error = checkItem(item, rule);
    if (error) return error;
  }
  return undefined;
}

function checkItem(item: string, rule: FieldRule): string | undefined {
  if (item === '') return 'empty list item';
  if (item === 'L' && rule.special.includes('L')) return undefined;
  if (rule.name === 'day-of-month' && /^(L|LW|\d+W)$/.test(item)) {
    return item.endsWith('W') && item !== 'LW' ? rangeError(item.slice(0, -1), rule) : undefined;
  }
  if (rule.name === 'day-of-week') {
    const nth = /^(\w+)#(\d+)$/.exec(item);
    if (nth) return valueError(nth[1]!, rule) ?? (Number(nth[2]) >= 1 && Number(nth[2]) <= 5 ? undefined : `"#${nth[2]}" must be #1 to #5`);
    const last = /^(\w+)L$/.exec(item);
    if (last && rule.special.includes('L')) return valueError(last[1]!, rule);
  }
  const [range, step, ...extra] = item.split('/');
  if (extra.length) return `"${item}" has more than one "/"`;
  if (step !== undefined && !/^\d+$/.test(step)) return `the step in "${item}" must be a whole number`;
  if (step !== undefined && Number(step) === 0) return `the step in "${item}" must be at least 1`;
  if (range === '*') return undefined;
  const bounds = range!.split('-');
  if (bounds.length > 2) return `"${range}" is not a range like 1-5`;
  for (const bound of bounds) {
    const error = valueError(bound, rule);
    if (error) return error;
  }
  if (bounds.length === 2 && toNumber(bounds[0]!, rule) > toNumber(bounds[1]!, rule) && rule.name !== 'day-of-week') {
    return `the range "${range}" runs backwards`;
  }
  return undefined;
}

function toNumber(value: string, rule: FieldRule): number {
  const named = rule.names?.indexOf(value.toUpperCase()) ?? -1;
  return named >= 0 ? named + 1 : Number(value);
}

function valueError(value: string, rule: FieldRule): string | undefined {
  if (rule.names?.includes(value.toUpperCase())) return undefined;
  if (!/^\d+$/.test(value)) {
    const allowed = rule.names ? ` or ${rule.names[0]}-${rule.names[rule.names.length - 1]}` : '';
    return `"${value}" is not a number${allowed ? ` (${rule.min}-${rule.max}${allowed})` : ''}; allowed special characters: , - * /${rule.special.map((s) => ` ${s}`).join('')}`;
  }
  return rangeError(value, rule);
}

function rangeError(value: string, rule: FieldRule): string | undefined {
  const number = Number(value);
  return number < rule.min || number > rule.max ? `${value} is outside ${rule.min}-${rule.max}` : undefined;
}

const DAY_MS = 86_400_000;
/** Gaps are measured over four whole years (one of them a leap year), the same for every run. */
const WINDOW_START = Date.UTC(2027, 0, 1);
const WINDOW_END = Date.UTC(2031, 0, 1);

/**
 * The longest time, in whole days, between two scheduled runs (and from the last run to the
 * end of the window, so a schedule limited to some years counts as stopping). Only the day
 * fields matter at this resolution; the window is fixed so the answer never depends on the clock.
 */
export function longestGapDays(fields: CronFields): number {
  const days = `${fields.dayOfMonth} ${fields.month} ${fields.dayOfWeek} ${fields.year}`;
  let gap = gapsByDays.get(days);
  if (gap === undefined) {
    gap = measureLongestGap(fields);
    gapsByDays.set(days, gap);
  }
  return gap;
}

/** Fleets repeat a handful of schedules; walking four years of runs once per schedule is enough. */
const gapsByDays = new Map<string, number>();

function measureLongestGap(fields: CronFields): number {
  const daily = awsCronParser.parse(`0 0 ${fields.dayOfMonth} ${fields.month} ${fields.dayOfWeek} ${fields.year}`);
  let previous = WINDOW_START;
  let longest = 0;
  for (let run = awsCronParser.next(daily, new Date(WINDOW_START - 1)); run && run.getTime() < WINDOW_END; run = awsCronParser.next(daily, run)) {
    longest = Math.max(longest, run.getTime() - previous);
    previous = run.getTime();
  }
  longest = Math.max(longest, WINDOW_END - previous);
  return Math.ceil(longest / DAY_MS);
}
