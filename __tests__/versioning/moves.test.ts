/**
 * Version history is keyed by what AWS sees (resource type and name, `<team>-<name>`), across
 * every lock: a component moved between a team and components-yaml, or an image moved to a team
 * where it keeps its AWS name, goes on from the versions it had, never restarting at 1.0.0.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatBump, loadVersionedFleet } from '../../src/versioning/sync.js';
import { GitRepo } from '../support/git-repo.js';

const SHARED_LOCK = 'components-yaml/versions.lock.json';
const COLLECTIONS = 'teams/collections';
const PLATFORM = 'teams/platform';
const IIIF_DOC = `${COLLECTIONS}/components/iiif-image-server.yaml`;
const RUNTIME_DOC = 'components-yaml/container-runtime.yaml';

function versionIn(repo: GitRepo, lock: string, key: string): string {
  return JSON.parse(repo.read(lock)).entries[key].version;
}

function bumps(repo: GitRepo): string[] {
  const { plan, problems } = loadVersionedFleet(repo.root);
  expect(problems.errors).toEqual([]);
  return plan!.bumps.map(formatBump);
}

/** Moves a file (into a folder that may not exist yet). */
function move(repo: GitRepo, from: string, to: string): GitRepo {
  return repo.write(to, repo.read(from)).remove(from);
}

/** Lets a new team distribute where another team does (cdktf.json's distributionAccounts). */
function distributeLike(repo: GitRepo, team: string, like: string): GitRepo {
  const settings = JSON.parse(repo.read('cdktf.json'));
  const accounts = settings.context.platform.distributionAccounts;
  accounts[team] = accounts[like];
  return repo.write('cdktf.json', `${JSON.stringify(settings, null, 2)}\n`);
}

/** Adds a line to a component document's description, so that its content changes. */
function changeDescription(repo: GitRepo, file: string, text: string): GitRepo {
  return repo.edit(file, /^description: (.*)$/m, `description: $1 ${text}`);
}

describe('a component moved between a team and components-yaml', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  it('local to shared: collections-iiif-image-server goes on from 1.0.2, not 1.0.0', async () => {
    for (const step of ['(2)', '(3)']) changeDescription(repo, IIIF_DOC, step).updateVersions().commitAll(`iiif-image-server ${step}`);
    expect(versionIn(repo, `${COLLECTIONS}/versions.lock.json`, 'component:iiif-image-server')).toBe('1.0.2');
    const moved = repo.head();
    move(repo, IIIF_DOC, 'components-yaml/iiif-image-server.yaml');
    repo.edit(`${COLLECTIONS}/team.yaml`, '- local: iiif-image-server', '- shared: iiif-image-server');
    expect(bumps(repo)).toContain(
      `shared/component:iiif-image-server  new -> 1.0.2 restored: the same content had 1.0.2 at commit ${moved.slice(0, 12)}`,
    );
    repo.updateVersions();
    expect(versionIn(repo, SHARED_LOCK, 'component:iiif-image-server')).toBe('1.0.2');
    expect((await repo.run('versions', '--check')).code).toBe(0);
    changeDescription(repo, 'components-yaml/iiif-image-server.yaml', '(4)');
    expect(bumps(repo)[0]).toBe(
      'shared/component:iiif-image-server  1.0.2 -> 1.0.3 patch: data changed (shared component components-yaml/iiif-image-server.yaml); description changed (shared component components-yaml/iiif-image-server.yaml)',
    );
  });

  it('shared to local: platform-container-runtime goes on from 1.0.1, and new content gets 1.0.2', () => {
    changeDescription(repo, RUNTIME_DOC, '(2)').updateVersions().commitAll('container-runtime 1.0.1');
    move(repo, RUNTIME_DOC, `${PLATFORM}/components/container-runtime.yaml`);
    repo.edit(`${PLATFORM}/team.yaml`, '- shared: container-runtime', '- local: container-runtime');
    const moved = bumps(repo);
    expect(moved).toContain(
      `platform/component:container-runtime  new -> 1.0.1 restored: the same content had 1.0.1 at commit ${repo.head().slice(0, 12)}`,
    );
    expect(moved).toContain('shared/component:container-runtime  1.0.1 -> removed: no longer defined');
    changeDescription(repo, `${PLATFORM}/components/container-runtime.yaml`, '(3)');
    expect(bumps(repo)).toContain(
      `platform/component:container-runtime  new -> 1.0.2 patch: data changed (team component teams/platform/components/container-runtime.yaml); description changed (team component teams/platform/components/container-runtime.yaml); versions up to 1.0.1 were used before at commit ${repo.head().slice(0, 12)}`,
    );
  });

  it('an entry --check finds below what its AWS name had in another lock is an error there', async () => {
    changeDescription(repo, RUNTIME_DOC, '(2)').updateVersions().commitAll('container-runtime 1.0.1');
    move(repo, RUNTIME_DOC, `${PLATFORM}/components/container-runtime.yaml`);
    repo.edit(`${PLATFORM}/team.yaml`, '- shared: container-runtime', '- local: container-runtime');
    repo.updateVersions();
    const lock = JSON.parse(repo.read(`${PLATFORM}/versions.lock.json`));
    lock.entries['component:container-runtime'].version = '1.0.0';
    repo.write(`${PLATFORM}/versions.lock.json`, `${JSON.stringify(lock, null, 2)}\n`);
    const check = await repo.run('versions', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(
      /teams\/platform\/versions\.lock\.json:\d+:18 error at entries\.component:container-runtime\.version: platform\/component:container-runtime is at 1\.0\.0, below 1\.0\.1/,
    );
  });
});

describe('a team split or renamed', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  it('an image moved to another team with the same AWS name goes on above its versions', async () => {
    // platform's container-host becomes image `host` of a new team `platform-container`: still platform-container-host in AWS.
    const team = repo.read(`${PLATFORM}/team.yaml`);
    const images = team.indexOf('  - name: container-host');
    const bastion = team.indexOf('  - name: bastion-host');
    const split = team
      .slice(0, bastion)
      .replace('- name: container-host', '- name: host')
      .replaceAll('/golden-ami/platform/container-host/', '/golden-ami/platform-container/host/');
    repo.write('teams/platform-container/team.yaml', split);
    repo.write(`${PLATFORM}/team.yaml`, team.slice(0, images) + team.slice(bastion));
    distributeLike(repo, 'platform-container', 'platform');
    // The website team builds on the image by name: it follows the move.
    repo.edit('teams/website/team.yaml', 'golden: platform/container-host', 'golden: platform-container/host');
    const moved = bumps(repo);
    expect(moved).toContainEqual(
      expect.stringMatching(
        /^platform-container\/recipe:host {2}new -> 1\.0\.1 patch: .*; versions up to 1\.0\.0 were used before at commit [0-9a-f]{12}$/,
      ),
    );
    expect(moved).toContain('platform/recipe:container-host  1.0.0 -> removed: no longer defined');
    repo.updateVersions();
    expect(versionIn(repo, 'teams/platform-container/versions.lock.json', 'recipe:host')).toBe('1.0.1');
    expect((await repo.run('versions', '--check')).code).toBe(0);
  });

  it('a team renamed with its images renamed so that their AWS names stay goes on above their versions', () => {
    // collections + iiif-server becomes collections-iiif + server: collections-iiif-server either way.
    repo.git('mv', COLLECTIONS, 'teams/collections-iiif');
    distributeLike(repo, 'collections-iiif', 'collections');
    repo.edit('teams/collections-iiif/team.yaml', '- name: iiif-server', '- name: server');
    repo.edit('teams/collections-iiif/team.yaml', '/golden-ami/collections/iiif-server/', '/golden-ami/collections-iiif/server/');
    const renamed = bumps(repo);
    expect(renamed).toContainEqual(
      expect.stringMatching(
        /^collections-iiif\/recipe:server {2}new -> 1\.0\.1 patch: .*; versions up to 1\.0\.0 were used before at commit [0-9a-f]{12}$/,
      ),
    );
    // Its other image and components get new AWS names (collections-iiif-…): they keep the versions their lock gives them.
    expect(renamed.filter((line) => / -> 1\.0\.0|new -> /.test(line) && !line.startsWith('collections-iiif/recipe:server'))).toEqual([]);
    repo.updateVersions();
    expect(versionIn(repo, 'teams/collections-iiif/versions.lock.json', 'recipe:server')).toBe('1.0.1');
  });
});
