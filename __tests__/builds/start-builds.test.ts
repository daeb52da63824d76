/**
 * Starting builds after a deploy, against a mocked Image Builder API (aws-sdk-client-mock);
 * responses are shaped as the API reference documents ListImagePipelineImages and
 * StartImagePipelineExecution.
 */
import {
  ImagebuilderClient,
  ListImagePipelineImagesCommand,
  StartImagePipelineExecutionCommand,
  type ImageSummary,
} from '@aws-sdk/client-imagebuilder';
import { mockClient } from 'aws-sdk-client-mock';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildsOnDeploy, BUILDS_ON_DEPLOY_OUTPUT } from '../../src/model/deploy-outputs.js';
import { checkBuildsOnDeploy } from '../../src/operations/builds/outputs-check.js';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { runCli } from '../support/cli.js';
import { FixtureRepo } from '../support/fixture.js';
import { buildClientToken, formatBuildStart, startBuildsOnDeploy } from '../../src/operations/builds/start-builds.js';

const ACCOUNT = '111111111111';
const pipelineArn = (image: string) => `arn:aws:imagebuilder:eu-west-2:${ACCOUNT}:image-pipeline/web-${image}`;
const recipeArn = (image: string, version: string) => `arn:aws:imagebuilder:eu-west-2:${ACCOUNT}:image-recipe/web-${image}/${version}`;
const imageArn = (image: string, version: string, build: number) =>
  `arn:aws:imagebuilder:eu-west-2:${ACCOUNT}:image/web-${image}/${version}/${build}`;

function summary(image: string, version: string, build: number, status: string): ImageSummary {
  return {
    arn: imageArn(image, version, build),
    name: `web-${image}`,
    type: 'AMI',
    version: `${version}/${build}`,
    platform: 'Linux',
    owner: ACCOUNT,
    dateCreated: '2026-11-30T10:00:00.000Z',
    state: { status: status as NonNullable<ImageSummary['state']>['status'] },
    buildType: 'USER_INITIATED',
  };
}

const imagebuilder = mockClient(ImagebuilderClient);
afterEach(() => imagebuilder.reset());
afterAll(() => imagebuilder.restore());

const options = () => ({ clientFor: () => new ImagebuilderClient({ region: 'eu-west-2' }), tags: { 'golden-ami:started-by': 'test' } });

describe('start-builds after a deploy', () => {
  it('starts a build when the deployed recipe version has no image, with an idempotency token of that version', async () => {
    imagebuilder
      .on(ListImagePipelineImagesCommand)
      .resolves({ requestId: 'r1', imageSummaryList: [summary('api', '1.0.0', 1, 'AVAILABLE')] });
    imagebuilder
      .on(StartImagePipelineExecutionCommand)
      .resolves({ requestId: 'r2', clientToken: 't', imageBuildVersionArn: imageArn('api', '1.1.0', 1) });

    const clientFor = vi.fn(() => new ImagebuilderClient({ region: 'eu-west-2' }));
    const results = await startBuildsOnDeploy(
      new Map([['api', { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '1.1.0') }]]),
      { ...options(), clientFor },
    );

    expect(results).toEqual([{ image: 'api', recipeVersion: '1.1.0', outcome: 'started', imageArn: imageArn('api', '1.1.0', 1) }]);
    // The client is made for the pipeline's own region and account (whose deploy role it assumes).
    expect(clientFor).toHaveBeenCalledWith('eu-west-2', ACCOUNT);
    const start = imagebuilder.commandCalls(StartImagePipelineExecutionCommand)[0]!.args[0].input;
    expect(start).toEqual({
      imagePipelineArn: pipelineArn('api'),
      clientToken: buildClientToken(recipeArn('api', '1.1.0')),
      tags: { 'golden-ami:started-by': 'test' },
    });
    expect(start.clientToken!.length).toBeLessThanOrEqual(64);
  });

  it('starts nothing when an image of the recipe version exists in any state, found on a later page', async () => {
    imagebuilder
      .on(ListImagePipelineImagesCommand, { imagePipelineArn: pipelineArn('api') })
      .resolvesOnce({ imageSummaryList: [summary('api', '1.0.0', 1, 'AVAILABLE')], nextToken: 'page-2' })
      .resolvesOnce({ imageSummaryList: [summary('api', '1.1.0', 1, 'BUILDING')] });

    const results = await startBuildsOnDeploy(
      new Map([['api', { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '1.1.0') }]]),
      options(),
    );

    expect(results[0]).toMatchObject({ outcome: 'already built', status: 'BUILDING' });
    // The SDK's paginator reuses one input object, so only the last call's token can be seen.
    const calls = imagebuilder.commandCalls(ListImagePipelineImagesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.nextToken).toBe('page-2');
    expect(imagebuilder.commandCalls(StartImagePipelineExecutionCommand)).toHaveLength(0);
  });

  it('does not take a build of another version with the same prefix for the deployed one', async () => {
    imagebuilder.on(ListImagePipelineImagesCommand).resolves({ imageSummaryList: [summary('api', '1.1.0', 1, 'AVAILABLE')] });
    imagebuilder.on(StartImagePipelineExecutionCommand).resolves({ imageBuildVersionArn: imageArn('api', '1.1.1', 1) });

    const results = await startBuildsOnDeploy(
      new Map([['api', { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '1.1.1') }]]),
      options(),
    );

    expect(results[0]!.outcome).toBe('started');
  });

  it('a dry run lists the build it would start and starts none', async () => {
    imagebuilder.on(ListImagePipelineImagesCommand).resolves({ imageSummaryList: [] });

    const results = await startBuildsOnDeploy(
      new Map([['api', { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '2.0.0') }]]),
      { ...options(), dryRun: true },
    );

    expect(results[0]!.outcome).toBe('would start');
    expect(imagebuilder.commandCalls(StartImagePipelineExecutionCommand)).toHaveLength(0);
  });

  it('reports access denied for one image with the permissions to grant, and still starts the others', async () => {
    const denied = Object.assign(
      new Error(
        'User: arn:aws:sts::111111111111:assumed-role/golden-ami-deployer/x is not authorized to perform: imagebuilder:ListImagePipelineImages',
      ),
      {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      },
    );
    imagebuilder.on(ListImagePipelineImagesCommand, { imagePipelineArn: pipelineArn('api') }).rejects(denied);
    imagebuilder.on(ListImagePipelineImagesCommand, { imagePipelineArn: pipelineArn('worker') }).resolves({ imageSummaryList: [] });
    imagebuilder.on(StartImagePipelineExecutionCommand).resolves({ imageBuildVersionArn: imageArn('worker', '1.0.0', 1) });

    const results = await startBuildsOnDeploy(
      new Map([
        ['worker', { pipeline_arn: pipelineArn('worker'), recipe_arn: recipeArn('worker', '1.0.0') }],
        ['api', { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '1.1.0') }],
      ]),
      options(),
    );

    expect(results.map((r) => [r.image, r.outcome])).toEqual([
      ['api', 'failed'],
      ['worker', 'started'],
    ]);
    expect(formatBuildStart(results[0]!)).toMatch(
      /^api 1\.1\.0: FAILED AccessDeniedException: .*imagebuilder:StartImagePipelineExecution\)$/,
    );
  });
});

describe('start-builds against hostile Image Builder responses', () => {
  it('reports a repeated nextToken as a failure of that image, after a bounded number of calls', async () => {
    imagebuilder
      .on(ListImagePipelineImagesCommand)
      .resolves({ imageSummaryList: [summary('api', '1.0.0', 1, 'AVAILABLE')], nextToken: 'again' });
    const results = await startBuildsOnDeploy(
      new Map([['api', { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '1.1.0') }]]),
      options(),
    );
    expect(imagebuilder.commandCalls(ListImagePipelineImagesCommand)).toHaveLength(2);
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/^PagingError: imagebuilder:ListImagePipelineImages returned a paging token it had already returned/),
    });
    expect(imagebuilder.commandCalls(StartImagePipelineExecutionCommand)).toHaveLength(0);
  });

  it('prints what AWS returned without escape sequences or control characters', async () => {
    imagebuilder.on(ListImagePipelineImagesCommand).resolves({ imageSummaryList: [] });
    imagebuilder
      .on(StartImagePipelineExecutionCommand)
      .resolves({ imageBuildVersionArn: `${imageArn('api', '1.1.0', 1)}\u001b]0;pwned\u0007\n\u001b[2J` });
    const results = await startBuildsOnDeploy(
      new Map([['api', { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '1.1.0') }]]),
      options(),
    );
    expect(formatBuildStart(results[0]!)).toBe(`api 1.1.0: started ${imageArn('api', '1.1.0', 1)} `);
  });
});

describe('the builds-on-deploy output of a cdktf outputs file', () => {
  const entry = { pipeline_arn: pipelineArn('api'), recipe_arn: recipeArn('api', '1.0.0') };

  it('reads the images of the stack', () => {
    const text = JSON.stringify({ web: { [BUILDS_ON_DEPLOY_OUTPUT]: { api: entry }, 'image-api-pipeline-arn': entry.pipeline_arn } });
    expect(buildsOnDeploy(text, 'outputs.json', 'web')).toEqual(new Map([['api', entry]]));
  });

  it.each([
    ['not JSON', '{', /outputs\.json is not JSON/],
    ['another stack only', JSON.stringify({ data: {} }), /no outputs of stack "web" \(it has: data\)/],
    [
      'a malformed output',
      JSON.stringify({ web: { [BUILDS_ON_DEPLOY_OUTPUT]: { api: 'arn' } } }),
      /is not \{ "<image>": \{ pipeline_arn, recipe_arn \} \}/,
    ],
  ])('explains a file with %s', (_, text, message) => {
    expect(buildsOnDeploy(text, 'outputs.json', 'web')).toMatch(message);
  });
});

describe('the outputs file is checked against the fleet model before anything starts', () => {
  let repo: FixtureRepo;
  let fleet: Fleet;
  beforeAll(() => {
    repo = new FixtureRepo();
    fleet = repo.fleet();
  });
  afterAll(() => repo.dispose());

  const team = (name: string) => fleet.teams.find((candidate) => candidate.name === name)!;
  /** The entry the collections stack really writes for its image. */
  const own = () => {
    const collections = team('collections');
    const image = collections.images.find((candidate) => candidate.name === 'iiif-server')!;
    const at = `arn:aws:imagebuilder:${collections.region}:${collections.account.id}`;
    return {
      pipeline_arn: `${at}:image-pipeline/collections-iiif-server`,
      recipe_arn: `${at}:image-recipe/collections-iiif-server/${image.recipeVersion}`,
    };
  };

  it("takes the stack's own images as the fleet model derives them", () => {
    const entries = new Map([['iiif-server', own()]]);
    expect(checkBuildsOnDeploy(entries, team('collections'), 'outputs.json')).toEqual({ targets: entries, errors: [] });
  });

  it.each([
    [
      "another team's pipeline, in its account",
      'iiif-server',
      () => ({ ...own(), pipeline_arn: 'arn:aws:imagebuilder:eu-west-2:666666666666:image-pipeline/platform-container-host' }),
      /entry "iiif-server" of stack "collections": pipeline_arn is "arn:aws:imagebuilder:eu-west-2:666666666666:image-pipeline\/platform-container-host", but the team's image is arn:aws:imagebuilder:eu-west-2:555555555555:image-pipeline\/collections-iiif-server/,
    ],
    [
      'its own pipeline in another region',
      'iiif-server',
      () => ({ ...own(), pipeline_arn: own().pipeline_arn.replace('eu-west-2', 'us-east-1') }),
      /pipeline_arn is .*us-east-1/,
    ],
    [
      'a recipe of another account',
      'iiif-server',
      () => ({ ...own(), recipe_arn: own().recipe_arn.replace('555555555555', '999999999999') }),
      /recipe_arn is .*999999999999/,
    ],
    [
      'an image the team does not have',
      'container-host',
      () => own(),
      /entry "container-host" of stack "collections": team collections has no image of that name \(images: iiif-server, gallery-kiosk\)/,
    ],
  ])('refuses %s, naming the entry', (_, name, entry, message) => {
    const checked = checkBuildsOnDeploy(new Map([[name, entry()]]), team('collections'), 'outputs.json');
    expect(checked.targets.size).toBe(0);
    expect(checked.errors).toEqual([expect.stringMatching(message)]);
  });

  it("start-builds starts nothing when any entry is not the stack's own, and says which", async () => {
    const foreign = {
      pipeline_arn: 'arn:aws:imagebuilder:eu-west-2:666666666666:image-pipeline/platform-container-host',
      recipe_arn: 'arn:aws:imagebuilder:eu-west-2:666666666666:image-recipe/platform-container-host/1.0.0',
    };
    writeFileSync(
      repo.path('outputs.json'),
      JSON.stringify({ collections: { [BUILDS_ON_DEPLOY_OUTPUT]: { 'iiif-server': own(), 'container-host': foreign } } }),
    );
    const run = await runCli(repo.root, 'start-builds', '--stack', 'collections', '--outputs', 'outputs.json', '--role', 'current');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'outputs.json: builds-on-deploy entry "container-host" of stack "collections": team collections has no image of that name',
    );
    expect(run.stderr).toContain("Nothing was started: outputs.json names pipelines that are not collections's.");
    expect(run.stdout).toBe('');
  });
});
