/** Team and image tags reach the AMIs, the Image Builder resources and the build instances, and never a new version. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { COLLECTIONS, KIOSK_NEVER_DEPRECATED, PLATFORM } from './support/bad-input.js';
import { FixtureRepo, resource, resources, sharedExample, synthesize } from './support/fixture.js';

const TEAM_TAGS = { CostCentre: 'digital-collections', DataClassification: 'public' };
const KIOSK_TAGS = { ...TEAM_TAGS, Service: 'gallery-kiosk' };

describe('tags', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  /** The collections stack of the repository as the test edited it. */
  const collections = () => synthesize(repo.fleet()).collections!;
  /** The unedited example's collections stack. */
  const exampleCollections = () => sharedExample().stacks.collections!;

  it('tag every Image Builder resource of an image with the team tags and the image tags', () => {
    // The example keeps the kiosk's AMIs for good, without a lifecycle policy: a number of days gives it one to check.
    repo.edit(COLLECTIONS, KIOSK_NEVER_DEPRECATED, '      deprecateAfterDays: 90\n');
    const stack = collections();
    for (const type of [
      'aws_imagebuilder_image_recipe',
      'aws_imagebuilder_infrastructure_configuration',
      'aws_imagebuilder_distribution_configuration',
      'aws_imagebuilder_image_pipeline',
      'aws_imagebuilder_lifecycle_policy',
    ]) {
      expect(resource(stack, type, 'gallery-kiosk').tags, type).toEqual(KIOSK_TAGS);
      expect(resource(stack, type, 'iiif-server').tags, type).toEqual(TEAM_TAGS);
    }
  });

  it('tag components, which serve every image of the team, with the team tags', () => {
    for (const component of Object.values(resources(exampleCollections(), 'aws_imagebuilder_component')))
      expect(component.tags).toEqual(TEAM_TAGS);
  });

  it('tag the AMI through the distribution (in place), beside the audit tags, and not through the recipe', () => {
    const stack = exampleCollections();
    const amiTags = resource(stack, 'aws_imagebuilder_distribution_configuration', 'gallery-kiosk').distribution[0]
      .ami_distribution_configuration.ami_tags;
    expect(amiTags).toMatchObject({ ...KIOSK_TAGS, 'golden-ami:team': 'collections', 'golden-ami:image': 'gallery-kiosk' });
    expect(
      Object.keys(resource(stack, 'aws_imagebuilder_image_recipe', 'gallery-kiosk').ami_tags).every((key) => key.startsWith('golden-ami:')),
    ).toBe(true);
  });

  it('tag the build instances, with Team and Image set by the stack', () => {
    const infrastructure = resource(exampleCollections(), 'aws_imagebuilder_infrastructure_configuration', 'gallery-kiosk');
    expect(infrastructure.resource_tags).toEqual({ ...KIOSK_TAGS, Team: 'collections', Image: 'gallery-kiosk' });
  });

  it('let an image tag win over a team tag of the same key', () => {
    repo.edit(COLLECTIONS, '      Service: gallery-kiosk', '      Service: gallery-kiosk\n      DataClassification: internal');
    expect(resource(collections(), 'aws_imagebuilder_image_pipeline', 'gallery-kiosk').tags).toEqual({
      ...KIOSK_TAGS,
      DataClassification: 'internal',
    });
  });

  it('leave out the tags argument where a team has none (the provider default_tags still apply)', () => {
    const stack = sharedExample().stacks.platform!;
    expect(resource(stack, 'aws_imagebuilder_image_pipeline', 'container-host').tags).toBeUndefined();
    expect(JSON.parse(stack).provider.aws[0].default_tags[0].tags).toEqual({
      Team: 'platform',
      Source: 'teams/platform',
      ManagedBy: 'golden-ami-pipelines',
    });
  });

  it('put a tag whose value holds a build variable on the AMIs only, where Image Builder fills it in', () => {
    repo.edit(
      COLLECTIONS,
      '      Service: gallery-kiosk',
      '      Service: gallery-kiosk\n      Label: "kiosk_{{ imagebuilder:buildDate }}_{{imagebuilder:buildVersion}}"',
    );
    const stack = collections();
    const amiTags = resource(stack, 'aws_imagebuilder_distribution_configuration', 'gallery-kiosk').distribution[0]
      .ami_distribution_configuration.ami_tags;
    expect(amiTags.Label).toBe('kiosk_{{ imagebuilder:buildDate }}_{{imagebuilder:buildVersion}}');
    // Anywhere else the braces would stay as written, so the tag is left off there.
    expect(resource(stack, 'aws_imagebuilder_image_pipeline', 'gallery-kiosk').tags).toEqual(KIOSK_TAGS);
    expect(resource(stack, 'aws_imagebuilder_infrastructure_configuration', 'gallery-kiosk').resource_tags).toEqual({
      ...KIOSK_TAGS,
      Team: 'collections',
      Image: 'gallery-kiosk',
    });
  });

  it("put a team tag with a build variable on every image's AMIs, and on no team-wide resource", () => {
    repo.edit(COLLECTIONS, 'DataClassification: public', 'DataClassification: public\n  Built: "{{ imagebuilder:buildDate }}"');
    const stack = collections();
    for (const image of ['gallery-kiosk', 'iiif-server']) {
      expect(
        resource(stack, 'aws_imagebuilder_distribution_configuration', image).distribution[0].ami_distribution_configuration.ami_tags.Built,
      ).toBe('{{ imagebuilder:buildDate }}');
    }
    for (const component of Object.values(resources(stack, 'aws_imagebuilder_component'))) expect(component.tags).toEqual(TEAM_TAGS);
  });

  it('never bump a component or recipe version when tags change', () => {
    repo.edit(COLLECTIONS, 'CostCentre: digital-collections', 'CostCentre: museum-wide');
    repo.edit(COLLECTIONS, '      Service: gallery-kiosk', '      Service: kiosk\n      Owner: gallery-team');
    repo.edit(PLATFORM, 'notifications:', 'tags:\n  CostCentre: platform-engineering\nnotifications:');
    const { plan, problems } = loadVersionedFleet(repo.root);
    expect(problems.errors).toEqual([]);
    expect(plan!.bumps).toEqual([]);
    expect(plan!.staleLocks).toEqual([]);
  });
});
