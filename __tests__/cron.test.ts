/** Image Builder cron expressions: what is accepted, and what is said about the rest. */
import { describe, expect, it } from 'vitest';
import { parseCron } from '../src/config/cron.js';

describe('parseCron', () => {
  it.each([
    'cron(0 0 1 * ? *)',
    'cron(0 3 ? * SUN#1 *)',
    'cron(30 2 ? * MON-FRI *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 15W * ? *)',
    'cron(0 0 ? * 6L *)',
    'cron(0/15 * ? * 1 *)',
    'cron(0 0 1 JAN,JUL ? 2026-2030)',
    'cron(0 0 1 */3 ? *)',
  ])('accepts %s', (expression) => {
    expect(parseCron(expression)).toMatchObject({ ok: true });
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
    ['cron(0 0 1 FOO ? *)', 'month field "FOO": "FOO" is not a number'],
    ['cron(0 0 ? * MON#6 *)', 'must be #1 to #5'],
    ['cron(0 ? 1 * ? *)', '"?" is allowed only in day-of-month and day-of-week'],
    ['cron(0 0 1 * ? 1960)', '1960 is outside 1970-2199'],
    ['cron(0 0 1 */0 ? *)', 'must be at least 1'],
    ['cron(0 5-2 1 * ? *)', 'runs backwards'],
  ])('rejects %s: %s', (expression, error) => {
    const result = parseCron(expression);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(error);
  });
});
