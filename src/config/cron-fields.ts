/**
 * The fields of an AWS cron expression (EventBridge and Image Builder dialect): lists of values,
 * ranges (which wrap past the end, as `SAT-MON` or `22-2` hours), steps, names, and the day
 * fields' `?`, `L`, `LW`, `nW`, `nL` and `n#k`. Each parser returns what the field selects or
 * says what is wrong with it.
 */

/** One field's values and limits. */
export interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Largest step after `/`, as AWS (Quartz) accepts it. */
  maxStep: number;
  names?: readonly string[];
  /** Whether a range whose end is below its start wraps past the maximum. */
  wraps: boolean;
  /** Forms allowed besides `, - * /`, for messages; only the day fields have them. */
  special?: string;
}

/** The six fields, with the limits the Image Builder and EventBridge cron references give. */

export const MINUTES: FieldSpec = { name: 'minutes', min: 0, max: 59, maxStep: 59, wraps: true };
export const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23, maxStep: 23, wraps: true };
export const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31, maxStep: 31, wraps: true, special: '? L LW nW' };
export const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  maxStep: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  wraps: true,
};
export const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 1,
  max: 7,
  maxStep: 7,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  wraps: true,
  special: '? L nL n#k',
};
export const YEAR: FieldSpec = { name: 'year', min: 1970, max: 2199, maxStep: 229, wraps: false };

/** Which days of a month run: `weekday` is 1 (Sunday) to 7 (Saturday). */
export type DayRule =
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'lastDay' }
  | { kind: 'lastWeekday' }
  | { kind: 'nearestWeekday'; day: number }
  | { kind: 'weekdays'; weekdays: ReadonlySet<number> }
  | { kind: 'lastOfMonth'; weekday: number }
  | { kind: 'nthOfMonth'; weekday: number; nths: readonly number[] };

/** What a field selects, or what is wrong with it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ITEM = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(.*))?$/;

/** The values a list of `*`, values, ranges and steps selects. */
export function parseValues(field: string, spec: FieldSpec): Parsed<ReadonlySet<number>> {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const range = parseItem(item, spec);
    if (!range.ok) return range;
    for (const value of range.value) values.add(value);
  }
  return { ok: true, value: values };
}

function parseItem(item: string, spec: FieldSpec): Parsed<number[]> {
  if (item === '') return fail('empty list item');
  const match = ITEM.exec(item);
  if (!match) return fail(`"${item}" is not a value, range or step; ${allowed(spec)}`);
  const [, range, stepText] = match as unknown as [string, string, string | undefined];
  const step = stepText === undefined ? 1 : Number(stepText);
  if (stepText !== undefined && !/^\d+$/.test(stepText)) return fail(`the step in "${item}" must be a whole number`);
  if (step < 1) return fail(`the step in "${item}" must be at least 1`);
  if (step > spec.maxStep) return fail(`the step ${step} in "${item}" is outside 1-${spec.maxStep}`);
  if (range === '*') return ok(sequence(spec.min, spec.max, step, spec));
  const [startText, endText] = range.split('-') as [string, string | undefined];
  const start = parseValue(startText, spec);
  if (!start.ok) return start;
  if (endText === undefined) return ok(stepText === undefined ? [start.value] : sequence(start.value, spec.max, step, spec));
  const end = parseValue(endText, spec);
  if (!end.ok) return end;
  if (end.value < start.value && !spec.wraps) return fail(`the range "${range}" runs backwards`);
  return ok(sequence(start.value, end.value, step, spec));
}

/** Values from `start` to `end` by `step`, wrapping past the maximum when `end` is below `start`. */
function sequence(start: number, end: number, step: number, spec: FieldSpec): number[] {
  const span = spec.max - spec.min + 1;
  const last = end < start ? end + span : end;
  const values: number[] = [];
  for (let value = start; value <= last; value += step) values.push(((value - spec.min) % span) + spec.min);
  return values;
}

function parseValue(text: string, spec: FieldSpec): Parsed<number> {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return ok(named + 1);
  if (!/^\d+$/.test(text)) return fail(`"${text}" is not a number; ${allowed(spec)}`);
  const value = Number(text);
  return value < spec.min || value > spec.max ? fail(`${text} is outside ${spec.min}-${spec.max}`) : ok(value);
}

function allowed(spec: FieldSpec): string {
  const names = spec.names ? ` or ${spec.names[0]!}-${spec.names.at(-1)!}` : '';
  return `${spec.name} takes ${spec.min}-${spec.max}${names}, with , - * /${spec.special ? ` ${spec.special}` : ''}`;
}

/** A day-of-month field other than `?`. */
export function parseDayOfMonth(field: string): Parsed<DayRule> {
  if (field === 'L') return ok({ kind: 'lastDay' });
  if (field === 'LW') return ok({ kind: 'lastWeekday' });
  const weekday = /^(\d+)W$/.exec(field);
  if (weekday) {
    const day = parseValue(weekday[1]!, DAY_OF_MONTH);
    return day.ok ? ok({ kind: 'nearestWeekday', day: day.value }) : day;
  }
  if (/[LW]/i.test(field) && field.includes(',')) return fail('"L", "LW" and "nW" stand alone in day-of-month, without a list');
  const days = parseValues(field, DAY_OF_MONTH);
  return days.ok ? ok({ kind: 'days', days: days.value }) : days;
}

/** A day-of-week field other than `?`: `L` alone is the last day of the week, Saturday. */
export function parseDayOfWeek(field: string): Parsed<DayRule> {
  if (field === 'L') return ok({ kind: 'weekdays', weekdays: new Set([DAY_OF_WEEK.max]) });
  const last = /^([A-Za-z0-9]+)L$/.exec(field);
  if (last) {
    const weekday = parseValue(last[1]!, DAY_OF_WEEK);
    return weekday.ok ? ok({ kind: 'lastOfMonth', weekday: weekday.value }) : weekday;
  }
  // Image Builder also documents a list of weeks after one "#": SAT#2,4 is the second and fourth Saturday.
  const nth = /^([A-Za-z0-9]+)#(\d+(?:,\d+)*)$/.exec(field);
  if (nth) {
    const weekday = parseValue(nth[1]!, DAY_OF_WEEK);
    if (!weekday.ok) return weekday;
    const nths = nth[2]!.split(',').map(Number);
    const wrong = nths.find((n) => n < 1 || n > 5);
    return wrong === undefined ? ok({ kind: 'nthOfMonth', weekday: weekday.value, nths }) : fail(`"#${wrong}" must be #1 to #5`);
  }
  if (/[L#]/i.test(field)) return fail('"nL" and "n#k" stand alone in day-of-week: one day, e.g. 6L, FRI#2 or SAT#2,4');
  const weekdays = parseValues(field, DAY_OF_WEEK);
  return weekdays.ok ? ok({ kind: 'weekdays', weekdays: weekdays.value }) : weekdays;
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
