/**
 * The bootstrap runbook (docs/platform.md, "Setting up the platform" → "Runbook"), replayed offline command by command
 * as written there: `npm run` commands run for real in a copy of the example repository; Terraform
 * and AWS are simulated with the files Terraform 1.11 leaves (`.terraform/terraform.tfstate`, local
 * state, `terraform output -json`). A command this replay does not know fails the test, so the
 * runbook cannot change without it.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliWith } from './support/cli.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';
import { outputsJson } from './support/organisation.js';

const PLATFORM_GUIDE = readFileSync(join(REPO_ROOT, 'docs/platform.md'), 'utf8');
const SCRIPTS = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** The runbook's steps: number → the command lines of its `sh` blocks. */
function runbookSteps(): Map<number, string[]> {
  const start = PLATFORM_GUIDE.indexOf('### Runbook: from an empty organisation to the first team');
  expect(start, 'the runbook section of docs/platform.md').toBeGreaterThan(-1);
  const section = PLATFORM_GUIDE.slice(start, PLATFORM_GUIDE.indexOf('\n### ', start + 1));
  const steps = new Map<number, string[]>();
  let step = 0;
  for (const block of section.split(/^(\d+)\. \*\*/m).slice(1)) {
    if (/^\d+$/.test(block)) step = Number(block);
    else
      steps.set(
        step,
        [...block.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
          m[1]!
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
        ),
      );
  }
  return steps;
}

/** Words of a command line: quotes removed, a trailing `   # comment` dropped. */
function words(line: string): string[] {
  return (line.replace(/\s{2,}#.*$/, '').match(/'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^'(.*)'$/, '$1'));
}

describe('the bootstrap runbook of docs/platform.md, replayed offline', () => {
  const repo = new FixtureRepo();
  const bucket = repo.path('simulated-bucket');
  afterAll(() => repo.dispose());

  /** Runs one npm script as `npm run` does (in-process); stdout goes to `redirect` when given. */
  const npmRun = async (script: string, args: string[], env: Record<string, string> = {}, redirect?: string) => {
    const command = /^node bin\/run\.mjs ([\w-]+)$/.exec(SCRIPTS[script] ?? '')?.[1];
    expect(command, `npm script ${script}`).toBeDefined();
    const result = await runCliWith(
      { cwd: repo.root, env: { ...process.env, CI: '', GOLDEN_AMI_BOOTSTRAP: '', ...env } },
      command!,
      ...args,
    );
    expect(result.code, `npm run ${script} -- ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
    if (redirect) writeFileSync(repo.path(redirect), result.stdout);
    return result.stdout;
  };

  /** What Terraform does in a stack folder, as far as the files show it. */
  const terraform = (folder: string, args: string[], redirect?: string) => {
    const stack = repo.path(folder);
    const config = JSON.parse(readFileSync(join(stack, 'cdk.tf.json'), 'utf8'));
    const initialised = join(stack, '.terraform', 'terraform.tfstate');
    const [command] = args;
    if (command === 'init' && args.includes('-migrate-state')) {
      // Terraform copies from the backend .terraform/ remembers to the one the configuration names.
      const previous = JSON.parse(readFileSync(initialised, 'utf8')).backend;
      expect(previous.type).toBe('local');
      const key = config.terraform.backend.s3.key;
      mkdirSync(dirname(join(bucket, key)), { recursive: true });
      copyFileSync(previous.config.path, join(bucket, key));
      writeFileSync(
        initialised,
        JSON.stringify({ version: 3, terraform_version: '1.11.4', backend: { type: 's3', config: config.terraform.backend.s3, hash: 1 } }),
      );
    } else if (command === 'output' && args.includes('-json')) {
      expect(Object.keys(config.output)).toEqual(expect.arrayContaining(['platform-key-eu-west-2-arn', 'ci-plan-role-arn']));
      writeFileSync(repo.path(redirect!), outputsJson());
    } else expect(command).toBe('plan');
  };

  /** `cdktf deploy <stack>`: the app (the same synth), then terraform init and apply in the stack folder. */
  const cdktfDeploy = async (stackName: string, env: Record<string, string>) => {
    await npmRun('synth', [], env);
    const stack = repo.path(`cdktf.out/stacks/${stackName}`);
    const backend = JSON.parse(readFileSync(join(stack, 'cdk.tf.json'), 'utf8')).terraform.backend;
    mkdirSync(join(stack, '.terraform'), { recursive: true });
    writeFileSync(
      join(stack, '.terraform', 'terraform.tfstate'),
      JSON.stringify({
        version: 3,
        terraform_version: '1.11.4',
        backend: { type: 'local', config: { path: backend.local.path, workspace_dir: null }, hash: 3136834934 },
      }),
    );
    mkdirSync(dirname(backend.local.path), { recursive: true });
    writeFileSync(
      backend.local.path,
      JSON.stringify({ version: 4, serial: 1, lineage: 'runbook', resources: [{ type: 'aws_s3_bucket', name: 'state-bucket' }] }),
    );
  };

  const replay = async (line: string) => {
    let all = words(line);
    const redirect = all.includes('>') ? all[all.indexOf('>') + 1] : undefined;
    if (redirect) all = all.slice(0, all.indexOf('>'));
    const env: Record<string, string> = {};
    while (/^[A-Z_]+=/.test(all[0] ?? '')) {
      const [name, value] = all.shift()!.split('=');
      env[name!] = value!;
    }
    const [tool, ...rest] = all;
    if (tool === 'npm' && rest[0] === 'run') {
      const args = rest.slice(1).filter((word) => word !== '-s');
      const separator = args.indexOf('--');
      return npmRun(args[0]!, separator < 0 ? [] : args.slice(separator + 1), env, redirect);
    }
    if (tool === 'npx' && rest[0] === 'cdktf' && rest[1] === 'deploy') return cdktfDeploy(rest[2]!, env);
    if (tool === 'terraform') {
      terraform(rest[0]!.replace('-chdir=', ''), rest.slice(1), redirect);
      return;
    }
    if (tool === 'aws') {
      expect(rest.slice(0, 2)).toEqual(['cloudformation', 'deploy']);
      return;
    }
    throw new Error(`the runbook replay does not know: ${line}`);
  };

  const steps = runbookSteps();

  it('has its steps in one numbered list, 1 to 9', () => {
    expect([...steps.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('step 1 writes the organisation and removes the example teams', async () => {
    for (const line of steps.get(1)!) await replay(line);
    expect(JSON.parse(repo.read('cdktf.json')).context.platform.foundation.stateAccount).toBe('shared');
    expect(existsSync(repo.path('teams/collections'))).toBe(false);
  });

  it('step 2 brings the versions up to date and validates', async () => {
    for (const line of steps.get(2)!) await replay(line);
  });

  it('step 3 prints the foundation role template the provider assumes', async () => {
    for (const line of steps.get(3)!) await replay(line);
    const template = JSON.parse(repo.read('foundation-role.json'));
    expect(template.Resources.FoundationRole.Properties.RoleName).toBe('golden-ami-foundation-admin');
  });

  it('step 4 applies the state account stack with local state in .bootstrap/, no output guarding keys not yet recorded', async () => {
    for (const line of steps.get(4)!) await replay(line);
    const stack = JSON.parse(repo.read('cdktf.out/stacks/foundation-shared/cdk.tf.json'));
    expect(stack.terraform.backend).toEqual({ local: { path: repo.path('.bootstrap/terraform.tfstate') } });
    // The bootstrap principal deploys through the foundation role (a plain local synth would assume the plan role, not there yet).
    expect(stack.provider.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::111111111111:role/golden-ami-foundation-admin');
    expect(Object.values(stack.output).filter((output: any) => output.precondition)).toEqual([]);
  });

  it('step 5 synthesises the S3 backend and the state arrives in the bucket', async () => {
    for (const line of steps.get(5)!) await replay(line);
    const migrated = join(bucket, 'foundation/shared/terraform.tfstate');
    expect(JSON.parse(readFileSync(migrated, 'utf8')).resources).toEqual([{ type: 'aws_s3_bucket', name: 'state-bucket' }]);
    expect(JSON.parse(repo.read('cdktf.out/stacks/foundation-shared/cdk.tf.json')).provider.aws[0].assume_role[0].role_arn).toBe(
      'arn:aws:iam::111111111111:role/golden-ami-foundation-admin',
    );
  });

  it('step 6 records the keys from the outputs and prints the repository variables', async () => {
    for (const line of steps.get(6)!) await replay(line);
    expect(JSON.parse(repo.read('cdktf.json')).context.platform.kmsKeys['eu-west-2']).toBe(
      'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    );
  });

  it('step 7 synthesises outputs that now check the recorded keys', async () => {
    for (const line of steps.get(7)!) await replay(line);
    const output = JSON.parse(repo.read('cdktf.out/stacks/foundation-shared/cdk.tf.json')).output['platform-key-eu-west-1-arn'];
    expect(output.precondition[0].condition).toContain('arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f');
    expect(await npmRun('validate', [])).toBeDefined();
  });
});
