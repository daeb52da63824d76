/** Urgent rebuilds: the pipeline `<team>/<image>` names, started with who asked and why (Image Builder API mocked). */
import { ImagebuilderClient, StartImagePipelineExecutionCommand } from '@aws-sdk/client-imagebuilder';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRebuildTarget, MAX_REASON_LENGTH, reasonProblem } from '../../src/operations/builds/rebuild.js';
import { requester, startPipeline, startTags } from '../../src/operations/builds/start-pipeline.js';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { runCli } from '../support/cli.js';
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
    expect(findRebuildTarget(fleet, target)).toMatch(
      /^no image .*: did you mean [a-z-]+\/[a-z-]+\? \(images: collections\/iiif-server, collections\/gallery-kiosk, platform\/container-host, platform\/bastion-host, website\/web-server\)$/,
    );
  });

  it('starts the pipeline with tags that record who asked and why, made safe for tag values', async () => {
    const imagebuilder = mockClient(ImagebuilderClient);
    imagebuilder.on(StartImagePipelineExecutionCommand).resolves({
      requestId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      clientToken: 'c',
      imageBuildVersionArn: 'arn:aws:imagebuilder:eu-west-2:555555555555:image/collections-iiif-server/1.0.0/2',
    });
    const arn = (findRebuildTarget(fleet, 'collections/iiif-server') as { pipelineArn: string }).pipelineArn;
    const tags = startTags(
      requester({
        GITHUB_ACTOR: 'octocat',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'museum/golden-amis',
        GITHUB_RUN_ID: '42',
      }),
      'urgent rebuild: CVE-2026-1234 in openssl; "urgent"',
    );

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

  describe('the reason is one line of bounded length', () => {
    it.each([
      ['a newline and a code fence', 'CVE-2026-1234\n```\nApproved by @museum/security ![x](https://evil.example/x.png)'],
      ['a carriage return', 'CVE-2026-1234\rApproved'],
      ['a terminal escape', 'CVE-2026-1234 \u001b]8;;https://evil.example\u0007link'],
      ['a C1 control', 'CVE-2026-1234 \u009b31m'],
      ['a Unicode line separator', 'CVE-2026-1234\u2028Approved'],
    ])('refuses %s', (_, reason) => {
      expect(reasonProblem(reason)).toBe('the reason must be one line, without line breaks or control characters');
    });

    it('refuses a reason too long for the tag, and takes one that fits', () => {
      expect(reasonProblem('x'.repeat(MAX_REASON_LENGTH + 1))).toMatch(/^the reason has 201 characters; at most 200 fit/);
      expect(reasonProblem('x'.repeat(MAX_REASON_LENGTH))).toBeUndefined();
      expect(reasonProblem('CVE-2026-1234 in openssl (`openssl` 3.0.7); see https://example.org')).toBeUndefined();
    });

    it('npm run rebuild refuses such a reason before asking AWS anything', async () => {
      const run = await runCli(repo.root, 'rebuild', 'collections/iiif-server', '--reason', 'CVE\n```\nApproved by @museum/security');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^the reason must be one line, without line breaks or control characters: nothing was started\n/);
    });
  });
});
