/** Image Builder cron expressions: what is accepted, how far apart its runs can be, and what is said about the rest. */
import { describe, expect, it } from 'vitest';
import { longestGapDays, parseCron } from '../src/config/cron.js';

const DAY_MS = 86_400_000;

function gapOf(expression: string): number {
  const result = parseCron(expression);
  if (!result.ok) throw new Error(result.error);
  return longestGapDays(result.fields);
}

describe('parseCron', () => {
  // The examples of the Image Builder and EventBridge cron references, with their longest gaps in days.
  it.each([
    ['cron(0 10 * * ? *)', 1], // daily at 10:00
    ['cron(15 12 * * ? *)', 1],
    ['cron(0 0 * * ? *)', 1],
    ['cron(0 10 ? * 1-5 *)', 3], // Sunday to Thursday
    ['cron(0 18 ? * mon-fri *)', 3],
    ['cron(0 8 1 * ? *)', 31],
    ['cron(30 22 ? * tue#2 *)', 35], // second Tuesday
    ['cron(0 0 ? * sat#2,4 *)', 21], // second and fourth Saturday, as Image Builder documents it
    ['cron(0/15 * * * ? *)', 1],
    ['cron(0/10 * ? * MON-FRI *)', 3],
    ['cron(0/5 8-17 ? * MON-FRI *)', 3],
    ['cron(0 9 ? * 2#1 *)', 35], // first Monday
    ['cron(15 10 ? * 6L *)', 35], // last Friday
    ['cron(0 12 L * ? *)', 31], // last day of the month
    ['cron(0 0 LW * ? *)', 33], // last weekday: Friday 28 June 2030, then Wednesday 31 July
    ['cron(0 0 15W * ? *)', 32], // weekday nearest the 15th
    ['cron(0 0 1W * ? *)', 33], // a Saturday 1st moves to Monday 3rd, never to the month before
    ['cron(0 0 ? * L *)', 7], // L alone in day-of-week: Saturday
    ['cron(0 0 ? * SAT-MON *)', 5], // a range that wraps past Saturday
    ['cron(0 0 ? * 7-1 *)', 6],
    ['cron(0 22-2 ? * 2 *)', 7], // hours that wrap past midnight
    ['cron(*/5 * */2 * ? *)', 2],
    ['cron(0 0 */5 * ? *)', 5],
    ['cron(0 0 1,15 * ? *)', 17],
    ['cron(0 0 1 JAN-MAR ? *)', 306],
    ['cron(0 0 1 NOV-FEB ? *)', 274], // a month range that wraps past December; Feb 1 to Nov 1 of a leap year
    ['cron(0 0 1 jan,jul ? *)', 184],
    ['cron(0 0 1 */3 ? *)', 92], // quarterly
    ['cron(0 0 1 2/6 ? *)', 184],
    ['cron(0 3 ? * SUN#1 *)', 35],
    ['cron(0 0 ? * 2#5 *)', 119], // fifth Monday: some quarters have none
    ['cron(0 0 1 1 ? 2027-2199)', 366],
    ['cron(0 0 29 2 ? *)', (Date.UTC(2104, 1, 29) - Date.UTC(2096, 1, 29)) / DAY_MS], // 2100 is not a leap year
    ['cron(0 0 1 * ? 2027)', (Date.UTC(2200, 0, 1) - Date.UTC(2027, 11, 1)) / DAY_MS], // stops after 2027
  ])('accepts %s, at most %i days between runs', (expression, gap) => {
    expect(gapOf(expression)).toBe(gap);
  });

  it.each([
    ['0 0 1 * ? *', 'is not of the form cron(...)'],
    ['rate(7 days)', 'is not of the form cron(...)'],
    ['cron(0 0 1 * ?)', 'has 5'],
    ['cron(0 0 1 * * *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 0 ? * ? *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(60 0 1 * ? *)', 'minutes field "60": 60 is outside 0-59'],
    ['cron(0 0 32 * ? *)', 'day-of-month field "32": 32 is outside 1-31'],
    ['cron(0 0 1 13 ? *)', 'month field "13": 13 is outside 1-12'],
    ['cron(0 0 1 FOO ? *)', 'month field "FOO": "FOO" is not a number; month takes 1-12 or JAN-DEC'],
    ['cron(0 0 ? * MON#6 *)', 'must be #1 to #5'],
    ['cron(0 ? 1 * ? *)', '"?" is allowed only in day-of-month and day-of-week'],
    ['cron(0 0 1 * ? 1960)', '1960 is outside 1970-2199'],
    ['cron(0 0 1 */0 ? *)', 'must be at least 1'],
    ['cron(0 0 1 */13 ? *)', 'month field "*/13": the step 13 in "*/13" is outside 1-12'],
    ['cron(0/60 0 1 * ? *)', 'minutes field "0/60": the step 60 in "0/60" is outside 1-59'],
    ['cron(0 0 ? * */8 *)', 'the step 8 in "*/8" is outside 1-7'],
    ['cron(0 0 1 * ? 2030-2027)', 'the range "2030-2027" runs backwards'],
    ['cron(0 0 L,15 * ? *)', '"L", "LW" and "nW" stand alone in day-of-month'],
    ['cron(0 0 ? * 3#1,6#3 *)', '"nL" and "n#k" stand alone in day-of-week'],
    ['cron(0 0 32W * ? *)', '32 is outside 1-31'],
    ['cron(0 0 30 2 ? *)', 'never runs'],
    ['cron(0 0 31 4 ? *)', 'never runs'],
    ['cron(0 0 31 APR,JUN,SEP,NOV ? *)', 'never runs'],
    [' cron(0 0 1 * ? *)', 'has extra spaces'],
    ['cron(0 0 1 * ? *) ', 'has extra spaces'],
    ['cron(0  0 1 * ? *)', 'has extra spaces'],
    ['cron( 0 0 1 * ? *)', 'has extra spaces'],
    ['cron(0\t0 1 * ? *)', 'has extra spaces'],
  ])('rejects %j: %s', (expression, error) => {
    const result = parseCron(expression);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(error);
  });

  it('never throws, whatever the expression, and every accepted one has a finite gap', () => {
    const random = seeded(13);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const tokens = [
      '*',
      '?',
      'L',
      'LW',
      'W',
      '#',
      '/',
      '-',
      ',',
      '0',
      '1',
      '5',
      '7',
      '12',
      '13',
      '31',
      '32',
      '60',
      '2199',
      '2200',
      'JAN',
      'sat',
      'FRI',
      'XYZ',
      '',
      ' ',
      '(',
      ')',
      '\u00a0',
      '9'.repeat(30),
    ];
    const field = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(tokens)).join('');
    const garbage = () => Array.from({ length: Math.floor(random() * 40) }, () => String.fromCharCode(Math.floor(random() * 128))).join('');
    // Plausible fields, so that a third of the expressions are valid and get their gap measured.
    const plausible = [
      ['0', '*/7', '0/15', '50-10', '1,2'],
      ['0', '22-2', '*', '8-17/3'],
      ['1', 'L', 'LW', '15W', '*/2', '29-3', '31', '30'],
      ['*', 'FEB', 'NOV-FEB', '*/5', '2,4'],
      ['MON', 'SAT-MON', '6L', 'FRI#5', 'SAT#2,4', 'L'],
      ['*', '2030-2040', '2199', '1970-1980/3'],
    ];
    const valid = () => {
      const fields = plausible.map(pick);
      fields[random() < 0.5 ? 2 : 4] = '?';
      return `cron(${fields.join(' ')})`;
    };
    let accepted = 0;
    for (let run = 0; run < 600; run++) {
      const expression = [garbage, valid, () => `cron(${Array.from({ length: 5 + Math.floor(random() * 3) }, field).join(' ')})`][
        run % 3
      ]!();
      const result = parseCron(expression);
      if (!result.ok) continue;
      accepted++;
      const gap = longestGapDays(result.fields);
      expect(Number.isInteger(gap) && gap >= 1 && gap <= (Date.UTC(2200, 0, 1) - Date.UTC(2027, 0, 1)) / DAY_MS, expression).toBe(true);
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

/** A small deterministic random number generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
