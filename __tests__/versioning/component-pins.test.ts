/**
 * An image may pin a shared component to a version the shared lock recorded (`version:` beside
 * `shared:`): its recipe references that version's ARN, the shared document's later changes
 * leave the recipe's version alone, the report and validate say how far behind the pin is, and a
 * platform setting caps it (the waivable pinned-component-age check).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblems } from '../../src/core/problems.js';
import { checkPolicies } from '../../src/checks/engine.js';
import { renderMarkdown, renderText, reportData, reportRows } from '../../src/workflows/fleet-report.js';
import { loadVersionedFleet } from '../../src/versioning/sync.js';
import { resource, synthesize, synthesizeForPolicies } from '../support/fixture.js';
import { GitRepo } from '../support/git-repo.js';

const PLATFORM = 'teams/platform/team.yaml';
const PLATFORM_LOCK = 'teams/platform/versions.lock.json';
const CLOUDWATCH_DOC = 'components-yaml/cloudwatch-agent.yaml';
const DESCRIPTION = 'description: Installs and configures the Amazon CloudWatch agent';
/** bastion-host's cloudwatch-agent line (its last component, before its tests). */
const BASTION_CLOUDWATCH = '      - shared: cloudwatch-agent\n    tests:';

describe('a shared component pinned by an image', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  /** One shared release on main: the document changes, `npm run versions` bumps it, it is committed. */
  const release = (n: number) => {
    repo
      .edit(CLOUDWATCH_DOC, /^description: .*$/m, `${DESCRIPTION} (release ${n}).`)
      .updateVersions()
      .commitAll(`cloudwatch-agent release ${n}`);
  };
  const recipeVersion = (image: string): string => JSON.parse(repo.read(PLATFORM_LOCK)).entries[`recipe:${image}`].version;
  const pinAt = (version: string) =>
    repo.edit(PLATFORM, BASTION_CLOUDWATCH, `      - shared: cloudwatch-agent\n        version: ${version}\n    tests:`);

  it('keeps the recipe on the pinned version, whose ARN it references, while the shared component moves on', () => {
    for (const n of [1, 2, 3]) release(n); // cloudwatch-agent 1.0.1, 1.0.2, 1.0.3
    pinAt('1.0.1').updateVersions().commitAll('bastion-host pins cloudwatch-agent 1.0.1');
    const pinned = recipeVersion('bastion-host');
    const containerHost = recipeVersion('container-host');

    release(4); // 1.0.4: container-host follows it, bastion-host stays
    expect(recipeVersion('bastion-host')).toBe(pinned);
    expect(recipeVersion('container-host')).not.toBe(containerHost);
    // The shared lock keeps the pinned version, so the lock alone (no git, a shallow clone) vouches for it.
    expect(JSON.parse(repo.read('components-yaml/versions.lock.json')).entries['component:cloudwatch-agent']).toMatchObject({
      version: '1.0.4',
      earlier: ['1.0.1'],
    });

    const fleet = repo.fleet();
    const stack = synthesize(fleet).platform!;
    const components = (image: string) =>
      resource(stack, 'aws_imagebuilder_image_recipe', image).component.map((c: { component_arn: string }) => c.component_arn);
    expect(components('bastion-host')).toContain('arn:aws:imagebuilder:eu-west-2:111111111111:component/platform-cloudwatch-agent/1.0.1');
    expect(components('container-host')).toContain('${aws_imagebuilder_component.component-cloudwatch-agent.arn}');
    const bastion = fleet.teams.find((t) => t.name === 'platform')!.images.find((i) => i.name === 'bastion-host')!;
    expect(bastion.recipe.amiTags['golden-ami:component:cloudwatch-agent']).toBe('1.0.1');
  });

  it('shows how far behind each pin is in every report format', () => {
    for (const n of [1, 2, 3]) release(n);
    pinAt('1.0.1').updateVersions().commitAll('bastion-host pins cloudwatch-agent 1.0.1');
    release(4);
    const fleet = repo.fleet();
    const line = 'cloudwatch-agent 1.0.1 pinned, current 1.0.4, 3 versions behind';
    expect(renderText(reportRows(fleet), 200)).toContain(line);
    expect(renderMarkdown(reportRows(fleet))).toContain(line);
    const bastion = reportData(fleet).find((r) => r.image === 'bastion-host')!;
    expect(bastion.components.find((c) => c.name === 'cloudwatch-agent')).toEqual({
      name: 'cloudwatch-agent',
      version: '1.0.1',
      managed: false,
      pinned: { current: '1.0.4', versionsBehind: 3 },
    });
    const current = reportData(fleet).find((r) => r.image === 'container-host')!;
    expect(current.components.find((c) => c.name === 'cloudwatch-agent')).toEqual({
      name: 'cloudwatch-agent',
      version: '1.0.4',
      managed: false,
    });
  });

  it('refuses a version the shared lock never recorded, at its line, naming the ones it did', () => {
    release(1);
    pinAt('1.0.7');
    const { fleet, problems } = loadVersionedFleet(repo.root);
    expect(fleet).toBeUndefined();
    const problem = problems.all.find((p) => p.path === 'images[1].components[3].version');
    expect(problem, formatProblems(problems.all)).toMatchObject({
      file: PLATFORM,
      message: 'shared component "cloudwatch-agent" never had version 1.0.7: its lock history records 1.0.0, 1.0.1',
      hint: expect.stringContaining('remove "version" to use the current one, 1.0.1'),
    });
  });

  it('caps how far behind a pin may fall (maxPinnedComponentVersionsBehind), unless the image waives pinned-component-age', () => {
    pinAt('1.0.0');
    for (const n of [1, 2, 3]) release(n); // the pin at 1.0.0 is 3 versions behind: the most allowed
    repo.edit(CLOUDWATCH_DOC, /^description: .*$/m, `${DESCRIPTION} (release 4).`);
    const refused = loadVersionedFleet(repo.root);
    expect(refused.problems.all.find((p) => p.path === 'images[1].components[3].version')).toMatchObject({
      message: 'shared component "cloudwatch-agent" pinned at 1.0.0 is 4 versions behind 1.0.4, more than the platform maximum of 3',
      hint: expect.stringContaining('pinned-component-age'),
    });

    repo.edit('cdktf.json', '"logBucket"', '"maxPinnedComponentVersionsBehind": 4, "logBucket"');
    expect(loadVersionedFleet(repo.root).problems.hasErrors()).toBe(false);

    repo.edit('cdktf.json', '"maxPinnedComponentVersionsBehind": 4, ', '');
    repo.edit(
      PLATFORM,
      '    amiName: museum-bastion',
      '    exceptions:\n      - check: pinned-component-age\n        reason: the agent 1.0.1 config breaks our bastion log shipping\n    amiName: museum-bastion',
    );
    repo.updateVersions();
    const fleet = repo.fleet();
    const { violations, waived } = checkPolicies(synthesizeForPolicies(fleet), fleet);
    expect(violations).toEqual([]);
    expect(waived.filter((v) => v.check === 'pinned-component-age').map((v) => [v.stack, v.message])).toEqual([
      ['platform', 'cloudwatch-agent is pinned at 1.0.0, 4 versions behind 1.0.4'],
    ]);
  });
});
