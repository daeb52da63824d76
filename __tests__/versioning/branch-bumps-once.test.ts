/**
 * A branch bumps once: on a branch, versions are computed against the lock at the merge base with
 * main, so several commits give one bump per entry (of the highest kind any change needs), a new
 * team stays at 1.0.0 until it merges, and a recipe's `earlier` lists only versions main's
 * history holds. `npm run versions`, `--bump` and synth's automatic bump are one implementation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { synthesizeFleet } from '../../src/synthesis/pipeline.js';
import { GitRepo } from '../support/git-repo.js';

const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const SSM_DESCRIPTION = 'description: Ensures amazon-ssm-agent is installed';
const SHARED_LOCK = 'components-yaml/versions.lock.json';
const PLATFORM_LOCK = 'teams/platform/versions.lock.json';
const NEW_TEAM = 'teams/exhibits';

const NEW_TEAM_FILE = `owners:
  - "@museum-digital/exhibits"
account: image-factory
region: eu-west-2
notifications:
  emails:
    - exhibits@museum.example.org
images:
  - name: signage
    description: Signage player
    platform: Linux
    parentImage: amazon-linux-2023-x86
    components:
      - shared: update-os
      - shared: ssm-agent
      - local: signage-agent
    instanceTypes: [t3.small]
`;

function entry(repo: GitRepo, lock: string, key: string): { version: string; earlier?: string[] } {
  return JSON.parse(repo.read(lock)).entries[key];
}

/** A parameter with a default, added to ssm-agent: a minor change. */
function addParameter(repo: GitRepo): void {
  repo.edit(
    SSM_DOC,
    'schemaVersion: 1.0',
    "schemaVersion: 1.0\nparameters:\n  - startTimeout:\n      type: string\n      default: '30'\n      description: seconds\n",
  );
}

describe('five commits on one branch', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
    repo.git('switch', '-q', '-c', 'feature');
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    repo.dispose();
    vi.restoreAllMocks();
  });

  it('give one bump per entry, of the highest kind needed, and a new team stays at 1.0.0', async () => {
    const commits: [string, () => void, 'versions' | 'synth'][] = [
      [
        'ssm-agent: content, and a new team',
        () => {
          repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (1)`);
          repo
            .write(`${NEW_TEAM}/team.yaml`, NEW_TEAM_FILE)
            .write(`${NEW_TEAM}/components/signage-agent.yaml`, repo.read(SSM_DOC).replace('name: ssm-agent', 'name: signage-agent'));
        },
        'versions',
      ],
      ['ssm-agent: content again', () => repo.edit(SSM_DOC, '(1)', '(2)'), 'synth'],
      ['ssm-agent: a parameter with a default', () => addParameter(repo), 'versions'],
      [
        'the new team changes its component',
        () => repo.edit(`${NEW_TEAM}/components/signage-agent.yaml`, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (signage)`),
        'synth',
      ],
      ['ssm-agent: content once more', () => repo.edit(SSM_DOC, '(2)', '(3)'), 'versions'],
    ];
    for (const [message, change, tool] of commits) {
      change();
      if (tool === 'versions') expect((await repo.run('versions')).code).toBe(0);
      else expect(await synthesizeFleet(repo.root, { ci: false, outdir: repo.path('cdktf.out') })).toBe(0);
      repo.remove('cdktf.out').commitAll(message);
    }
    expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.1.0');
    expect(entry(repo, PLATFORM_LOCK, 'recipe:container-host')).toMatchObject({ version: '1.0.1', earlier: ['1.0.0'] });
    expect(entry(repo, PLATFORM_LOCK, 'recipe:bastion-host')).toMatchObject({ version: '1.0.1', earlier: ['1.0.0'] });
    expect(entry(repo, `${NEW_TEAM}/versions.lock.json`, 'component:signage-agent')).toEqual(expect.objectContaining({ version: '1.0.0' }));
    expect(entry(repo, `${NEW_TEAM}/versions.lock.json`, 'recipe:signage')).toEqual(
      expect.not.objectContaining({ earlier: expect.anything() }),
    );
    expect(entry(repo, `${NEW_TEAM}/versions.lock.json`, 'recipe:signage').version).toBe('1.0.0');
    expect(await repo.run('versions', '--check')).toMatchObject({ code: 0, stdout: 'All version locks are current.\n' });

    // Merged, main holds these versions: the next change on main bumps above them.
    repo.git('switch', '-q', 'main');
    expect(repo.merge('feature')).toBe(false);
    expect((await repo.run('versions', '--check')).code).toBe(0);
    repo.edit(`${NEW_TEAM}/components/signage-agent.yaml`, '(signage)', '(signage 2)');
    expect((await repo.run('versions')).stdout).toContain(
      'exhibits/component:signage-agent  1.0.0 -> 1.0.1 patch: data changed (team component teams/exhibits/components/signage-agent.yaml); description changed (team component teams/exhibits/components/signage-agent.yaml)',
    );
  });

  it('--bump on the branch counts from the merge base, whatever the commits in between', async () => {
    repo.edit(SSM_DOC, SSM_DESCRIPTION, `${SSM_DESCRIPTION} (1)`);
    expect((await repo.run('versions', '--bump', 'shared/component:ssm-agent=minor')).stdout).toContain(
      'shared/component:ssm-agent  1.0.0 -> 1.1.0 minor: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml); minor bump forced from the command line',
    );
    repo.commitAll('ssm-agent, a minor bump');
    repo.edit(SSM_DOC, '(1)', '(2)');
    const again = await repo.run('versions');
    expect(again.stdout).toContain(
      'shared/component:ssm-agent  1.1.0 kept: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml); already a patch bump or more above 1.0.0, the highest version of main (merge base',
    );
    expect(entry(repo, SHARED_LOCK, 'component:ssm-agent').version).toBe('1.1.0');
  });
});
