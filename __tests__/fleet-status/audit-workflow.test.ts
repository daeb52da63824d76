/**
 * The scheduled audit (.github/workflows/audit.yml): fleet-status with the plan role, the JSON as
 * an artifact, and the issue script run against a fake GitHub: one issue per team, opened,
 * updated and closed, owners mentioned, nothing else's issue touched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixture.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

const audit = parse(readFileSync(join(REPO_ROOT, '.github/workflows/audit.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: unknown;
  jobs: Record<string, Job>;
};

describe('the audit workflow', () => {
  it('runs weekly and by hand, reading contents only at the top', () => {
    expect(Object.keys(audit.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(audit.permissions).toEqual({ contents: 'read' });
  });

  it('asks AWS with the CI plan role, writes the JSON and uploads it', () => {
    const { status } = audit.jobs;
    expect(status!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = status!.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with?.['role-to-assume']).toBe('${{ vars.GOLDEN_AMI_PLAN_ROLE_ARN }}');
    expect(status!.steps.some((step) => /npm run --silent fleet-status -- --json > fleet-status\.json/.test(step.run ?? ''))).toBe(true);
    expect(status!.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))?.with).toMatchObject({
      name: 'fleet-status',
      path: 'fleet-status.json',
    });
  });

  it('only the issue job writes, and only issues; it runs none of the code', () => {
    const { issues } = audit.jobs;
    expect(issues!.permissions).toEqual({ issues: 'write' });
    expect(issues!.needs).toBe('status');
    for (const step of issues!.steps) {
      expect(step.uses?.startsWith('actions/checkout@')).not.toBe(true);
      expect(step.run).toBeUndefined();
      expect(typeof step.with?.script === 'string' ? step.with.script : '').not.toContain('${{');
    }
  });
});

describe('the team issue script', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'golden-ami-audit-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  type Issue = { number: number; body: string; user: { type: string }; pull_request?: unknown };

  async function run(teams: unknown[], existing: Issue[] = []) {
    const step = audit.jobs.issues!.steps.find((candidate) => candidate.uses?.startsWith('actions/github-script@'))!;
    writeFileSync(join(folder, 'fleet-status.json'), JSON.stringify({ ok: false, teams }));
    const calls: { kind: string; args: Record<string, unknown> }[] = [];
    const failures: string[] = [];
    const record = (kind: string) => (args: Record<string, unknown>) => void calls.push({ kind, args });
    const github = {
      paginate: (_method: unknown, args: Record<string, unknown>) => {
        calls.push({ kind: 'list', args });
        return Promise.resolve(existing);
      },
      rest: { issues: { listForRepo: {}, create: record('create'), update: record('update'), createComment: record('comment') } },
    };
    const context = { repo: { owner: 'museum', repo: 'golden-amis' }, serverUrl: 'https://github.com', runId: 42 };
    const env = { ...step.env, STATUS: join(folder, 'fleet-status.json') };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    const script = new AsyncFunction('require', 'github', 'context', 'core', 'process', String(step.with!.script));
    await script(createRequire(import.meta.url), github, context, { setFailed: (message: string) => failures.push(message) }, { env });
    return { calls, failures };
  }

  const marker = (team: string) => `<!-- golden-ami-fleet-status:${team} -->`;

  it('opens an issue for a team that needs attention, mentioning its owners, and leaves a healthy team alone', async () => {
    const { calls, failures } = await run([
      { team: 'collections', owners: ['@museum-digital/collections'], ok: false, markdown: '### collections: needs attention' },
      { team: 'platform', owners: ['@museum-digital/platform'], ok: true, markdown: '### platform: all well' },
    ]);
    expect(failures).toEqual([]);
    expect(calls[0]).toEqual({
      kind: 'list',
      args: { owner: 'museum', repo: 'golden-amis', state: 'open', creator: 'github-actions[bot]', per_page: 100 },
    });
    expect(calls.slice(1).map((call) => call.kind)).toEqual(['create']);
    const { title, body } = calls[1]!.args as { title: string; body: string };
    expect(title).toBe('Fleet status: collections needs attention');
    expect(body.split('\n')[0]).toBe(marker('collections'));
    expect(body.split('\n')[1]).toMatch(/^@museum-digital\/collections: an image of `collections` needs attention/);
    expect(body).toContain('### collections: needs attention');
    expect(body).toContain('https://github.com/museum/golden-amis/actions/runs/42');
  });

  it("updates the team's open issue, closes it with a comment when all is well, and touches no other issue", async () => {
    const existing: Issue[] = [
      { number: 7, body: `${marker('collections')}\nold`, user: { type: 'Bot' } },
      { number: 8, body: `${marker('platform')}\nold`, user: { type: 'Bot' } },
      { number: 9, body: 'a person wrote this', user: { type: 'User' } },
    ];
    const { calls } = await run(
      [
        { team: 'collections', owners: ['@museum-digital/collections'], ok: false, markdown: 'still lagging' },
        { team: 'platform', owners: ['@museum-digital/platform'], ok: true, markdown: 'fine' },
      ],
      existing,
    );
    expect(calls.slice(1).map((call) => [call.kind, call.args.issue_number, call.args.state])).toEqual([
      ['update', 7, undefined],
      ['comment', 7, undefined],
      ['comment', 8, undefined],
      ['update', 8, 'closed'],
    ]);
    // An update edits the description, which notifies nobody: a comment mentions the owners again.
    expect(String(calls[2]!.args.body)).toMatch(
      /^@museum-digital\/collections: still needs attention this week \(\[audit run\]\(https:\/\/github\.com\/museum\/golden-amis\/actions\/runs\/42\)\)/,
    );
  });

  it('closes the issue of a team that is no longer in the fleet', async () => {
    const existing: Issue[] = [
      { number: 7, body: `${marker('collections')}\nold`, user: { type: 'Bot' } },
      { number: 11, body: `${marker('retired-team')}\nold`, user: { type: 'Bot' } },
    ];
    const { calls } = await run([{ team: 'collections', owners: ['@museum-digital/collections'], ok: true, markdown: 'fine' }], existing);
    expect(calls.slice(1).map((call) => [call.kind, call.args.issue_number, call.args.state, call.args.state_reason])).toEqual([
      ['comment', 7, undefined, undefined],
      ['update', 7, 'closed', 'completed'],
      ['comment', 11, undefined, undefined],
      ['update', 11, 'closed', 'not_planned'],
    ]);
    expect(String(calls[3]!.args.body)).toMatch(/^Team `retired-team` is no longer in the fleet/);
  });

  it('keeps no issue for a name that is not a team name, and drops owners that are not GitHub teams', async () => {
    const { calls, failures } = await run([
      { team: '../../x', owners: [], ok: false, markdown: '' },
      { team: 'web', owners: ['@everyone [x](https://evil.example)', '@museum-digital/web'], ok: false, markdown: 'm' },
    ]);
    expect(failures).toEqual(['Not a team name, no issue kept: "../../x"']);
    expect(calls.slice(1).map((call) => call.kind)).toEqual(['create']);
    expect(String(calls[1]!.args.body).split('\n')[1]).toMatch(/^@museum-digital\/web: /);
  });
});
