/**
 * The operator roles people work through (context.platform.foundation.operators), judged with the IAM
 * policy evaluator over the policies the foundation stacks write: the permission set's role (and a
 * named role) reaches them, another set's role and anyone else does not; the read-only role does what
 * `cdktf diff`, fleet-status and pin-parents call and nothing more; the rebuild role starts its
 * session team's pipelines and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFoundationStacks } from '../src/checks/foundation/checks.js';
import { planRoleArn } from '../src/model/names.js';
import type { Foundation } from '../src/model/foundation/foundation.js';
import type { SynthesizedStack } from '../src/checks/synthesized.js';
import { FixtureRepo } from './support/fixture.js';
import { all, foundationModel, one, roleDocuments, sentToAws, stackNamed, synthesizeFoundation } from './support/foundation.js';
import { decide, type Caller, type Request } from './support/iam-evaluator.js';

const FACTORY = '111111111111';
const LAB = '555555555555';
const OUTSIDER = '888888888888';
const REGION = 'eu-west-2';
const STATE_BUCKET = 'museum-golden-ami-tfstate';
const STATE_KEY = `arn:aws:kms:${REGION}:${FACTORY}:key/5e5e5e5e-0000-4000-8000-000000000001`;
const PLATFORM_KEY = `arn:aws:kms:${REGION}:${FACTORY}:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const NAMED_ROLE = `arn:aws:iam::${OUTSIDER}:role/platform-break-glass-reader`;

/** The role IAM Identity Center makes for a permission set (the region path segment only outside us-east-1). */
const ssoRole = (set: string, account = FACTORY, region: string | undefined = REGION) =>
  `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${region ? `${region}/` : ''}AWSReservedSSO_${set}_0a1b2c3d4e5f6a7b`;
/** A principal whose own policies allow assuming any role: only the target's trust decides. */
const anyone = (arn: string): Caller => ({
  arn,
  policies: {
    assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }] },
  },
});

let repo: FixtureRepo;
let foundation: Foundation;
let stacks: SynthesizedStack[];
beforeAll(() => {
  repo = new FixtureRepo();
  repo.edit('cdktf.json', /"readOnly": \{[^}]*\}/, `"readOnly": { "permissionSets": ["PlatformEngineer"], "roles": ["${NAMED_ROLE}"] }`);
  foundation = foundationModel(repo.fleet());
  stacks = synthesizeFoundation(foundation);
});
afterAll(() => repo.dispose());

const state = () => stackNamed(stacks, 'foundation-image-factory');
const lab = () => stackNamed(stacks, 'foundation-digital-lab');
const roleNamed = (stack: SynthesizedStack, name: string) => all(stack, 'aws_iam_role').find((role) => role.name === name);
const trustOf = (stack: SynthesizedStack, name: string) => roleNamed(stack, name)!.assume_role_policy as string;
const assume = (caller: Caller, stack: SynthesizedStack, name: string, account: string, tags?: Record<string, string>): Promise<string> =>
  decide(caller, {
    action: tags ? 'sts:TagSession' : 'sts:AssumeRole',
    resource: `arn:aws:iam::${account}:role/${name}`,
    resourcePolicy: trustOf(stack, name),
    ...(tags
      ? {
          context: Object.fromEntries([
            ...Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v]),
            ['aws:TagKeys', Object.keys(tags)],
          ]),
        }
      : {}),
  });

/** The read-only operator's session, and the plan role session it chains to. */
const operator = (): Caller => ({
  arn: `arn:aws:iam::${FACTORY}:role/golden-ami-operator`,
  policies: roleDocuments(state(), 'golden-ami-operator'),
});
const planSession = (account: 'lab' | 'state'): Caller => {
  const id = account === 'lab' ? LAB : FACTORY;
  return {
    arn: planRoleArn(foundation.platform, id),
    policies: roleDocuments(account === 'lab' ? lab() : state(), 'golden-ami-planner'),
    tags: { Team: 'collections' },
  };
};
const rebuilder = (team: string): Caller => ({
  arn: `arn:aws:iam::${LAB}:role/golden-ami-rebuilder`,
  policies: roleDocuments(lab(), 'golden-ami-rebuilder'),
  tags: { Team: team },
});
/** The state key's policy with its ARN as a key policy sees it. */
const stateKeyRequest = (action: string): Request => ({
  action,
  resource: STATE_KEY,
  resourcePolicy: sentToAws(one(state(), 'aws_kms_key', 'state-key').policy),
});

describe('who may assume the operator roles', () => {
  it("lets the named permission set's role assume the read-only role, in its regional and its us-east-1 form", async () => {
    expect(await assume(anyone(ssoRole('PlatformEngineer')), state(), 'golden-ami-operator', FACTORY)).toBe('Allowed');
    expect(await assume(anyone(ssoRole('PlatformEngineer', FACTORY, undefined)), state(), 'golden-ami-operator', FACTORY)).toBe('Allowed');
  });

  it("refuses another permission set's role, even one whose name starts with the named set's, and the set's role in another account", async () => {
    for (const caller of [
      ssoRole('PlatformEngineer_Admin'),
      ssoRole('PlatformEngineerX'),
      ssoRole('Platform'),
      ssoRole('PlatformEngineer', OUTSIDER),
    ]) {
      expect(await assume(anyone(caller), state(), 'golden-ami-operator', FACTORY), caller).not.toBe('Allowed');
    }
  });

  it('lets a named role assume it from its own account, and refuses a role that is not named', async () => {
    expect(await assume(anyone(NAMED_ROLE), state(), 'golden-ami-operator', FACTORY)).toBe('Allowed');
    expect(
      await assume(anyone(`arn:aws:iam::${OUTSIDER}:role/platform-break-glass-writer`), state(), 'golden-ami-operator', FACTORY),
    ).not.toBe('Allowed');
    expect(await assume(anyone(`arn:aws:iam::${FACTORY}:role/developer`), state(), 'golden-ami-operator', FACTORY)).not.toBe('Allowed');
  });

  it('lets the rebuild permission set assume the rebuild role with its Team session tag, and nobody else', async () => {
    expect(await assume(anyone(ssoRole('PlatformEngineer')), lab(), 'golden-ami-rebuilder', LAB)).toBe('Allowed');
    expect(await assume(anyone(ssoRole('PlatformEngineer')), lab(), 'golden-ami-rebuilder', LAB, { Team: 'collections' })).toBe('Allowed');
    // The named role is a read-only operator, not a rebuilder; nor is the read-only operator role itself.
    expect(await assume(anyone(NAMED_ROLE), lab(), 'golden-ami-rebuilder', LAB)).not.toBe('Allowed');
    expect(await assume(operator(), lab(), 'golden-ami-rebuilder', LAB)).not.toBe('Allowed');
  });

  it('passes trust-pinned, which reports a trust matching more than one permission set', () => {
    expect(checkFoundationStacks(stacks, foundation)).toEqual([]);
    const copy = stacks.map((stack) => ({ name: stack.name, json: structuredClone(stack.json) }));
    const role = roleNamed(stackNamed(copy, 'foundation-image-factory'), 'golden-ami-operator')!;
    role.assume_role_policy = role.assume_role_policy.replace(/AWSReservedSSO_PlatformEngineer_\?+/g, 'AWSReservedSSO_*');
    expect(checkFoundationStacks(copy, foundation).map((finding) => `${finding.check}: ${finding.message}`)).toEqual([
      'trust-pinned: role golden-ami-operator: trusts an account without naming the role (aws:PrincipalArn) or an IAM Identity Center permission set',
    ]);
  });

  it('creates no operator role when the platform names nobody', () => {
    const bare = new FixtureRepo();
    try {
      bare.edit('cdktf.json', /,\s*"operators": \{[\s\S]*?\}\s*\}/, '');
      const plain = synthesizeFoundation(foundationModel(bare.fleet()));
      expect(plain.flatMap((stack) => all(stack, 'aws_iam_role').map((role) => role.name))).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/golden-ami-(operator|rebuilder)/)]),
      );
      expect(trustOf(stackNamed(plain, 'foundation-digital-lab'), 'golden-ami-planner')).not.toContain('golden-ami-operator');
    } finally {
      bare.dispose();
    }
  });
});

describe('the read-only operator: what cdktf diff, fleet-status and pin-parents call, and no more', () => {
  it('reads state and decrypts it with the state key, and writes no state', async () => {
    for (const key of ['teams/collections/terraform.tfstate', 'foundation/digital-lab/terraform.tfstate']) {
      expect(
        await decide(operator(), { action: 's3:GetObject', resource: `arn:aws:s3:::${STATE_BUCKET}/${key}`, resourceAccount: FACTORY }),
        key,
      ).toBe('Allowed');
      expect(
        await decide(operator(), { action: 's3:PutObject', resource: `arn:aws:s3:::${STATE_BUCKET}/${key}`, resourceAccount: FACTORY }),
        key,
      ).not.toBe('Allowed');
    }
    expect(await decide(operator(), { action: 's3:ListBucket', resource: `arn:aws:s3:::${STATE_BUCKET}`, resourceAccount: FACTORY })).toBe(
      'Allowed',
    );
    // The state key: the identity policy names the key itself (here, the ARN the stack refers to), and the key policy must allow it.
    const withKeyArn: Caller = {
      ...operator(),
      policies: Object.fromEntries(
        Object.entries(operator().policies!).map(([n, p]) => [
          n,
          (typeof p === 'string' ? p : JSON.stringify(p)).replaceAll(/\$\{aws_kms_key\.[^}]*\.arn\}/g, STATE_KEY),
        ]),
      ),
    };
    expect(await decide(withKeyArn, stateKeyRequest('kms:Decrypt'))).toBe('Allowed');
    expect(await decide(withKeyArn, stateKeyRequest('kms:Encrypt'))).not.toBe('Allowed');
    expect(await decide(withKeyArn, stateKeyRequest('kms:GenerateDataKey'))).not.toBe('Allowed');
  });

  it("assumes each account's plan role with the Team session tag the team stack's provider sets, and no deploy or foundation role", async () => {
    for (const [stack, account] of [
      [lab(), LAB],
      [state(), FACTORY],
    ] as const) {
      expect(await assume(operator(), stack, 'golden-ami-planner', account)).toBe('Allowed');
      expect(await assume(operator(), stack, 'golden-ami-planner', account, { Team: 'collections' })).toBe('Allowed');
    }
    // Its own policy allows no other role, even in its own account (where no trust is needed beyond it).
    for (const name of ['golden-ami-deployer', 'golden-ami-foundation-admin', 'golden-ami-ci-deploy', 'golden-ami-rebuilder']) {
      expect(await decide(operator(), { action: 'sts:AssumeRole', resource: `arn:aws:iam::${FACTORY}:role/${name}` }), name).not.toBe(
        'Allowed',
      );
    }
    expect(await assume(operator(), lab(), 'golden-ami-deployer', LAB)).not.toBe('Allowed');
  });

  it("through the plan role, makes the read-only commands' calls", async () => {
    const calls: [string, string][] = [
      // fleet-status
      ['imagebuilder:GetImagePipeline', `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/collections-iiif-server`],
      ['imagebuilder:ListImagePipelineImages', `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/collections-iiif-server`],
      ['ec2:DescribeInstances', '*'],
      ['ec2:DescribeLaunchTemplateVersions', '*'],
      ['ec2:DescribeImageReferences', '*'],
      ['ssm:GetParameter', `arn:aws:ssm:${REGION}:${LAB}:parameter/golden-ami/collections/iiif-server`],
      // lineage --aws: the parent parameter's history in the child's build account
      ['ssm:GetParameterHistory', `arn:aws:ssm:${REGION}:${LAB}:parameter/golden-ami/platform/container-host/latest`],
      // pin-parents
      ['ec2:DescribeImages', '*'],
      // refresh-managed-components
      ['imagebuilder:ListComponents', '*'],
    ];
    for (const [action, resource] of calls) expect(await decide(planSession('lab'), { action, resource }), action).toBe('Allowed');
  });

  it('writes nothing, reads no secret and no parameter beyond the AMI ids, and decrypts with no platform key directly', async () => {
    const refused: [string, string][] = [
      ['imagebuilder:StartImagePipelineExecution', `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/collections-iiif-server`],
      ['imagebuilder:DeleteImagePipeline', `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/collections-iiif-server`],
      ['ec2:RunInstances', `arn:aws:ec2:${REGION}:${LAB}:instance/i-0123456789abcdef0`],
      ['iam:PassRole', `arn:aws:iam::${LAB}:role/collections-imagebuilder-build`],
      ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${LAB}:secret:db-password-AbCdEf`],
      ['ssm:GetParameter', `arn:aws:ssm:${REGION}:${LAB}:parameter/app/db-password`],
      ['ssm:GetParameterHistory', `arn:aws:ssm:${REGION}:${LAB}:parameter/app/db-password`],
      ['kms:Decrypt', PLATFORM_KEY],
      ['s3:GetObject', `arn:aws:s3:::museum-imagebuilder-logs/collections/build.log`],
    ];
    for (const [action, resource] of refused) {
      expect(await decide(planSession('lab'), { action, resource }), `plan role: ${action}`).not.toBe('Allowed');
      expect(await decide(operator(), { action, resource }), `operator: ${action}`).not.toBe('Allowed');
    }
    const platformKeyPolicy = sentToAws(one(state(), 'aws_kms_key', 'platform-key-eu-west-2').policy);
    expect(await decide(operator(), { action: 'kms:Decrypt', resource: PLATFORM_KEY, resourcePolicy: platformKeyPolicy })).not.toBe(
      'Allowed',
    );
  });
});

describe('the rebuild operator: what npm run rebuild calls, for the team in its session tag', () => {
  const pipeline = (team: string) => `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/${team}-iiif-server`;
  const tagged = (team: string) => ({ 'aws:ResourceTag/Team': team });

  it("starts its session team's pipeline and tags the image with the start tags", async () => {
    expect(
      await decide(rebuilder('collections'), {
        action: 'imagebuilder:StartImagePipelineExecution',
        resource: pipeline('collections'),
        context: tagged('collections'),
      }),
    ).toBe('Allowed');
    const image = `arn:aws:imagebuilder:${REGION}:${LAB}:image/collections-iiif-server/1.2.0/4`;
    const startTags = { 'aws:TagKeys': ['golden-ami:started-by', 'golden-ami:start-reason'] };
    expect(await decide(rebuilder('collections'), { action: 'imagebuilder:TagResource', resource: image, context: startTags })).toBe(
      'Allowed',
    );
    expect(
      await decide(rebuilder('collections'), { action: 'imagebuilder:TagResource', resource: image, context: { 'aws:TagKeys': ['Team'] } }),
    ).not.toBe('Allowed');
  });

  it("starts no other team's pipeline, even one whose name starts with its own, and changes nothing", async () => {
    expect(
      await decide(rebuilder('collections'), {
        action: 'imagebuilder:StartImagePipelineExecution',
        resource: pipeline('collections-lab'),
        context: tagged('collections-lab'),
      }),
    ).not.toBe('Allowed');
    expect(
      await decide(rebuilder('collections'), {
        action: 'imagebuilder:StartImagePipelineExecution',
        resource: pipeline('web'),
        context: tagged('web'),
      }),
    ).not.toBe('Allowed');
    for (const action of ['imagebuilder:UpdateImagePipeline', 'imagebuilder:DeleteImagePipeline', 'imagebuilder:CreateImagePipeline']) {
      expect(
        await decide(rebuilder('collections'), { action, resource: pipeline('collections'), context: tagged('collections') }),
        action,
      ).not.toBe('Allowed');
    }
    expect(
      await decide(rebuilder('collections'), {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${LAB}:role/collections-imagebuilder-build`,
      }),
    ).not.toBe('Allowed');
    expect(
      await decide(rebuilder('collections'), {
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${STATE_BUCKET}/teams/collections/terraform.tfstate`,
        resourceAccount: FACTORY,
      }),
    ).not.toBe('Allowed');
  });
});
