/** The preview workflows: behind the environment preview, with the CI preview role only, no expression in a script. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixture.js';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  steps: Step[];
  if?: string;
}
const workflow = (file: string) =>
  parse(readFileSync(join(REPO_ROOT, '.github/workflows', file), 'utf8')) as { on: Record<string, any>; jobs: Record<string, Job> };
const FILES = ['preview.yml', 'preview-cleanup.yml'];

describe('the preview workflows', () => {
  it('run every job in the environment preview, with the CI preview role and no other, and read contents only', () => {
    for (const file of FILES)
      for (const [name, job] of Object.entries(workflow(file).jobs)) {
        expect(job.environment, `${file}:${name}`).toBe('preview');
        expect(job.permissions, `${file}:${name}`).toEqual({ contents: 'read', 'id-token': 'write' });
        const roles = job.steps
          .filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))
          .map((step) => step.with?.['role-to-assume']);
        expect(roles, `${file}:${name}`).toEqual(['${{ vars.GOLDEN_AMI_PREVIEW_ROLE_ARN }}']);
      }
  });

  it('never put an expression (a branch name, a pull-request title) into a script: values reach scripts through the environment', () => {
    for (const file of FILES)
      for (const job of Object.values(workflow(file).jobs)) for (const step of job.steps) expect(step.run ?? '', file).not.toContain('${{');
  });

  it('build on a pull request labelled preview or by hand, and clean up when the pull request closes and on a daily schedule', () => {
    const preview = workflow('preview.yml');
    expect(preview.on.pull_request.types).toEqual(['labeled', 'synchronize', 'reopened']);
    expect(Object.keys(preview.on)).toContain('workflow_dispatch');
    expect(preview.jobs.deploy!.if).toContain("contains(github.event.pull_request.labels.*.name, 'preview')");
    const cleanup = workflow('preview-cleanup.yml');
    expect(cleanup.on.pull_request.types).toEqual(['closed']);
    expect(cleanup.on.schedule).toHaveLength(1);
    const destroy = cleanup.jobs.destroy!.steps.map((step) => step.run ?? '').join('\n');
    expect(destroy).toContain('terraform -chdir="$folder" destroy');
    expect(destroy).toContain('npm run --silent preview-sweep -- --preview "$PREVIEW_ID" --older-than-days 0');
    expect(cleanup.jobs.sweep!.steps.map((step) => step.run ?? '').join('\n')).toContain('preview-sweep -- --older-than-days 7');
  });
});
