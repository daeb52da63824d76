/**
 * A platform engineer working from their own machine (docs/platform.md, "Working locally as a platform
 * engineer"): every AWS-facing command takes the role to use and says which; missing credentials
 * and roles that cannot be assumed end with what to configure; a local synth (and so `cdktf diff`)
 * never assumes a role that writes, and CI's deploy jobs ask for it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseRole, missingRole, roleChain } from '../src/model/command-roles.js';
import { operatorRoleArn } from '../src/model/names.js';
import { roleAccess } from '../src/operations/aws/role-access.js';
import { awsErrorKind, awsErrorLine } from '../src/operations/aws/errors.js';
import { loadPlatformSettings } from '../src/config/platform.js';
import type { PlatformSettings } from '../src/config/platform-schema.js';
import { Problems } from '../src/core/problems.js';
import { synthOptionsFromEnvironment } from '../src/synthesis/pipeline.js';
import { openRoleAccess } from '../src/commands/role-option.js';
import { printerFor, type TextStream } from '../src/core/output.js';
import { runCliWith } from './support/cli.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';

const FACTORY = '111111111111';
const LAB = '555555555555';
const PLANNER = (account: string) => `arn:aws:iam::${account}:role/golden-ami-planner`;
const OPERATOR = `arn:aws:iam::${FACTORY}:role/golden-ami-operator`;
const base = () => Promise.resolve({ accessKeyId: 'AKIAPERSON', secretAccessKey: 'secret', sessionToken: 'person' });
const session = (name: string) => ({
  Credentials: { AccessKeyId: `ASIA${name}`, SecretAccessKey: 's', SessionToken: name, Expiration: new Date(Date.now() + 3600_000) },
});

let platform: PlatformSettings;
beforeAll(() => {
  platform = loadPlatformSettings(REPO_ROOT, new Problems())!;
});

describe('which role a command works with', () => {
  const READ = ['plan', 'operator', 'current'] as const;

  it('takes --role, else GOLDEN_AMI_ROLE, else the command default', () => {
    expect(chooseRole('operator', { GOLDEN_AMI_ROLE: 'plan' }, READ, 'plan')).toEqual({ role: 'operator', from: '--role' });
    expect(chooseRole(undefined, { GOLDEN_AMI_ROLE: 'current' }, READ, 'plan')).toEqual({ role: 'current', from: 'GOLDEN_AMI_ROLE' });
    expect(chooseRole(undefined, {}, READ, 'plan')).toEqual({ role: 'plan', from: 'default' });
    // CI's rebuild workflow sets GOLDEN_AMI_ROLE=deploy; a person's rebuild uses the rebuild role.
    expect(chooseRole(undefined, { GOLDEN_AMI_ROLE: 'deploy' }, ['rebuild', 'deploy', 'current'], 'rebuild')).toEqual({
      role: 'deploy',
      from: 'GOLDEN_AMI_ROLE',
    });
  });

  it('refuses a role that does not exist, and one that cannot do the work, naming where it came from and the roles it takes', () => {
    expect(chooseRole('admin', {}, READ, 'plan')).toEqual({ problem: '--role=admin is not a role: use one of plan, operator, current' });
    expect(chooseRole(undefined, { GOLDEN_AMI_ROLE: 'deploy' }, READ, 'plan')).toEqual({
      problem: "GOLDEN_AMI_ROLE=deploy cannot do this command's work: use one of plan, operator, current",
    });
  });

  it('refuses an operator role the platform has not set up, naming the setting', () => {
    expect(missingRole(platform, 'operator')).toBeUndefined();
    const withoutOperators = {
      ...platform,
      foundation: { ...platform.foundation!, operators: { rebuild: { permissionSets: [], roles: [] } } },
    };
    expect(missingRole(withoutOperators, 'operator')).toBe(
      '--role operator: the platform names nobody for it (context.platform.foundation.operators.readOnly in cdktf.json), so the foundation has no such role; ask the platform team',
    );
    expect(missingRole(withoutOperators, 'rebuild')).toMatch(/operators\.rebuild/);
  });

  it('reaches each account through the plan role, the operator role then the plan role, the rebuild or the deploy role', () => {
    expect(roleChain(platform, 'plan', LAB)).toEqual([PLANNER(LAB)]);
    expect(roleChain(platform, 'operator', LAB)).toEqual([OPERATOR, PLANNER(LAB)]);
    expect(roleChain(platform, 'rebuild', LAB)).toEqual([`arn:aws:iam::${LAB}:role/golden-ami-rebuilder`]);
    expect(roleChain(platform, 'deploy', LAB)).toEqual([`arn:aws:iam::${LAB}:role/golden-ami-deployer`]);
    expect(roleChain(platform, 'current', LAB)).toEqual([]);
  });
});

describe('assuming the roles (STS mocked)', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());
  afterAll(() => sts.restore());

  /** STS as the mock answers it: each session is named after its role and the session it was assumed from (the client's own credentials). */
  const chainedSessions = () =>
    sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }, getClient: () => STSClient) => {
      const from = (await getClient().config.credentials()).accessKeyId;
      return session(`${input.RoleArn.split('/').at(-1)!}<-${from}`);
    });

  it("assumes the operator role once, then each account's plan role from it, with the session tags on the last role only", async () => {
    chainedSessions();
    const access = roleAccess(platform, 'operator', {
      sessionName: 'golden-ami-test',
      sessionTags: { Team: 'collections' },
      baseCredentials: base,
      env: {},
    });
    expect((await access.credentialsFor(FACTORY)()).accessKeyId).toBe('ASIAgolden-ami-planner<-ASIAgolden-ami-operator<-AKIAPERSON');
    expect((await access.credentialsFor(LAB)()).accessKeyId).toBe('ASIAgolden-ami-planner<-ASIAgolden-ami-operator<-AKIAPERSON');
    const calls = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { RoleArn: PLANNER(FACTORY), RoleSessionName: 'golden-ami-test', Tags: [{ Key: 'Team', Value: 'collections' }] },
      { RoleArn: OPERATOR, RoleSessionName: 'golden-ami-test' },
      { RoleArn: PLANNER(LAB), RoleSessionName: 'golden-ami-test', Tags: [{ Key: 'Team', Value: 'collections' }] },
    ]);
  });

  it('names the role and the accounts on a terminal, and prints nothing when stderr is not one', async () => {
    chainedSessions();
    const spec = { name: 'fleet-status', summary: '', synopsis: '', options: {}, examples: [], run: () => 0 };
    const terminal = (isTTY: boolean) => {
      const lines: string[] = [];
      return { lines, stream: { isTTY, write: (text: string) => lines.push(text) > 0 } };
    };
    const terminalIo = (stream: TextStream) => ({ env: process.env, stderr: stream, ...printerFor(stream, stream) });
    const tty = terminal(true);
    const access = await openRoleAccess(
      spec,
      'operator',
      ['plan', 'operator', 'current'],
      platform,
      [FACTORY, LAB],
      { sessionName: 'x', baseCredentials: base },
      terminalIo(tty.stream),
    );
    expect(typeof access).toBe('object');
    const source = process.env.AWS_PROFILE
      ? `the profile AWS_PROFILE=${process.env.AWS_PROFILE}`
      : process.env.AWS_ACCESS_KEY_ID
        ? 'AWS_ACCESS_KEY_ID'
        : 'the default profile';
    expect(tty.lines).toEqual([
      `Using --role operator: ${OPERATOR}, then golden-ami-planner in accounts ${FACTORY}, ${LAB}, assumed with the credentials of ${source}.\n`,
    ]);
    const pipe = terminal(false);
    expect(
      typeof (await openRoleAccess(
        spec,
        'plan',
        ['plan', 'operator', 'current'],
        platform,
        [LAB],
        { sessionName: 'x', baseCredentials: base },
        terminalIo(pipe.stream),
      )),
    ).toBe('object');
    expect(pipe.lines).toEqual([]);
  });

  it("says which permission sets the operator role trusts when it cannot be assumed, not STS's AccessDenied alone", async () => {
    const denied = Object.assign(
      new Error(
        `User: arn:aws:sts::${FACTORY}:assumed-role/AWSReservedSSO_Developer_0a1b2c3d4e5f6a7b/ana is not authorized to perform: sts:AssumeRole on resource: ${OPERATOR}`,
      ),
      { name: 'AccessDenied' },
    );
    sts.on(AssumeRoleCommand, { RoleArn: OPERATOR }).rejects(denied);
    chainedSessions();
    sts.on(AssumeRoleCommand, { RoleArn: OPERATOR }).rejects(denied);
    const access = roleAccess(platform, 'operator', {
      sessionName: 'golden-ami-test',
      baseCredentials: base,
      env: { AWS_PROFILE: 'developer' },
    });
    const message = await access.check(LAB);
    expect(message).toBe(
      `cannot assume ${OPERATOR} (--role operator) with the credentials of the profile AWS_PROFILE=developer (AccessDenied: User: arn:aws:sts::${FACTORY}:assumed-role/AWSReservedSSO_Developer_0a1b2c3d4e5f6a7b/ana is not authorized to perform: sts:AssumeRole on resource: ${OPERATOR}): ` +
        `golden-ami-operator trusts permission set PlatformEngineer in image-factory (${FACTORY}) (context.platform.foundation.operators.readOnly): sign in with one of them (aws sso login --profile <profile>, docs/platform.md, "Working locally as a platform engineer"), or ask the platform team to add yours`,
    );
    // Every call made with these credentials fails the same way: the account is unreachable, and the line says what to configure.
    const error = await access
      .credentialsFor(LAB)()
      .catch((thrown: unknown) => thrown);
    expect(awsErrorKind(error)).toBe('unreachable');
    expect(awsErrorLine(error)).toContain('golden-ami-operator trusts permission set PlatformEngineer');
  });

  it("tells a person whose profile cannot assume the plan role to use the operator role's profile or --role operator", async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const message = await roleAccess(platform, 'plan', { sessionName: 'x', baseCredentials: base, env: {} }).check(LAB);
    expect(message).toMatch(
      /^cannot assume arn:aws:iam::555555555555:role\/golden-ami-planner \(--role plan\) with the credentials of the default profile \(AccessDenied: .*\): the plan role trusts only golden-ami-ci-plan and golden-ami-operator: use a profile whose role_arn is the operator role/,
    );
    expect(message).toContain('or --role operator from your IAM Identity Center profile');
  });

  it('tells a person to rebuild with the rebuild role when the deploy role refuses them', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    expect(await roleAccess(platform, 'deploy', { sessionName: 'x', baseCredentials: base, env: {} }).check(LAB)).toMatch(
      /golden-ami-deployer trusts only CI's golden-ami-ci-deploy: people use --role rebuild/,
    );
  });

  it('with missing credentials, says how to sign in, for the profile set', async () => {
    const none = () =>
      Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const message = await roleAccess(platform, 'rebuild', {
      sessionName: 'x',
      baseCredentials: none,
      env: { AWS_PROFILE: 'platform' },
    }).check(LAB);
    expect(message).toMatch(
      /^no AWS credentials from the profile AWS_PROFILE=platform \(CredentialsProviderError: Could not load credentials from any providers\): sign in \(aws sso login --profile platform\)/,
    );
    expect(sts.commandCalls(AssumeRoleCommand)).toEqual([]);
  });
});

describe('commands run by a person with no credentials (no network: IMDS off)', () => {
  let repo: FixtureRepo;
  let withLookup: FixtureRepo;
  let home: string;
  beforeAll(() => {
    repo = new FixtureRepo();
    // A parent lookup, so that pin-parents has something to ask EC2 (the other commands need it pinned first).
    withLookup = new FixtureRepo();
    withLookup.edit(
      'teams/collections/team.yaml',
      'parentImage: windows-server-2022-english-full-base-x86',
      'parentImage:\n      owner: "801119661308"\n      name: "Windows_Server-2022-English-Full-Base-*"',
    );
    home = mkdtempSync(join(tmpdir(), 'no-aws-'));
  });
  afterAll(() => {
    repo.dispose();
    withLookup.dispose();
    rmSync(home, { recursive: true, force: true });
  });
  /** An environment with no AWS settings at all: no profile files, no keys, no instance metadata. */
  const noAws = () => ({
    PATH: process.env.PATH!,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
  });
  // The AWS SDK reads its credentials from this process's environment: it is the command's for these tests.
  beforeEach(() => {
    for (const name of Object.keys(process.env).filter((name) => name.startsWith('AWS_'))) vi.stubEnv(name, undefined);
    for (const [name, value] of Object.entries(noAws())) vi.stubEnv(name, value);
  });
  afterEach(() => vi.unstubAllEnvs());
  /** The command, in-process, in that environment. */
  const run = (tool: string, ...args: string[]) =>
    runCliWith({ cwd: (tool === 'pin-parents' ? withLookup : repo).root, env: noAws() }, tool, ...args);

  it.each([
    ['fleet-status', []],
    ['pin-parents', ['--team', 'collections']],
    ['rebuild', ['collections/iiif-server', '--reason', 'test']],
    ['refresh-managed-components', []],
  ] as const)('%s ends before any AWS call and says how to sign in', async (tool, args) => {
    const result = await run(tool, ...args);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${tool}: no AWS credentials from the default profile \\(CredentialsProviderError: .*\\): sign in \\(aws sso login --profile <profile>, then export AWS_PROFILE=<profile>\\)`,
        'm',
      ),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a role the command cannot work with, from the flag or GOLDEN_AMI_ROLE, as a usage error', async () => {
    const result = await run('fleet-status', '--role', 'deploy');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--role=deploy cannot do this command's work: use one of plan, operator, current");
  });
});

describe("cdktf diff on a person's machine assumes the read-only role; CI's deploy jobs ask for the writer", () => {
  it('reads the role from GOLDEN_AMI_ROLE: read-only unless it says deploy, with or without CI', () => {
    expect(synthOptionsFromEnvironment({}).role).toBe('plan');
    expect(synthOptionsFromEnvironment({ CI: 'true' }).role).toBe('plan');
    expect(synthOptionsFromEnvironment({ GOLDEN_AMI_ROLE: 'plan' }).role).toBe('plan');
    expect(synthOptionsFromEnvironment({ CI: 'true', GOLDEN_AMI_ROLE: 'deploy' }).role).toBe('deploy');
  });

  it('synthesises team and foundation stacks whose providers assume the plan role (with the Team session tag), or the writers when asked', async () => {
    const repo = new FixtureRepo();
    try {
      const synth = async (env: Record<string, string>) => {
        const result = await runCliWith(
          { cwd: repo.root, env: { ...process.env, CI: '', GOLDEN_AMI_ROLE: '', GOLDEN_AMI_BOOTSTRAP: '', ...env } },
          'synth',
        );
        expect(result.code, result.stderr).toBe(0);
        const provider = (stack: string) =>
          JSON.parse(readFileSync(repo.path(`cdktf.out/stacks/${stack}/cdk.tf.json`), 'utf8')).provider.aws[0].assume_role[0];
        return { team: provider('collections'), foundation: provider('foundation-digital-lab') };
      };
      const local = await synth({});
      expect(local.team).toMatchObject({ role_arn: PLANNER(LAB), tags: { Team: 'collections' } });
      expect(local.foundation.role_arn).toBe(PLANNER(LAB));
      const deploy = await synth({ CI: 'true', GOLDEN_AMI_ROLE: 'deploy' });
      expect(deploy.team).toMatchObject({ role_arn: `arn:aws:iam::${LAB}:role/golden-ami-deployer`, tags: { Team: 'collections' } });
      expect(deploy.foundation.role_arn).toBe(`arn:aws:iam::${LAB}:role/golden-ami-foundation-admin`);
    } finally {
      repo.dispose();
    }
  });

  it('has every workflow job that deploys or rebuilds set GOLDEN_AMI_ROLE=deploy, and every job that only plans leave it read-only', () => {
    const workflows = [
      'deploy.yml',
      'manual.yml',
      'foundation-deploy.yml',
      'rebuild.yml',
      'diff.yml',
      'drift.yml',
      'foundation-plan.yml',
      'audit.yml',
    ];
    for (const file of workflows) {
      const jobs = parse(readFileSync(join(REPO_ROOT, '.github/workflows', file), 'utf8')).jobs as Record<
        string,
        { env?: Record<string, string>; steps?: { run?: string }[] }
      >;
      for (const [name, job] of Object.entries(jobs)) {
        const runs = (job.steps ?? []).map((step) => step.run ?? '').join('\n');
        const writes = /cdktf deploy|npm run --silent rebuild/.test(runs);
        const reads = /cdktf diff|terraform plan|fleet-status|pin-parents/.test(runs);
        if (writes) expect(job.env?.GOLDEN_AMI_ROLE, `${file}:${name}`).toBe('deploy');
        else if (reads) expect(job.env?.GOLDEN_AMI_ROLE ?? 'plan', `${file}:${name}`).toBe('plan');
      }
    }
  });
});

describe('the docs/platform.md section "Working locally as a platform engineer"', () => {
  const guide = readFileSync(join(REPO_ROOT, 'docs/platform.md'), 'utf8');
  const start = guide.indexOf('\n## Working locally as a platform engineer\n');
  const end = guide.indexOf('\n## ', start + 1);
  const section = start === -1 ? '' : guide.slice(start, end === -1 ? undefined : end);
  /** The profiles of its `~/.aws/config` blocks, by name. */
  const profiles = (block: string) =>
    Object.fromEntries(
      block
        .split(/^\[/m)
        .slice(1)
        .map((part) => {
          const [header, ...lines] = part.split('\n');
          return [
            header!.replace(/\]$/, ''),
            Object.fromEntries(lines.filter((line) => line.includes(' = ')).map((line) => line.split(' = ') as [string, string])),
          ];
        }),
    );
  const [sso, plain] = [...section.matchAll(/```ini\n([\s\S]*?)```/g)].map((m) => profiles(m[1]!));
  const operators = () => platform.foundation!.operators!;

  it('has the operator profile start from the IAM Identity Center profile of a permission set the settings name, in the state account', () => {
    expect(sso!['profile golden-ami-operator']).toMatchObject({ source_profile: 'platform', role_arn: operatorRoleArn(platform) });
    expect(operators().readOnly!.permissionSets).toContain(sso!['profile platform']!.sso_role_name);
    expect(sso!['profile platform']!.sso_account_id).toBe(platform.accounts[platform.foundation!.stateAccount]);
    expect(sso!['sso-session acme']).toMatchObject({ sso_registration_scopes: 'sso:account:access' });
  });

  it('has the plain-role operator profile start from a role, and the settings example name that role', () => {
    expect(plain!['profile golden-ami-operator']).toMatchObject({ source_profile: 'platform', role_arn: operatorRoleArn(platform) });
    expect(section).toContain(`"roles": ["${plain!['profile platform']!.role_arn!}"]`);
  });
});
