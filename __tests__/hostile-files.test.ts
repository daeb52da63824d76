/**
 * Hostile and broken files beyond the bad-input table: linked folders, what the yaml package's own
 * alias guard does, ids taken as written, and the command line never showing a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, renameSync, rmSync, symlinkSync, truncateSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Problems } from '../src/core/problems.js';
import { checkAgainstSchema } from '../src/core/schema-check.js';
import { parseYaml } from '../src/core/yaml-source.js';
import { PLATFORM, problemsOf } from './support/bad-input.js';
import { runCli } from './support/cli.js';
import { FixtureRepo } from './support/fixture.js';

const LINK = 'a symbolic link: links are not followed';

describe('hostile files', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it("reports a team's components folder that is a link, and reads no document through it", () => {
    const outside = `${repo.root}-components`;
    renameSync(repo.path('teams/collections/components'), outside);
    symlinkSync(outside, repo.path('teams/collections/components'));
    try {
      const problems = problemsOf(repo);
      expect(problems.filter((p) => p.message === LINK).map((p) => p.file)).toEqual(['teams/collections/components']);
      // The documents behind the link are missing to the team, not read.
      expect(problems.some((p) => p.message.startsWith('no local component "iiif-image-server"'))).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reports a teams/ folder that is a link, and loads no team through it', () => {
    const outside = `${repo.root}-teams`;
    renameSync(repo.path('teams'), outside);
    symlinkSync(outside, repo.path('teams'));
    try {
      expect(
        problemsOf(repo)
          .filter((p) => p.message === LINK)
          .map((p) => p.file),
      ).toEqual(['teams']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("the yaml package's maxAliasCount throws without a location; parseYaml reports the bomb at its line instead", () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    // Its default of 100 counts an anchor's uses times the aliases inside it, and gives up on toJS.
    expect(() => parseDocument(bomb).toJS()).toThrow(/Excessive alias count/);
    const problems = new Problems();
    expect(parseYaml(bomb, 'bomb.yaml', problems)).toBeUndefined();
    // a, b and c repeat 909 values, each *c 820 more: the 12th *c passes 10,000.
    expect(problems.all).toMatchObject([
      { file: 'bomb.yaml', line: 4, column: 49, message: 'the aliases of the file repeat more than 10000 values' },
    ]);
  });

  it('an anchor used more often than maxAliasCount allows still loads: what aliases repeat is bounded instead', () => {
    const problems = new Problems();
    const source = parseYaml(`x: &x 1\nxs: [${Array(150).fill('*x').join(', ')}]\n`, 'aliases.yaml', problems)!;
    const content = checkAgainstSchema(z.object({ x: z.number(), xs: z.array(z.number()) }), source, problems, 'the file');
    expect(problems.all).toEqual([]);
    expect(content?.xs).toHaveLength(150);
  });

  it('takes an unquoted 12-digit account id that starts with 1-9 as written', () => {
    repo.edit(PLATFORM, 'account: image-factory', 'account: 123456789012');
    expect(repo.fleet().teams.find((team) => team.name === 'platform')?.account.id).toBe('123456789012');
  });

  it('npm run validate lists hostile files as problems and exits 1, without a stack trace', async () => {
    truncateSync(repo.path(PLATFORM), 3 * 1024 ** 3);
    execFileSync('mkfifo', [repo.path('components-yaml/pipe.yaml')]);
    symlinkSync('/etc/passwd', repo.path('components-yaml/passwd.yaml'));
    cpSync(repo.path('components-yaml/update-os.yaml'), repo.path('components-yaml/deep.yaml'));
    repo.edit('components-yaml/deep.yaml', 'schemaVersion: 1.0\n', `schemaVersion: 1.0\ndeep:\n  ${'- '.repeat(100_000)}x\n`);
    const { code, stdout, stderr } = await runCli(repo.root, 'validate');
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).not.toMatch(/^\s+at /m);
    expect(stderr).toContain(`${PLATFORM} error: the file is 3072.0 MiB, over the 1 MiB limit`);
    expect(stderr).toContain('components-yaml/pipe.yaml error: not a regular file (a pipe, socket or device)');
    expect(stderr).toContain(`components-yaml/passwd.yaml error: ${LINK}`);
    expect(stderr).toContain('components-yaml/deep.yaml error: the YAML nests far more than 64 levels deep');
  }, 60_000);
});
