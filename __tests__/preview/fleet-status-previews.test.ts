/** npm run fleet-status lists preview builds apart from production (Image Builder API mocked, shapes as its API reference documents). */
import {
  AccessDeniedException,
  GetImagePipelineCommand,
  ImagebuilderClient,
  ListImagePipelineImagesCommand,
  ListImagePipelinesCommand,
} from '@aws-sdk/client-imagebuilder';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/model/fleet/fleet.js';
import { gatherPreviews, previewLines } from '../../src/operations/fleet-status/previews.js';
import { FixtureRepo } from '../support/fixture.js';

const REGION = 'eu-west-2';
const LAB = '555555555555';
const FACTORY = '111111111111';
const arn = (account: string, name: string) => `arn:aws:imagebuilder:${REGION}:${account}:image-pipeline/${name}`;

let repo: FixtureRepo;
let fleet: Fleet;
beforeAll(() => {
  repo = new FixtureRepo();
  fleet = repo.fleet();
});
afterAll(() => repo.dispose());

describe('fleet-status: preview builds', () => {
  it('lists each preview pipeline with its newest build, apart from production, and reports an account that denies access', async () => {
    const clients = new Map<string, ImagebuilderClient>();
    const client = (account: string) => {
      if (!clients.has(account)) clients.set(account, new ImagebuilderClient({ region: REGION }));
      return clients.get(account)!;
    };
    const lab = mockClient(client(LAB));
    lab
      .on(ListImagePipelinesCommand, { nextToken: undefined })
      .resolves({
        imagePipelineList: [{ arn: arn(LAB, 'collections-iiif-server'), name: 'collections-iiif-server', tags: { Team: 'collections' } }],
        nextToken: 'next',
      })
      .on(ListImagePipelinesCommand, { nextToken: 'next' })
      .resolves({
        imagePipelineList: [
          {
            arn: arn(LAB, 'collections-preview-pr-42-iiif-server'),
            name: 'collections-preview-pr-42-iiif-server',
            tags: { Team: 'collections', 'golden-ami:preview': 'pr-42' },
          },
        ],
      });
    lab
      .on(GetImagePipelineCommand)
      .resolves({ imagePipeline: { arn: arn(LAB, 'collections-preview-pr-42-iiif-server'), status: 'ENABLED' } });
    lab.on(ListImagePipelineImagesCommand).resolves({
      imageSummaryList: [
        {
          arn: `arn:aws:imagebuilder:${REGION}:${LAB}:image/collections-preview-pr-42-iiif-server/0.123.456/1`,
          name: 'collections-preview-pr-42-iiif-server',
          version: '0.123.456/1',
          state: { status: 'AVAILABLE' },
          dateCreated: '2026-12-07T10:00:00.000Z',
          outputResources: { amis: [] },
        },
      ],
    });
    mockClient(client(FACTORY))
      .on(ListImagePipelinesCommand)
      .rejects(
        new AccessDeniedException({
          message: 'not authorized to perform imagebuilder:ListImagePipelines',
          $metadata: { httpStatusCode: 403 },
        }),
      );
    const twoAccounts: Fleet = { ...fleet, teams: [fleet.teams[0]!, { ...fleet.teams[1]!, account: { id: FACTORY } }] };

    const status = await gatherPreviews(twoAccounts, { imagebuilder: (_region, account) => client(account) });

    expect(status.pipelines.map(({ team, preview, pipeline }) => [team, preview, pipeline])).toEqual([
      ['collections', 'pr-42', 'collections-preview-pr-42-iiif-server'],
    ]);
    const lines = previewLines(status);
    expect(lines[0]).toMatch(/^Preview builds \(apart from production/);
    expect(lines[1]).toBe('  collections  preview pr-42  collections-preview-pr-42-iiif-server  0.123.456/1 AVAILABLE 2026-12-07');
    expect(lines[2]).toMatch(/^ {2}111111111111 eu-west-2 imagebuilder:ListImagePipelines: access denied: AccessDeniedException/);
  });
});
