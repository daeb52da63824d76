/** The calendar side of a cron schedule: on which days of a given month it runs. */
import type { DayRule } from './cron-fields.js';

const SUNDAY = 1;
const SATURDAY = 7;

/** Days in a month (1-12) of a year. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of the week, 1 (Sunday) to 7 (Saturday), as cron counts them. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The days of `month` in `year`, in order, on which a day rule runs. */
export function runDays(rule: DayRule, year: number, month: number): number[] {
  const length = daysInMonth(year, month);
  const all = Array.from({ length }, (_, index) => index + 1);
  switch (rule.kind) {
    case 'days':
      return all.filter((day) => rule.days.has(day));
    case 'lastDay':
      return [length];
    case 'lastWeekday':
      return [nearestWeekday(year, month, length)];
    case 'nearestWeekday':
      // A day the month does not have (31W in April) has no nearest weekday in it.
      return rule.day <= length ? [nearestWeekday(year, month, rule.day)] : [];
    case 'weekdays':
      return all.filter((day) => rule.weekdays.has(weekdayOf(year, month, day)));
    case 'lastOfMonth':
      return all.filter((day) => day + 7 > length && weekdayOf(year, month, day) === rule.weekday);
    case 'nthOfMonth':
      return all.filter((day) => rule.nths.includes(Math.ceil(day / 7)) && weekdayOf(year, month, day) === rule.weekday);
  }
}

/** The weekday closest to `day` within its month (the `W` of cron): never crosses into another month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === SATURDAY) return day === 1 ? 3 : day - 1;
  if (weekday === SUNDAY) return day === daysInMonth(year, month) ? day - 2 : day + 1;
  return day;
}
