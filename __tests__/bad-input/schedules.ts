/** Bad schedules and time zones: each is reported once, at the value in team.yaml. */
import { PLATFORM, type BadInput } from '../support/bad-input.js';

const CRON = 'cron(0 3 1 * ? *)';

export const cases: BadInput[] = [
  {
    name: 'a cron expression that never runs (30 February)',
    change: (r) => r.edit(PLATFORM, CRON, 'cron(0 3 30 2 ? *)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3 30 2 ? *)'],
    message: /^invalid schedule: "cron\(0 3 30 2 \? \*\)" never runs: no date in 1970-2199 matches/,
    hint: /Rebuild cadence/,
  },
  {
    name: 'a cron expression with a month step out of range',
    change: (r) => r.edit(PLATFORM, CRON, 'cron(0 3 1 */13 ? *)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3 1 */13 ? *)'],
    message: /^invalid schedule: month field "\*\/13": the step 13 in "\*\/13" is outside 1-12$/,
    hint: /Rebuild cadence/,
  },
  {
    name: 'a cron expression padded with spaces',
    change: (r) => r.edit(PLATFORM, CRON, `' ${CRON} '`),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: [`' ${CRON} '`],
    message:
      /^invalid schedule: " cron\(0 3 1 \* \? \*\) " has extra spaces: write single spaces between the six fields and none around them$/,
    hint: /Rebuild cadence/,
  },
  {
    name: 'a cron expression with two spaces between fields',
    change: (r) => r.edit(PLATFORM, CRON, 'cron(0 3  1 * ? *)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3  1 * ? *)'],
    message: /has extra spaces/,
    hint: /Rebuild cadence/,
  },
  {
    name: 'a quarterly schedule (92 days between builds)',
    change: (r) => r.edit(PLATFORM, CRON, 'cron(0 3 1 JAN,APR,JUL,OCT ? *)'),
    file: PLATFORM,
    path: 'images[0].schedule.cron',
    where: ['cron(0 3 1 JAN,APR,JUL,OCT ? *)'],
    message: /^scheduled builds can be 92 days apart, more than the platform maximum of 90 days$/,
    hint: /rebuild-cadence/,
  },
  {
    name: 'a misspelt time zone, with a suggestion',
    change: (r) => r.edit(PLATFORM, 'timezone: Europe/London', 'timezone: Europe/Londn'),
    file: PLATFORM,
    path: 'timezone',
    where: ['Europe/Londn'],
    message: /^"Europe\/Londn" is not an IANA time zone$/,
    hint: /^did you mean "Europe\/London"\?/,
  },
  {
    name: 'a time zone in the wrong case',
    change: (r) => r.edit(PLATFORM, 'timezone: Europe/London', 'timezone: europe/london'),
    file: PLATFORM,
    path: 'timezone',
    where: ['europe/london'],
    message: /^"europe\/london" is not an IANA time zone$/,
    hint: /^did you mean "Europe\/London"\? \(names are case-sensitive\)$/,
  },
];
