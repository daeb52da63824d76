/**
 * The preview roles, judged with the IAM policy evaluator over the policies the foundation stacks
 * write: the CI preview role is reached from the `preview` environment only and writes preview state
 * only; the account preview role (golden-ami-preview) creates, changes and deletes preview resources
 * (named <team>-preview-…, tagged golden-ami:preview) and nothing of production, cannot escalate, and
 * sweeps preview AMIs and snapshots in every account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizedStack } from '../../src/checks/synthesized.js';
import { teamBoundaryArn } from '../../src/model/names.js';
import { FixtureRepo } from '../support/fixture.js';
import { all, foundationModel, roleDocuments, synthesizeFoundation, stackNamed } from '../support/foundation.js';
import { decide, type Caller, type Request } from '../support/iam-evaluator.js';

const FACTORY = '111111111111';
const LAB = '555555555555';
const STAGING = '333333333333';
const REGION = 'eu-west-2';
const REPO = 'museum-digital/golden-ami-pipelines';
const STATE_BUCKET = 'museum-golden-ami-tfstate';
const PROVIDER = `arn:aws:iam::${FACTORY}:oidc-provider/token.actions.githubusercontent.com`;
const BOUNDARY = teamBoundaryArn('aws', LAB);
const PREVIEW = {
  'aws:RequestTag/Team': 'collections',
  'aws:RequestTag/golden-ami:preview': 'pr-42',
  'aws:TagKeys': ['Team', 'golden-ami:preview'],
};
const PREVIEW_RESOURCE = { 'aws:ResourceTag/Team': 'collections', 'aws:ResourceTag/golden-ami:preview': 'pr-42' };
const PRODUCTION_RESOURCE = { 'aws:ResourceTag/Team': 'collections' };

let repo: FixtureRepo;
let stacks: SynthesizedStack[];
beforeAll(() => {
  repo = new FixtureRepo();
  stacks = synthesizeFoundation(foundationModel(repo.fleet()));
});
afterAll(() => repo.dispose());

const stack = (account: string) => stackNamed(stacks, `foundation-${account}`);
const roleOf = (account: string, name: string) => all(stack(account), 'aws_iam_role').find((role) => role.name === name)!;
/** The preview role's session in an account, with the Team tag a preview stack's provider sets. */
const previewSession = (account: string, id: string): Caller => ({
  arn: `arn:aws:iam::${id}:role/golden-ami-preview`,
  policies: roleDocuments(stack(account), 'golden-ami-preview'),
  tags: { Team: 'collections' },
});
const lab = () => previewSession('digital-lab', LAB);
const inLab = (request: Request) => decide(lab(), request);
const imageBuilder = (type: string, name: string) => `arn:aws:imagebuilder:${REGION}:${LAB}:${type}/${name}`;

describe('the CI preview role', () => {
  const trust = () =>
    (roleOf('image-factory', 'golden-ami-ci-preview').assume_role_policy as string).replace(
      /\$\{aws_iam_openid_connect_provider\.[^}]+\}/,
      PROVIDER,
    );
  const assume = (subject: string) =>
    decide(
      { arn: PROVIDER },
      {
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: `arn:aws:iam::${FACTORY}:role/golden-ami-ci-preview`,
        resourcePolicy: trust(),
        context: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': subject,
          'token.actions.githubusercontent.com:job_workflow_ref': `${REPO}/.github/workflows/preview.yml@refs/pull/7/merge`,
        },
      },
    );
  const ci = (): Caller => ({
    arn: `arn:aws:iam::${FACTORY}:role/golden-ami-ci-preview`,
    policies: roleDocuments(stack('image-factory'), 'golden-ami-ci-preview'),
  });
  const state = (action: string, key: string) =>
    decide(ci(), { action, resource: `arn:aws:s3:::${STATE_BUCKET}/${key}`, resourceAccount: FACTORY });

  it('is assumed from the GitHub environment preview only, never from a pull request without it or from production', async () => {
    expect(await assume(`repo:${REPO}:environment:preview`)).toBe('Allowed');
    expect(await assume(`repo:${REPO}:pull_request`)).toBe('ImplicitlyDenied');
    expect(await assume(`repo:${REPO}:environment:production`)).toBe('ImplicitlyDenied');
    expect(await assume(`repo:someone/else:environment:preview`)).toBe('ImplicitlyDenied');
  });

  it('writes only state keys under previews/, never a team or foundation stack state', async () => {
    expect(await state('s3:PutObject', 'previews/pr-42/collections/terraform.tfstate')).toBe('Allowed');
    expect(await state('s3:DeleteObject', 'previews/pr-42/collections/terraform.tfstate.tflock')).toBe('Allowed');
    expect(await state('s3:PutObject', 'teams/collections/terraform.tfstate')).not.toBe('Allowed');
    expect(await state('s3:GetObject', 'teams/collections/terraform.tfstate')).not.toBe('Allowed');
    expect(await state('s3:PutObject', 'foundation/digital-lab/terraform.tfstate')).not.toBe('Allowed');
  });

  it('chains into the preview role of every account, and into no deploy, foundation or plan role', async () => {
    for (const [account, id] of [
      ['image-factory', FACTORY],
      ['digital-lab', LAB],
      ['collections-staging', STAGING],
    ] as const) {
      const resourcePolicy = roleOf(account, 'golden-ami-preview').assume_role_policy as string;
      expect(
        await decide(ci(), { action: 'sts:AssumeRole', resource: `arn:aws:iam::${id}:role/golden-ami-preview`, resourcePolicy }),
        id,
      ).toBe('Allowed');
    }
    for (const name of ['golden-ami-deployer', 'golden-ami-foundation-admin', 'golden-ami-planner'])
      expect(await decide(ci(), { action: 'sts:AssumeRole', resource: `arn:aws:iam::${LAB}:role/${name}` }), name).not.toBe('Allowed');
    const previewTrust = roleOf('digital-lab', 'golden-ami-preview').assume_role_policy as string;
    const deployer: Caller = {
      arn: `arn:aws:iam::${FACTORY}:role/golden-ami-ci-deploy`,
      policies: { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
    };
    const request = { action: 'sts:AssumeRole', resource: `arn:aws:iam::${LAB}:role/golden-ami-preview`, resourcePolicy: previewTrust };
    expect(await decide({ ...deployer, arn: `arn:aws:iam::${FACTORY}:role/golden-ami-ci-preview` }, request)).toBe('Allowed');
    expect(await decide(deployer, request)).not.toBe('Allowed');
  });
});

describe('the preview role in a build account', () => {
  it('can create a preview recipe, pipeline and component, tagged for the preview', async () => {
    for (const [type, name] of [
      ['image-recipe', 'collections-preview-pr-42-iiif-server/0.1.2'],
      ['image-pipeline', 'collections-preview-pr-42-iiif-server'],
      ['component', 'collections-preview-pr-42-iiif-image-server/0.3.4/1'],
    ] as const) {
      const create = `imagebuilder:Create${type === 'image-recipe' ? 'ImageRecipe' : type === 'image-pipeline' ? 'ImagePipeline' : 'Component'}`;
      expect(await inLab({ action: create, resource: imageBuilder(type, name), context: PREVIEW }), name).toBe('Allowed');
    }
    expect(
      await inLab({
        action: 'imagebuilder:DeleteImagePipeline',
        resource: imageBuilder('image-pipeline', 'collections-preview-pr-42-iiif-server'),
        context: PREVIEW_RESOURCE,
      }),
    ).toBe('Allowed');
  });

  it('cannot create a preview-named resource without the preview tag', async () => {
    const { 'aws:RequestTag/golden-ami:preview': _tag, ...untagged } = PREVIEW;
    expect(
      await inLab({
        action: 'imagebuilder:CreateImageRecipe',
        resource: imageBuilder('image-recipe', 'collections-preview-pr-42-iiif-server/0.1.2'),
        context: { ...untagged, 'aws:TagKeys': ['Team'] },
      }),
    ).not.toBe('Allowed');
  });

  it('cannot touch a production pipeline, recipe or component, even one it tries to tag as a preview', async () => {
    for (const action of [
      'imagebuilder:UpdateImagePipeline',
      'imagebuilder:DeleteImagePipeline',
      'imagebuilder:StartImagePipelineExecution',
    ])
      expect(
        await inLab({ action, resource: imageBuilder('image-pipeline', 'collections-iiif-server'), context: PRODUCTION_RESOURCE }),
        action,
      ).not.toBe('Allowed');
    expect(
      await inLab({
        action: 'imagebuilder:CreateImageRecipe',
        resource: imageBuilder('image-recipe', 'collections-iiif-server/9.9.9'),
        context: PREVIEW,
      }),
    ).not.toBe('Allowed');
    expect(
      await inLab({
        action: 'imagebuilder:TagResource',
        resource: imageBuilder('image-pipeline', 'collections-iiif-server'),
        context: { ...PRODUCTION_RESOURCE, 'aws:RequestTag/golden-ami:preview': 'pr-42', 'aws:TagKeys': ['golden-ami:preview'] },
      }),
    ).not.toBe('Allowed');
  });

  it('cannot set an SSM parameter, change a launch template or write state', async () => {
    expect(
      await inLab({
        action: 'ssm:PutParameter',
        resource: `arn:aws:ssm:${REGION}:${LAB}:parameter/golden-ami/collections/iiif-server/latest`,
      }),
    ).not.toBe('Allowed');
    expect(
      await inLab({
        action: 'ec2:CreateLaunchTemplateVersion',
        resource: `arn:aws:ec2:${REGION}:${LAB}:launch-template/lt-0123456789abcdef0`,
      }),
    ).not.toBe('Allowed');
    expect(
      await inLab({
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${STATE_BUCKET}/teams/collections/terraform.tfstate`,
        resourceAccount: FACTORY,
      }),
    ).not.toBe('Allowed');
  });

  it('cannot escalate: a role only with the team boundary and the preview name and tag, PassRole only of preview roles to their service', async () => {
    const role = (name: string) => `arn:aws:iam::${LAB}:role/${name}`;
    const previewBuild = role('collections-preview-pr-42-imagebuilder-build');
    expect(
      await inLab({ action: 'iam:CreateRole', resource: previewBuild, context: { ...PREVIEW, 'iam:PermissionsBoundary': BOUNDARY } }),
    ).toBe('Allowed');
    expect(await inLab({ action: 'iam:CreateRole', resource: previewBuild, context: PREVIEW })).not.toBe('Allowed');
    expect(
      await inLab({
        action: 'iam:CreateRole',
        resource: role('collections-imagebuilder-build'),
        context: { ...PREVIEW, 'iam:PermissionsBoundary': BOUNDARY },
      }),
    ).not.toBe('Allowed');
    expect(
      await inLab({ action: 'iam:CreateRole', resource: role('admin'), context: { ...PREVIEW, 'iam:PermissionsBoundary': BOUNDARY } }),
    ).not.toBe('Allowed');
    const pass = (resource: string, service: string, tags: Record<string, string>) =>
      inLab({ action: 'iam:PassRole', resource, context: { ...tags, 'iam:PassedToService': service } });
    expect(await pass(previewBuild, 'imagebuilder.amazonaws.com', PREVIEW_RESOURCE)).toBe('Allowed');
    expect(await pass(previewBuild, 'lambda.amazonaws.com', PREVIEW_RESOURCE)).not.toBe('Allowed');
    expect(await pass(role('collections-imagebuilder-build'), 'imagebuilder.amazonaws.com', PRODUCTION_RESOURCE)).not.toBe('Allowed');
    expect(await pass(role('golden-ami-deployer'), 'imagebuilder.amazonaws.com', {})).not.toBe('Allowed');
    expect(await inLab({ action: 'iam:DeleteRolePermissionsBoundary', resource: previewBuild, context: PREVIEW_RESOURCE })).not.toBe(
      'Allowed',
    );
  });
});

describe('the preview role, sweeping', () => {
  const ami = () => `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`;
  it('deregisters preview AMIs and deletes their snapshots in a build account and in an account that received copies', async () => {
    for (const [session, account] of [
      [lab(), LAB],
      [previewSession('collections-staging', STAGING), STAGING],
    ] as const) {
      const request = (action: string, resource: string, tags: Record<string, string>): Request => ({
        action,
        resource,
        resourceAccount: account,
        context: tags,
      });
      expect(await decide(session, request('ec2:DeregisterImage', ami(), { 'aws:ResourceTag/golden-ami:preview': 'pr-42' })), account).toBe(
        'Allowed',
      );
      expect(
        await decide(
          session,
          request('ec2:DeleteSnapshot', `arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`, {
            'aws:ResourceTag/golden-ami:preview': 'pr-42',
          }),
        ),
      ).toBe('Allowed');
      expect(await decide(session, request('ec2:DeregisterImage', ami(), { 'aws:ResourceTag/Team': 'collections' })), account).not.toBe(
        'Allowed',
      );
      expect(await decide(session, request('ec2:DeleteSnapshot', `arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`, {}))).not.toBe(
        'Allowed',
      );
    }
  });

  it('deletes Image Builder images of preview pipelines only', async () => {
    expect(
      await inLab({ action: 'imagebuilder:DeleteImage', resource: imageBuilder('image', 'collections-preview-pr-42-iiif-server/0.1.2/1') }),
    ).toBe('Allowed');
    expect(
      await inLab({ action: 'imagebuilder:DeleteImage', resource: imageBuilder('image', 'collections-iiif-server/1.2.0/1') }),
    ).not.toBe('Allowed');
  });
});
