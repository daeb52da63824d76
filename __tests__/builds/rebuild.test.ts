/** Urgent rebuilds: the pipeline `<team>/<image>` names, started with who asked and why (Image Builder API mocked). */
import { ImagebuilderClient, StartImagePipelineExecutionCommand } from '@aws-sdk/client-imagebuilder';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRebuildTarget } from '../../src/builds/rebuild.js';
import { requester, startPipeline, startTags } from '../../src/builds/start-pipeline.js';
import type { Fleet } from '../../src/fleet/model.js';
import { FixtureRepo } from '../support/fixture.js';

describe('npm run rebuild', () => {
  let repo: FixtureRepo;
  let fleet: Fleet;
  beforeAll(() => {
    repo = new FixtureRepo();
    fleet = repo.fleet();
  });
  afterAll(() => repo.dispose());

  it("finds the image's pipeline in its team's build account and region", () => {
    expect(findRebuildTarget(fleet, 'collections/iiif-server')).toMatchObject({
      pipelineArn: 'arn:aws:imagebuilder:eu-west-2:555555555555:image-pipeline/collections-iiif-server',
    });
  });

  it.each(['collections/iiif', 'platform', 'a/b/c'])('names the images when %s names none', (target) => {
    expect(findRebuildTarget(fleet, target)).toMatch(/^no image .*: did you mean [a-z-]+\/[a-z-]+\? \(images: collections\/iiif-server, collections\/gallery-kiosk, platform\/container-host, platform\/bastion-host\)$/);
  });

  it('starts the pipeline with tags that record who asked and why, made safe for tag values', async () => {
    const imagebuilder = mockClient(ImagebuilderClient);
    imagebuilder.on(StartImagePipelineExecutionCommand).resolves({
      requestId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      clientToken: 'c',
      imageBuildVersionArn: 'arn:aws:imagebuilder:eu-west-2:555555555555:image/collections-iiif-server/1.0.0/2',
    });
    const arn = (findRebuildTarget(fleet, 'collections/iiif-server') as { pipelineArn: string }).pipelineArn;
    const tags = startTags(requester({ GITHUB_ACTOR: 'octocat', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'museum/golden-amis', GITHUB_RUN_ID: '42' }), 'urgent rebuild: CVE-2026-1234 in openssl; "urgent"');

    const imageArn = await startPipeline(new ImagebuilderClient({ region: 'eu-west-2' }), arn, tags);

    expect(imageArn).toBe('arn:aws:imagebuilder:eu-west-2:555555555555:image/collections-iiif-server/1.0.0/2');
    expect(imagebuilder.commandCalls(StartImagePipelineExecutionCommand)[0]!.args[0].input).toEqual({
      imagePipelineArn: arn,
      tags: {
        'golden-ami:started-by': 'octocat  https://github.com/museum/golden-amis/actions/runs/42 ',
        'golden-ami:start-reason': 'urgent rebuild: CVE-2026-1234 in openssl   urgent ',
      },
    });
    imagebuilder.restore();
  });
});
