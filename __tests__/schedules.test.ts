/** Schedules reach Terraform exactly as validated, in any time zone AWS accepts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLATFORM, problemsOf } from './support/bad-input.js';
import { FixtureRepo, resource, synthesize } from './support/fixture.js';

describe('schedules', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it.each(['Asia/Kolkata', 'Asia/Calcutta', 'Etc/UTC', 'Europe/Kyiv', 'Europe/Kiev', 'US/Eastern'])('accepts the time zone %s', (zone) => {
    repo.edit(PLATFORM, 'timezone: Europe/London', `timezone: ${zone}`);
    expect(problemsOf(repo)).toEqual([]);
  });

  it('writes the cron expression and time zone as written in team.yaml', () => {
    repo.edit(PLATFORM, 'timezone: Europe/London', 'timezone: US/Eastern');
    repo.edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 22-2 ? * SAT#2,4 *)');
    const pipeline = resource(synthesize(repo.updateVersions().fleet()).platform!, 'aws_imagebuilder_image_pipeline', 'container-host');
    expect(pipeline.schedule).toMatchObject({ schedule_expression: 'cron(0 22-2 ? * SAT#2,4 *)', timezone: 'US/Eastern' });
  });
});
