/** On-demand pipelines, AMI names and the less common recipe settings, as the synthesised stacks hold them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { synthesizeAndCheck } from '../src/synthesis/pipeline.js';
import { checkPolicies } from '../src/checks/engine.js';
import type { SynthesizedStack } from '../src/checks/synthesized.js';
import { renderText, reportRows } from '../src/workflows/fleet-report.js';
import type { Fleet } from '../src/model/fleet/fleet.js';
import { FixtureRepo, resource, sharedExample, synthesize } from './support/fixture.js';

const PLATFORM = 'teams/platform/team.yaml';
const CRON = '      cron: cron(0 3 1 * ? *)\n';
const CONTAINER_TYPES = '    instanceTypes: [m7i.large, m6i.large]\n';
const WAIVER = '    exceptions:\n      - check: rebuild-cadence\n        reason: built from CI when the vendor certifies a release\n';

describe('image settings', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const platformStack = () => synthesize(repo.fleet()).platform!;
  const containerHostIn = (fleet: Fleet) => fleet.teams.find((t) => t.name === 'platform')!.images[0]!;
  /** The container host image as the test edited it. */
  const containerHost = () => containerHostIn(repo.fleet());
  /** The container host image of the unedited example. */
  const exampleContainerHost = () => containerHostIn(sharedExample().fleet);

  describe('on-demand pipelines', () => {
    const onDemand = () =>
      repo.edit(PLATFORM, CRON, '      onDemand: true\n').edit(PLATFORM, CONTAINER_TYPES, `${CONTAINER_TYPES}${WAIVER}`);

    it('have no schedule block, and the report shows them as on demand', () => {
      onDemand();
      const pipeline = resource(platformStack(), 'aws_imagebuilder_image_pipeline', 'container-host');
      expect(pipeline.schedule).toBeUndefined();
      expect(pipeline.status).toBe('ENABLED');
      expect(resource(platformStack(), 'aws_imagebuilder_image_pipeline', 'bastion-host').schedule).toMatchObject({
        schedule_expression: 'cron(0 0 1 * ? *)',
      });
      const row = reportRows(repo.fleet()).find((r) => r[1]![0] === 'container-host')!;
      // The example's container-host also rebuilds on critical findings.
      expect(row[4]).toEqual([
        'on demand',
        'no schedule: started from the console, CLI or CI',
        'rebuilds on critical findings with a fix (at most daily)',
      ]);
      expect(renderText(reportRows(repo.fleet()))).toContain('rebuild-cadence: built from CI when the vendor certifies a release');
    });

    it('pass the policy check on the JSON only with the rebuild-cadence waiver', async () => {
      onDemand();
      const outdir = mkdtempSync(join(tmpdir(), 'golden-ami-on-demand-'));
      try {
        const fleet = repo.fleet();
        const { violations, waived } = await synthesizeAndCheck(fleet, outdir);
        expect(violations).toEqual([]);
        const mine = waived.filter((w) => w.stack === 'platform');
        expect(mine).toEqual([
          expect.objectContaining({ check: 'rebuild-cadence', message: 'the pipeline has no schedule: it builds only when started' }),
        ]);
        // The same JSON for an image without the waiver is a violation.
        const stacks: SynthesizedStack[] = [{ name: 'platform', json: JSON.parse(synthesize(fleet).platform!) }];
        fleet.teams.find((t) => t.name === 'platform')!.images[0]!.waivers = [];
        expect(checkPolicies(stacks, fleet).violations.map((v) => [v.check, v.message])).toEqual([
          ['rebuild-cadence', 'the pipeline has no schedule: it builds only when started'],
        ]);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    });

    it('keep the recipe version: the schedule is a pipeline setting', () => {
      const before = exampleContainerHost().recipeVersion;
      onDemand();
      expect(containerHost().recipeVersion).toBe(before);
    });
  });

  describe('AMI names', () => {
    const names = (stack: string) =>
      resource(stack, 'aws_imagebuilder_distribution_configuration', 'container-host').distribution.map((d: any) => [
        d.region,
        d.ami_distribution_configuration.name,
      ]);

    it('default to <team>-<image>-{{ imagebuilder:buildDate }}', () => {
      expect(names(sharedExample().stacks.platform!)).toEqual([
        ['eu-west-2', 'platform-container-host-{{ imagebuilder:buildDate }}'],
        ['eu-west-1', 'platform-container-host-{{ imagebuilder:buildDate }}'],
      ]);
    });

    it("follow the image amiName, and a region's own where it has one", () => {
      repo
        .edit(PLATFORM, CONTAINER_TYPES, `${CONTAINER_TYPES}    amiName: museum-ecs-host-{{ imagebuilder:buildDate }}\n`)
        .edit(
          PLATFORM,
          '      - region: eu-west-1\n',
          '      - region: eu-west-1\n        amiName: museum-ecs-host-dr-{{ imagebuilder:buildVersion }}\n',
        );
      expect(names(platformStack())).toEqual([
        ['eu-west-2', 'museum-ecs-host-{{ imagebuilder:buildDate }}'],
        ['eu-west-1', 'museum-ecs-host-dr-{{ imagebuilder:buildVersion }}'],
      ]);
      expect(
        resource(platformStack(), 'aws_imagebuilder_distribution_configuration', 'bastion-host').distribution[0]
          .ami_distribution_configuration.name,
      ).toBe('museum-bastion-al2023-{{ imagebuilder:buildDate }}');
    });

    it('keep the recipe version: distribution settings update in place', () => {
      const before = exampleContainerHost().recipeVersion;
      repo.edit(PLATFORM, CONTAINER_TYPES, `${CONTAINER_TYPES}    amiName: museum-ecs-host-{{ imagebuilder:buildDate }}\n`);
      expect(containerHost().recipeVersion).toBe(before);
    });
  });

  describe('recipe settings', () => {
    const USER_DATA = '#!/bin/bash\necho "${HOME} %{x} café" > /etc/motd\n';

    it('send user data base64-encoded byte for byte, the working directory and the snapshot', () => {
      repo
        .edit(PLATFORM, CONTAINER_TYPES, `${CONTAINER_TYPES}    userData: ${JSON.stringify(USER_DATA)}\n    workingDirectory: /opt/build\n`)
        .edit(PLATFORM, '        type: gp3\n', '        type: gp3\n        snapshotId: snap-0123456789abcdef0\n');
      const recipe = resource(platformStack(), 'aws_imagebuilder_image_recipe', 'container-host');
      expect(Buffer.from(recipe.user_data_base64, 'base64').toString('utf8')).toBe(USER_DATA);
      expect(recipe.working_directory).toBe('/opt/build');
      expect(recipe.block_device_mapping[0].ebs).toMatchObject({
        snapshot_id: 'snap-0123456789abcdef0',
        encrypted: 'true',
        volume_size: 40,
      });
    });

    it('leave the recipe without them by default', () => {
      const recipe = resource(sharedExample().stacks.platform!, 'aws_imagebuilder_image_recipe', 'container-host');
      expect(recipe.user_data_base64).toBeUndefined();
      expect(recipe.working_directory).toBeUndefined();
      expect(recipe.block_device_mapping[0].ebs.snapshot_id).toBeUndefined();
    });

    it.each([
      ['user data', `    userData: "#!/bin/bash\\necho hello\\n"\n`],
      ['working directory', '    workingDirectory: /opt/build\n'],
    ])('bump the recipe version when the %s changes (the recipe is replaced)', (_, setting) => {
      const before = exampleContainerHost().recipeVersion;
      repo.edit(PLATFORM, CONTAINER_TYPES, `${CONTAINER_TYPES}${setting}`);
      expect(containerHost().recipeVersion).not.toBe(before);
    });

    it('bump the recipe version when a volume starts from a snapshot', () => {
      const before = exampleContainerHost().recipeVersion;
      repo.edit(PLATFORM, '        type: gp3\n', '        type: gp3\n        snapshotId: snap-0123456789abcdef0\n');
      expect(containerHost().recipeVersion).not.toBe(before);
    });

    it('set the instance metadata hop limit on the infrastructure, in place', () => {
      const before = exampleContainerHost().recipeVersion;
      repo.edit(PLATFORM, 'instanceMetadataHopLimit: 2', 'instanceMetadataHopLimit: 3');
      expect(containerHost().recipeVersion).toBe(before);
      const infrastructure = resource(platformStack(), 'aws_imagebuilder_infrastructure_configuration', 'container-host');
      expect(infrastructure.instance_metadata_options).toEqual({ http_tokens: 'required', http_put_response_hop_limit: 3 });
    });
  });
});
