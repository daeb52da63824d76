/**
 * A change replaces exactly what it must: synthesise, change one input, run the versions
 * command, synthesise again, and compare the two outputs resource by resource.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixtureRepo, resources, synthesize } from '../support/fixture.js';

type Stacks = Record<string, string>;

/** `team: type.id` of every resource whose synthesised arguments differ between two runs. */
function changedResources(before: Stacks, after: Stacks): string[] {
  const changed: string[] = [];
  for (const team of Object.keys({ ...before, ...after })) {
    const [old, now] = [JSON.parse(before[team] ?? '{}').resource ?? {}, JSON.parse(after[team] ?? '{}').resource ?? {}];
    for (const type of new Set([...Object.keys(old), ...Object.keys(now)])) {
      for (const id of new Set([...Object.keys(old[type] ?? {}), ...Object.keys(now[type] ?? {})])) {
        if (JSON.stringify(old[type]?.[id]) !== JSON.stringify(now[type]?.[id])) changed.push(`${team}: ${type}.${id}`);
      }
    }
  }
  return changed.sort();
}

/** The synthesised versions of the changed components and recipes, by name. */
function versionsOf(stacks: Stacks, changed: string[]): Record<string, string> {
  return Object.fromEntries(
    changed
      .filter((entry) => /_component\.|_recipe\./.test(entry))
      .map((entry) => {
        const [team, address] = entry.split(': ') as [string, string];
        const [type, id] = address.split('.') as [string, string];
        const resource = resources(stacks[team]!, type)[id]!;
        return [resource.name, resource.version];
      }),
  );
}

/** The pipeline that builds a recipe must reference it, so Terraform updates it in place. */
function pipelineRecipeReference(stacks: Stacks, team: string, image: string): string {
  const pipeline = Object.entries(resources(stacks[team]!, 'aws_imagebuilder_image_pipeline')).find(
    ([, p]) => p.name === `${team}-${image}`,
  )![1];
  return pipeline.image_recipe_arn;
}

describe('minimal change', () => {
  let repo: FixtureRepo;
  let before: Stacks;

  beforeEach(() => {
    repo = new FixtureRepo();
    before = synthesize(repo.fleet());
  });
  afterEach(() => repo.dispose());

  function afterChange(change: (repo: FixtureRepo) => void): { after: Stacks; changed: string[] } {
    change(repo);
    repo.updateVersions();
    const after = synthesize(repo.fleet());
    return { after, changed: changedResources(before, after) };
  }

  it('a shared component change: one new component version per team using it, one new recipe version per image using it', () => {
    const { after, changed } = afterChange((r) =>
      r.edit('components-yaml/ssm-agent.yaml', 'description: Ensures amazon-ssm-agent', 'description: Makes sure amazon-ssm-agent'),
    );
    expect(changed).toEqual([
      'collections: aws_imagebuilder_component.component-ssm-agent',
      expect.stringMatching(/^collections: aws_imagebuilder_image_recipe\.image-iiif-server_recipe_\w+$/),
      // The image's lifecycle policy updates in place to select the new recipe version too.
      expect.stringMatching(/^collections: aws_imagebuilder_lifecycle_policy\.lifecycle_policy-iiif-server_\w+$/),
      'platform: aws_imagebuilder_component.component-ssm-agent',
      expect.stringMatching(/^platform: aws_imagebuilder_image_recipe\.image-bastion-host_recipe_\w+$/),
      expect.stringMatching(/^platform: aws_imagebuilder_image_recipe\.image-container-host_recipe_\w+$/),
      expect.stringMatching(/^platform: aws_imagebuilder_lifecycle_policy\.lifecycle_policy-bastion-host_\w+$/),
      expect.stringMatching(/^platform: aws_imagebuilder_lifecycle_policy\.lifecycle_policy-container-host_\w+$/),
    ]);
    expect(versionsOf(after, changed)).toEqual({
      'collections-ssm-agent': '1.0.1',
      'collections-iiif-server': '1.0.1',
      'platform-ssm-agent': '1.0.1',
      'platform-bastion-host': '1.0.1',
      'platform-container-host': '1.0.1',
    });
    for (const [team, image] of [
      ['collections', 'iiif-server'],
      ['platform', 'bastion-host'],
      ['platform', 'container-host'],
    ] as const) {
      const recipeId = changed.find((c) => c.startsWith(`${team}: aws_imagebuilder_image_recipe.image-${image}_`))!.split('.')[1]!;
      expect(pipelineRecipeReference(after, team, image)).toBe(`\${aws_imagebuilder_image_recipe.${recipeId}.arn}`);
    }
  });

  it('a team-local component change: that component and the recipe using it, in that team only', () => {
    const { after, changed } = afterChange((r) =>
      r.edit('teams/collections/components/iiif-image-server.yaml', /default: '20'/, "default: '25'"),
    );
    expect(changed).toEqual([
      'collections: aws_imagebuilder_component.component-iiif-image-server',
      expect.stringMatching(/^collections: aws_imagebuilder_image_recipe\.image-iiif-server_recipe_\w+$/),
      expect.stringMatching(/^collections: aws_imagebuilder_lifecycle_policy\.lifecycle_policy-iiif-server_\w+$/),
    ]);
    expect(versionsOf(after, changed)).toEqual({ 'collections-iiif-image-server': '1.0.1', 'collections-iiif-server': '1.0.1' });
  });

  it("a change to one image's distribution: that distribution only, no component and no recipe", () => {
    const { changed } = afterChange((r) =>
      r.edit(
        'teams/platform/team.yaml',
        'accounts: [collections-prod, web-prod]',
        'accounts: [collections-prod, collections-staging, web-prod]',
      ),
    );
    expect(changed).toEqual([
      expect.stringMatching(/^platform: aws_imagebuilder_distribution_configuration\.image-container-host_distribution_\w+$/),
    ]);
  });
});
