/**
 * `npm run revoke` as a person types it: every mistake in the arguments is a usage error that says
 * what to give, before the fleet is loaded or AWS is called, with no stack trace.
 */
import { describe, expect, it } from 'vitest';
import { runCliWith } from '../support/cli.js';
import { REPO_ROOT } from '../support/fixture.js';

const run = (...args: string[]) =>
  runCliWith({ cwd: REPO_ROOT, env: { PATH: process.env.PATH!, AWS_EC2_METADATA_DISABLED: 'true' } }, 'revoke', ...args);

describe('npm run revoke arguments', () => {
  it.each([
    [['platform'], '"platform" is not <team>/<image>'],
    [['platform/container-host', '--reason', 'bad kernel'], '--version is needed: the build version to revoke, e.g. 1.2.0/3'],
    [['platform/container-host', '--version', '1.1.0/1'], '--reason is needed: it is recorded on the image and its AMIs'],
    [
      ['platform/container-host', '--version', '1.1.0/1', '--reason', 'a\nb'],
      'the reason must be one line, without line breaks or control characters: nothing was changed',
    ],
    [
      ['platform/container-host', '--version', '1.1.0/1', '--reason', 'x', '--role', 'deploy'],
      "--role=deploy cannot do this command's work: use one of release, current",
    ],
  ])('%j is refused: %s', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an image not in the fleet gets "did you mean" and changes nothing', async () => {
    const result = await run('platform/container-hots', '--version', '1.1.0/1', '--reason', 'bad kernel');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no image platform/container-hots: did you mean platform/container-host?');
  });
});
