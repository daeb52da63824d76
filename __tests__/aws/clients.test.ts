/** The AWS clients commands share: one per service, region and account; one assumed-role session per account. */
import { spawnSync } from 'node:child_process';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { describe, expect, it, vi } from 'vitest';
import { awsClients } from '../../src/operations/aws/clients.js';
import { describeAwsError } from '../../src/operations/aws/errors.js';
import { requester, startTags } from '../../src/operations/builds/start-pipeline.js';
import { REPO_ROOT } from '../support/fixture.js';

describe('awsClients', () => {
  it("keeps one client per service, region and account, each with its account's credentials", async () => {
    const credentialsFor = vi.fn(
      (accountId: string) => () => Promise.resolve({ accessKeyId: `key-of-${accountId}`, secretAccessKey: 'secret' }),
    );
    const clientFor = awsClients({ credentialsFor });
    const first = clientFor(EC2Client, 'eu-west-2', '111111111111');
    expect(clientFor(EC2Client, 'eu-west-2', '111111111111')).toBe(first);
    expect(clientFor(EC2Client, 'eu-west-1', '111111111111')).not.toBe(first);
    expect(clientFor(ImagebuilderClient, 'eu-west-2', '111111111111')).toBeInstanceOf(ImagebuilderClient);
    const other = clientFor(EC2Client, 'eu-west-2', '222222222222');
    expect((await first.config.credentials()).accessKeyId).toBe('key-of-111111111111');
    expect((await other.config.credentials()).accessKeyId).toBe('key-of-222222222222');
    expect(await first.config.maxAttempts()).toBe(6);
  });
});

describe('errors and tags of the commands that start builds', () => {
  it('names the missing permission for every way services spell access denied, and nothing else', () => {
    const error = (name: string) => Object.assign(new Error('not allowed\nsecond line'), { name });
    expect(describeAwsError(error('UnauthorizedOperation'), 'ec2:DescribeImages')).toBe(
      'UnauthorizedOperation: not allowed (the role needs ec2:DescribeImages)',
    );
    expect(describeAwsError(error('AccessDeniedException'), 'x')).toBe('AccessDeniedException: not allowed (the role needs x)');
    expect(describeAwsError(error('ValidationException'), 'x')).toBe('ValidationException: not allowed');
  });

  it('tags who asked, why and the commit, in characters a tag value may hold', () => {
    expect(startTags(requester({ USER: 'ana<ö>;' }), 'deploy created a new recipe version', '0123abc')).toEqual({
      'golden-ami:started-by': 'ana ö  ',
      'golden-ami:start-reason': 'deploy created a new recipe version',
      'golden-ami:source-commit': '0123abc',
    });
    expect(requester({})).toBe('unknown');
  });
});

describe("the SDK's Node version warning", () => {
  /** Makes a client the way every command does, in a fresh process (the SDK warns once a process); what it printed on stderr. */
  function stderrOfCommand(env: Record<string, string> = {}): string {
    const script = `import { EC2Client } from '@aws-sdk/client-ec2'; import { awsClients } from './src/operations/aws/clients.ts'; awsClients({ credentialsFor: () => async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) })(EC2Client, 'eu-west-2', '111111111111');`;
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...inherited } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...inherited, ...env },
    });
    expect(run.status, run.stderr).toBe(0);
    return run.stderr;
  }
  const warns = Number(process.versions.node.split('.')[0]) < 22;

  it('is not printed by the commands, on any supported Node version', () => {
    expect(stderrOfCommand()).not.toContain('NodeVersionSupportWarning');
  });

  it.runIf(warns)('is printed when the user asks for it (the switch is only a default), on Node 20', () => {
    expect(stderrOfCommand({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' })).toContain('NodeVersionSupportWarning');
  });
});
