/** `npm run report` and `npm run validate` name the fleet image an image builds on. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { FixtureRepo, REPO_ROOT } from '../support/fixture.js';

const CODEOWNERS_FILE = '.github/CODEOWNERS';

describe('report and validate with lineage', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = new FixtureRepo().write(CODEOWNERS_FILE, readFileSync(join(REPO_ROOT, CODEOWNERS_FILE), 'utf8'));
  });
  afterAll(() => repo.dispose());

  it('report shows the parent by name, then the parameter it is read from (text and JSON)', async () => {
    const text = await runCli(repo.root, 'report');
    expect(text.stdout).toMatch(/Parent image {3}on platform\/container-host\n {17}ssm:\/golden-ami\/platform\/container-host\/latest\n/);
    const json = JSON.parse((await runCli(repo.root, 'report', '--json')).stdout);
    const webServer = json.images.find((image: { image: string }) => image.image === 'web-server');
    expect(webServer.parentImage).toEqual({
      reference: 'ssm:/golden-ami/platform/container-host/latest',
      family: 'golden:platform/container-host',
      updates: true,
      golden: { image: 'platform/container-host' },
    });
  });

  it('validate lists each image built on a fleet image, by name', async () => {
    const run = await runCli(repo.root, 'validate');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '  website/web-server builds on platform/container-host through ssm:/golden-ami/platform/container-host/latest\n',
    );
  });
});
