/**
 * What the foundation's policies let each team's principals do, judged with an IAM policy evaluator
 * (@cloud-copilot/iam-simulate, __tests__/support/iam-evaluator.ts) over every policy the stacks write,
 * for teams whose names are prefixes of each other: each team's deploy session and roles can do what
 * its deploy needs on its own resources, and nothing on another team's; no role can escalate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_MANAGED_POLICIES } from '../src/model/foundation/account-policies.js';
import { componentBucketName, teamBoundaryArn, teamRoleNames } from '../src/model/names.js';
import {
  actionsOf,
  DOCUMENT_ACTIONS,
  DOCUMENT_LIST_ACTION,
  DOCUMENT_VERSION_LIST_ACTION,
  EVENTS_ACTIONS,
  IAM_ACTIONS,
  IMAGE_BUILDER_ACTIONS,
  SNS_ACTIONS,
  STATES_ACTIONS,
  type TeamResourceActions,
} from '../src/model/foundation/team-resource-actions.js';
import type { Foundation } from '../src/model/foundation/foundation.js';
import type { SynthesizedStack } from '../src/checks/synthesized.js';
import { FixtureRepo } from './support/fixture.js';
import { all, foundationModel, one, roleDocuments, sentToAws, stackNamed, synthesizeFoundation } from './support/foundation.js';
import { decide, type Caller, type Request } from './support/iam-evaluator.js';
import { teamCopies } from './support/large-fleet.js';

/** Team names that are prefixes of each other (and two that collided as statement ids). */
const TEAMS = ['data', 'data-lake', 'data-image', 'data-imagebuilder', 'datalake'];
/** Every ordered pair of them where one name is a prefix of the other, and the two that differ by a hyphen. */
const PREFIX_PAIRS = TEAMS.flatMap((a) =>
  TEAMS.filter((b) => a !== b && (a.startsWith(b) || b.startsWith(a) || a.replace('-', '') === b.replace('-', ''))).map(
    (b) => [a, b] as const,
  ),
);
const LAB = '555555555555';
const FACTORY = '111111111111';
const REGION = 'eu-west-2';
const PLATFORM_KEY = `arn:aws:kms:${REGION}:${FACTORY}:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const BOUNDARY = teamBoundaryArn('aws', LAB);

let repo: FixtureRepo;
let foundation: Foundation;
let stacks: SynthesizedStack[];
beforeAll(() => {
  repo = new FixtureRepo();
  foundation = foundationModel(teamCopies(repo.fleet(), TEAMS, [{ id: LAB, name: 'digital-lab' }]));
  stacks = synthesizeFoundation(foundation);
});
afterAll(() => repo.dispose());

const lab = () => stackNamed(stacks, 'foundation-digital-lab');
const state = () => stackNamed(stacks, 'foundation-image-factory');
const boundary = () => sentToAws(all(lab(), 'aws_iam_policy').find((p) => p.name === 'golden-ami-team-boundary')!.policy);
const bucketPolicy = (idPart: string) => sentToAws(one(state(), 'aws_s3_bucket_policy', idPart).policy);

/** A team's deploy session: the deploy role with the session tag its stack's provider sets. */
const deploySession = (team: string): Caller => ({
  arn: `arn:aws:iam::${LAB}:role/golden-ami-deployer`,
  policies: roleDocuments(lab(), 'golden-ami-deployer'),
  tags: { Team: team },
});
/** The plan role (no team tag: fleet-status reads every team). */
const planRole = (): Caller => ({
  arn: `arn:aws:iam::${LAB}:role/golden-ami-planner`,
  policies: roleDocuments(lab(), 'golden-ami-planner'),
});
/** A team role as the deploy role leaves it at worst: any identity policy, the boundary, the team's role tag. */
const teamRole = (team: string, policies: Record<string, object>): Caller => ({
  arn: `arn:aws:iam::${LAB}:role/${teamRoleNames(team).build}`,
  policies: Object.fromEntries(Object.entries(policies).map(([name, p]) => [name, JSON.stringify(p)])),
  boundary: boundary(),
  tags: { Team: team },
});
const everything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** An example ARN of a team's resource, for each row of the action table. */
const EXAMPLE_ARNS: Record<string, (team: string) => string> = {
  aws_imagebuilder_component: (t) => `arn:aws:imagebuilder:${REGION}:${LAB}:component/${t}-hardening/1.0.0/1`,
  aws_imagebuilder_image_recipe: (t) => `arn:aws:imagebuilder:${REGION}:${LAB}:image-recipe/${t}-base/1.2.0`,
  aws_imagebuilder_infrastructure_configuration: (t) => `arn:aws:imagebuilder:${REGION}:${LAB}:infrastructure-configuration/${t}-base`,
  aws_imagebuilder_distribution_configuration: (t) => `arn:aws:imagebuilder:${REGION}:${LAB}:distribution-configuration/${t}-base`,
  aws_imagebuilder_image_pipeline: (t) => `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/${t}-base`,
  aws_imagebuilder_lifecycle_policy: (t) => `arn:aws:imagebuilder:${REGION}:${LAB}:lifecycle-policy/${t}-base`,
  'npm run start-builds, npm run rebuild': (t) => `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/${t}-base`,
  aws_iam_role: (t) => `arn:aws:iam::${LAB}:role/${teamRoleNames(t).lifecycle}`,
  aws_iam_role_policy: (t) => `arn:aws:iam::${LAB}:role/${teamRoleNames(t).build}`,
  aws_iam_role_policy_attachment: (t) => `arn:aws:iam::${LAB}:role/${teamRoleNames(t).automaticRebuild}`,
  aws_iam_instance_profile: (t) => `arn:aws:iam::${LAB}:instance-profile/${teamRoleNames(t).build}`,
  'aws_sns_topic, aws_sns_topic_policy': (t) => `arn:aws:sns:${REGION}:${LAB}:${t}-image-builds`,
  aws_sns_topic_subscription: (t) => `arn:aws:sns:${REGION}:${LAB}:${t}-image-builds`,
  aws_cloudwatch_event_rule: (t) => `arn:aws:events:${REGION}:${LAB}:rule/golden-ami-findings/${t}-image-critical-finding`,
  aws_cloudwatch_event_target: (t) => `arn:aws:events:${REGION}:${LAB}:rule/${t}-image-build-failed`,
  aws_sfn_state_machine: (t) => `arn:aws:states:${REGION}:${LAB}:stateMachine:${t}-image-auto-rebuild`,
  aws_s3_object: (t) => `arn:aws:s3:::${componentBucketName(foundation.platform, REGION)}/components/${t}/hardening.yaml`,
};

/** IAM actions with the iam:PermissionsBoundary condition key (Service Authorization Reference, IAM). */
const BOUNDARY_KEYED = new Set([
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
]);

/**
 * The request the provider makes for `action` on `owner`'s resource, as `callerTeam`'s deploy would
 * make it: a create tags the resource with the caller's team (and, over another team's existing
 * resource, finds that team's tag on it); anything else finds the owner's tag on it.
 */
function requestFor(row: TeamResourceActions, action: string, kind: 'create' | 'other', owner: string, callerTeam: string): Request {
  const resource = EXAMPLE_ARNS[row.resource]!(owner);
  const context: Record<string, string | string[]> = {};
  if (row.resource === 'aws_s3_object')
    return { action, resource, resourceAccount: FACTORY, resourcePolicy: bucketPolicy('component-bucket-eu-west-2') };
  const creates = kind === 'create' && (/:Create/.test(action) || action === 'events:PutRule');
  if (creates) {
    context['aws:RequestTag/Team'] = callerTeam;
    context['aws:TagKeys'] = ['Team'];
  }
  if (!creates || owner !== callerTeam) context['aws:ResourceTag/Team'] = owner;
  if (/:(Tag|Untag)/.test(action)) context['aws:TagKeys'] = ['Source'];
  if (/:Tag/.test(action)) context['aws:RequestTag/Source'] = `teams/${callerTeam}`;
  if (BOUNDARY_KEYED.has(action)) context['iam:PermissionsBoundary'] = BOUNDARY;
  if (/RolePolicy$/.test(action) && /(Attach|Detach)/.test(action))
    context['iam:PolicyARN'] = `arn:aws:iam::aws:policy/${TEAM_MANAGED_POLICIES[0]!}`;
  return { action, resource, context };
}

const ROWS = [...IMAGE_BUILDER_ACTIONS, ...IAM_ACTIONS, ...SNS_ACTIONS, ...EVENTS_ACTIONS, ...STATES_ACTIONS, DOCUMENT_ACTIONS];
/** Reads the deploy and plan roles do on "*" (AWS offers nothing narrower for them). */
const READS_ON_EVERY_RESOURCE = /^imagebuilder:(Get|List)/;

describe('the deploy role, for teams whose names are prefixes of each other', () => {
  it('has one policy for every team: no statement names a team', () => {
    const text = Object.values(roleDocuments(lab(), 'golden-ami-deployer')).join('\n');
    for (const team of TEAMS) expect(text).not.toMatch(new RegExp(`[/:"]${team}[-/]`));
    expect(text).toContain('${aws:PrincipalTag/Team}');
  });

  it('lets each team create, update, delete and tag its own resources of every kind, exactly as the provider calls them', async () => {
    const denied: string[] = [];
    for (const team of TEAMS) {
      for (const row of ROWS) {
        for (const kind of ['create', 'update', 'delete', 'tag', 'read'] as const) {
          for (const action of row[kind].filter((a) => !READS_ON_EVERY_RESOURCE.test(a))) {
            const request = requestFor(row, action, kind === 'create' ? 'create' : 'other', team, team);
            if ((await decide(deploySession(team), request)) !== 'Allowed') denied.push(`${team} ${kind} ${action} ${request.resource}`);
          }
        }
      }
    }
    expect(denied).toEqual([]);
  });

  it('allows on team resources exactly the actions of the table, no other', () => {
    const granted = Object.values(roleDocuments(lab(), 'golden-ami-deployer'))
      .flatMap((text) => JSON.parse(text).Statement as { Sid: string; Effect: string; Action: string | string[] }[])
      .filter(
        (s) =>
          s.Effect === 'Allow' &&
          !['ReadImageBuilderAndImages', 'ImageBuilderServiceLinkedRole', 'UsePlatformKeys', 'UsePlatformKeysGrantToServices'].includes(
            s.Sid,
          ),
      )
      .flatMap((s) => [s.Action].flat())
      .filter((action) => action !== 'iam:PassRole');
    const table = [
      ...actionsOf(ROWS, ['create', 'read', 'update', 'delete', 'tag']),
      DOCUMENT_LIST_ACTION,
      DOCUMENT_VERSION_LIST_ACTION,
    ].filter((a) => !READS_ON_EVERY_RESOURCE.test(a));
    expect([...new Set(granted)].sort()).toEqual([...new Set(table)].sort());
  });

  it("lets no team touch another team's resources, even where one name is a prefix of the other", async () => {
    const allowed: string[] = [];
    for (const [team, other] of PREFIX_PAIRS) {
      for (const row of ROWS) {
        for (const kind of ['create', 'update', 'delete', 'tag', 'read'] as const) {
          for (const action of row[kind].filter((a) => !READS_ON_EVERY_RESOURCE.test(a))) {
            // Another team's existing resource: a create over it with the caller's tag, or a change to it.
            const request = requestFor(row, action, kind === 'create' ? 'create' : 'other', other, team);
            if ((await decide(deploySession(team), request)) === 'Allowed') allowed.push(`${team} ${kind} ${action} ${request.resource}`);
          }
        }
      }
    }
    expect(allowed).toEqual([]);
  });

  it('lists the versions of its own team documents only, and the document names of the bucket', async () => {
    const bucket = `arn:aws:s3:::${componentBucketName(foundation.platform, REGION)}`;
    const list = (team: string, action: string, prefix?: string) =>
      decide(deploySession(team), {
        action,
        resource: bucket,
        resourceAccount: FACTORY,
        resourcePolicy: bucketPolicy('component-bucket-eu-west-2'),
        ...(prefix ? { context: { 's3:prefix': prefix } } : {}),
      });
    expect(await list('data', DOCUMENT_VERSION_LIST_ACTION, 'components/data/hardening.yaml')).toBe('Allowed');
    expect(await list('data', DOCUMENT_VERSION_LIST_ACTION, 'components/data-lake/hardening.yaml')).not.toBe('Allowed');
    expect(await list('data', DOCUMENT_LIST_ACTION)).toBe('Allowed');
  });

  it('cannot act without a team session tag', async () => {
    const untagged = { ...deploySession('data'), tags: {} };
    const row = IMAGE_BUILDER_ACTIONS[4]!;
    expect(await decide(untagged, requestFor(row, 'imagebuilder:UpdateImagePipeline', 'other', 'data', 'data'))).not.toBe('Allowed');
    expect(await decide(untagged, requestFor(DOCUMENT_ACTIONS, 's3:PutObject', 'other', 'data', 'data'))).not.toBe('Allowed');
  });

  it('may use the platform keys, generating data keys without plaintext for encrypted components, and grant them only to AWS services', async () => {
    const key = (action: string, context?: Record<string, string>) =>
      decide(deploySession('data'), {
        action,
        resource: PLATFORM_KEY,
        resourcePolicy: keyPolicyAllowingAccount(LAB),
        ...(context ? { context } : {}),
      });
    for (const action of [
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ])
      expect(await key(action), action).toBe('Allowed');
    expect(await key('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })).toBe('Allowed');
    expect(await key('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false' })).not.toBe('Allowed');
  });
});

/** A key policy that leaves the decision to the caller's own policies (the key policies are judged elsewhere). */
function keyPolicyAllowingAccount(account: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

describe('no escalation through the deploy role', () => {
  const deploy = (request: Request) => decide(deploySession('data'), request);
  const build = `arn:aws:iam::${LAB}:role/${teamRoleNames('data').build}`;
  const own = { 'aws:ResourceTag/Team': 'data' };

  it('creates a role only with the team boundary and its own Team tag', async () => {
    const create = (context: Record<string, string | string[]>) => deploy({ action: 'iam:CreateRole', resource: build, context });
    expect(await create({ 'iam:PermissionsBoundary': BOUNDARY, 'aws:RequestTag/Team': 'data' })).toBe('Allowed');
    expect(await create({ 'aws:RequestTag/Team': 'data' })).not.toBe('Allowed');
    expect(await create({ 'iam:PermissionsBoundary': `arn:aws:iam::${LAB}:policy/anything`, 'aws:RequestTag/Team': 'data' })).not.toBe(
      'Allowed',
    );
    expect(await create({ 'iam:PermissionsBoundary': BOUNDARY, 'aws:RequestTag/Team': 'data-lake' })).not.toBe('Allowed');
    expect(
      await deploy({
        action: 'iam:CreateRole',
        resource: `arn:aws:iam::${LAB}:role/admin`,
        context: { 'iam:PermissionsBoundary': BOUNDARY, 'aws:RequestTag/Team': 'data' },
      }),
    ).not.toBe('Allowed');
  });

  it('changes a role only while it carries the boundary, and can neither remove nor replace the boundary', async () => {
    for (const action of ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy']) {
      const context = { ...own, 'iam:PolicyARN': `arn:aws:iam::aws:policy/${TEAM_MANAGED_POLICIES[0]!}` };
      const request = (c: Record<string, string>) => ({
        action,
        resource: build,
        context: action === 'iam:AttachRolePolicy' ? c : Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'iam:PolicyARN')),
      });
      expect(await deploy(request({ ...context, 'iam:PermissionsBoundary': BOUNDARY })), action).toBe('Allowed');
      expect(await deploy(request(context)), `${action} on a role without the boundary`).not.toBe('Allowed');
    }
    expect(
      await deploy({
        action: 'iam:DeleteRolePermissionsBoundary',
        resource: build,
        context: { ...own, 'iam:PermissionsBoundary': BOUNDARY },
      }),
    ).toBe('ExplicitlyDenied');
    expect(
      await deploy({
        action: 'iam:PutRolePermissionsBoundary',
        resource: build,
        context: { ...own, 'iam:PermissionsBoundary': `arn:aws:iam::${LAB}:policy/wide` },
      }),
    ).not.toBe('Allowed');
    expect(
      await deploy({
        action: 'iam:AttachRolePolicy',
        resource: build,
        context: { ...own, 'iam:PermissionsBoundary': BOUNDARY, 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' },
      }),
    ).not.toBe('Allowed');
  });

  it('cannot edit the boundary policy itself', async () => {
    for (const action of ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion']) {
      expect(await deploy({ action, resource: BOUNDARY }), action).toBe('ExplicitlyDenied');
    }
  });

  it('passes each team role only to the service it is for, and no other role', async () => {
    const pass = (role: string, service: string, team = 'data') =>
      deploy({
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${LAB}:role/${role}`,
        context: { 'aws:ResourceTag/Team': team, 'iam:PassedToService': service },
      });
    const names = teamRoleNames('data');
    expect(await pass(names.build, 'ec2.amazonaws.com')).toBe('Allowed');
    expect(await pass(names.build, 'imagebuilder.amazonaws.com')).toBe('Allowed');
    expect(await pass(names.lifecycle, 'imagebuilder.amazonaws.com')).toBe('Allowed');
    expect(await pass(names.automaticRebuild, 'states.amazonaws.com')).toBe('Allowed');
    expect(await pass(names.findingEvents, 'events.amazonaws.com')).toBe('Allowed');
    expect(await pass(names.build, 'lambda.amazonaws.com')).not.toBe('Allowed');
    expect(await pass(names.lifecycle, 'ec2.amazonaws.com')).not.toBe('Allowed');
    expect(await pass('golden-ami-deployer', 'ec2.amazonaws.com')).not.toBe('Allowed');
    expect(await pass(teamRoleNames('data-imagebuilder').build, 'ec2.amazonaws.com', 'data-imagebuilder')).not.toBe('Allowed');
  });

  it("never gives a resource another team's tag, nor takes a Team tag away", async () => {
    const pipeline = `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/data-base`;
    const tag = (context: Record<string, string | string[]>) => deploy({ action: 'imagebuilder:TagResource', resource: pipeline, context });
    expect(await tag({ 'aws:ResourceTag/Team': 'data', 'aws:RequestTag/Team': 'data-lake', 'aws:TagKeys': ['Team'] })).not.toBe('Allowed');
    // Someone else's resource under the team's name prefix: not the team's to claim.
    expect(await tag({ 'aws:ResourceTag/Team': 'data-lake', 'aws:RequestTag/Team': 'data', 'aws:TagKeys': ['Team'] })).not.toBe('Allowed');
    expect(
      await deploy({
        action: 'imagebuilder:UntagResource',
        resource: pipeline,
        context: { 'aws:ResourceTag/Team': 'data', 'aws:TagKeys': ['Team'] },
      }),
    ).toBe('ExplicitlyDenied');
    expect(await deploy({ action: 'iam:UntagRole', resource: build, context: { ...own, 'aws:TagKeys': ['Source', 'Team'] } })).toBe(
      'ExplicitlyDenied',
    );
    // A rule of another team that the name pattern would match: PutRule may not take it over.
    const rule = `arn:aws:events:${REGION}:${LAB}:rule/data-image-image-build-failed`;
    expect(
      await deploy({
        action: 'events:PutRule',
        resource: rule,
        context: { 'aws:RequestTag/Team': 'data', 'aws:ResourceTag/Team': 'data-image', 'aws:TagKeys': ['Team'] },
      }),
    ).not.toBe('Allowed');
  });

  it('leaves the team roles it creates within the boundary, whatever policy it gives them', async () => {
    const role = teamRole('data', { anything: everything });
    const logs = `arn:aws:s3:::${foundation.platform.logBucket}`;
    expect(await decide(role, { action: 'iam:CreateRole', resource: `arn:aws:iam::${LAB}:role/admin` })).not.toBe('Allowed');
    expect(await decide(role, { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${LAB}:role/golden-ami-deployer` })).not.toBe(
      'Allowed',
    );
    expect(await decide(role, { action: 'sts:AssumeRole', resource: `arn:aws:iam::${FACTORY}:role/golden-ami-foundation-admin` })).not.toBe(
      'Allowed',
    );
    expect(
      await decide(role, { action: 'ec2:RunInstances', resource: `arn:aws:ec2:${REGION}:${LAB}:instance/i-0123456789abcdef0` }),
    ).not.toBe('Allowed');
    expect(
      await decide(role, {
        action: 's3:PutObject',
        resource: `${logs}/data/build.log`,
        resourceAccount: FACTORY,
        resourcePolicy: bucketPolicy('log-bucket'),
      }),
    ).toBe('Allowed');
    expect(
      await decide(role, {
        action: 's3:PutObject',
        resource: `${logs}/data-lake/build.log`,
        resourceAccount: FACTORY,
        resourcePolicy: bucketPolicy('log-bucket'),
      }),
    ).not.toBe('Allowed');
    const pipeline = (name: string, team: string) => ({
      action: 'imagebuilder:StartImagePipelineExecution',
      resource: `arn:aws:imagebuilder:${REGION}:${LAB}:image-pipeline/${name}`,
      context: { 'aws:ResourceTag/Team': team },
    });
    expect(await decide(role, pipeline('data-base', 'data'))).toBe('Allowed');
    expect(await decide(role, pipeline('data-lake-base', 'data-lake'))).not.toBe('Allowed');
    const image = `arn:aws:imagebuilder:${REGION}:${LAB}:image/data-lake-base/1.0.0/1`;
    expect(
      await decide(role, {
        action: 'imagebuilder:TagResource',
        resource: image,
        context: { 'aws:TagKeys': ['Team'], 'aws:RequestTag/Team': 'data' },
      }),
    ).not.toBe('Allowed');
    expect(
      await decide(role, {
        action: 'states:StartExecution',
        resource: `arn:aws:states:${REGION}:${LAB}:stateMachine:data-image-auto-rebuild`,
      }),
    ).toBe('Allowed');
    expect(
      await decide(role, {
        action: 'states:StartExecution',
        resource: `arn:aws:states:${REGION}:${LAB}:stateMachine:data-image-image-auto-rebuild`,
      }),
    ).not.toBe('Allowed');
  });

  it('lets a team role do what its AWS managed policies and the team settings give it', async () => {
    const role = teamRole('data', { anything: everything });
    for (const [action, resource] of [
      ['ssm:UpdateInstanceInformation', `arn:aws:ec2:${REGION}:${LAB}:instance/i-0123456789abcdef0`],
      ['ssmmessages:OpenControlChannel', '*'],
      ['ec2messages:GetMessages', '*'],
      ['imagebuilder:GetComponent', `arn:aws:imagebuilder:${REGION}:${LAB}:component/data-hardening/1.0.0/1`],
      ['logs:PutLogEvents', `arn:aws:logs:${REGION}:${LAB}:log-group:/aws/imagebuilder/data-base:log-stream:1`],
      ['ec2:DeregisterImage', `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`],
      ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${LAB}:secret:data/token-AbCdEf`],
    ] as const) {
      expect(await decide(role, { action, resource }), action).toBe('Allowed');
    }
  });
});

describe('the build roles and the log bucket', () => {
  it("let each team's build role write logs under its own prefix, never under another team's", async () => {
    const logs = `arn:aws:s3:::${foundation.platform.logBucket}`;
    const put = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${logs}/*` }] };
    for (const team of TEAMS) {
      for (const prefix of TEAMS) {
        const decision = await decide(teamRole(team, { 'write-build-logs': put }), {
          action: 's3:PutObject',
          resource: `${logs}/${prefix}/i-1/build.log`,
          resourceAccount: FACTORY,
          resourcePolicy: bucketPolicy('log-bucket'),
        });
        expect(decision, `${team} → ${prefix}/`).toBe(prefix === team ? 'Allowed' : 'ImplicitlyDenied');
      }
    }
  });

  it("let a team's build role write where its writeS3 names (in the boundary for that team only), and no other team's role", async () => {
    const fleet = teamCopies(repo.fleet(), TEAMS, [{ id: LAB, name: 'digital-lab' }]);
    const data = fleet.teams.find((t) => t.name === 'data')!;
    data.buildPermissions = {
      ...data.buildPermissions,
      s3Writes: [{ bucket: 'museum-results', prefix: 'data/', reason: 'compliance reports of the data images' }],
    };
    const written = stackNamed(synthesizeFoundation(foundationModel(fleet)), 'foundation-digital-lab');
    const writingBoundary = sentToAws(all(written, 'aws_iam_policy').find((p) => p.name === 'golden-ami-team-boundary')!.policy);
    const put = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::museum-results/*' }],
    };
    const role = (team: string): Caller => ({ ...teamRole(team, { 'extra-read-permissions': put }), boundary: writingBoundary });
    const request = (key: string): Request => ({
      action: 's3:PutObject',
      resource: `arn:aws:s3:::museum-results/${key}`,
      resourceAccount: LAB,
    });
    expect(await decide(role('data'), request('data/report.json'))).toBe('Allowed');
    expect(await decide(role('data'), request('other/report.json'))).toBe('ImplicitlyDenied');
    for (const team of TEAMS.filter((t) => t !== 'data'))
      expect(await decide(role(team), request('data/report.json')), team).toBe('ImplicitlyDenied');
    // Without any team's writeS3 the boundary allows no write but the logs.
    expect(await decide({ ...role('data'), boundary: boundary() }, request('data/report.json'))).toBe('ImplicitlyDenied');
  });

  it('have one statement for every team, so no two teams collide in a statement id', () => {
    const sids = JSON.parse(bucketPolicy('log-bucket')).Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual(['DenyInsecureTransport', 'BuildLogs']);
  });
});

describe('the plan role', () => {
  it('reads every team resource the provider refreshes, and no component document through another team’s deploy', async () => {
    const reads = actionsOf([...IMAGE_BUILDER_ACTIONS, ...SNS_ACTIONS, ...EVENTS_ACTIONS, ...STATES_ACTIONS], ['read']).filter(
      (a) => !/Subscription/.test(a),
    );
    for (const action of reads) {
      const row = ROWS.find((r) => r.read.includes(action))!;
      expect(
        await decide(planRole(), {
          action,
          resource: EXAMPLE_ARNS[row.resource]!('data'),
          ...(READS_ON_EVERY_RESOURCE.test(action) ? {} : { context: { 'aws:ResourceTag/Team': 'data' } }),
        }),
        action,
      ).toBe('Allowed');
    }
    for (const action of actionsOf([DOCUMENT_ACTIONS], ['read'])) {
      expect(
        await decide(planRole(), {
          action,
          resource: EXAMPLE_ARNS.aws_s3_object!('data-lake'),
          resourceAccount: FACTORY,
          resourcePolicy: bucketPolicy('component-bucket-eu-west-2'),
        }),
        action,
      ).toBe('Allowed');
    }
    for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectTagging']) {
      expect(
        await decide(planRole(), {
          action,
          resource: EXAMPLE_ARNS.aws_s3_object!('data'),
          resourceAccount: FACTORY,
          resourcePolicy: bucketPolicy('component-bucket-eu-west-2'),
        }),
        action,
      ).not.toBe('Allowed');
    }
  });

  it('decrypts with the platform key only through Image Builder (an encrypted component), never directly', async () => {
    // The key lives in the state account: the plan role needs its own policy and the key policy.
    const keyPolicy = sentToAws(one(state(), 'aws_kms_key', `platform-key-${REGION}`).policy);
    const decrypt = (context?: Record<string, string>) =>
      decide(planRole(), {
        action: 'kms:Decrypt',
        resource: PLATFORM_KEY,
        resourceAccount: FACTORY,
        resourcePolicy: keyPolicy,
        ...(context ? { context } : {}),
      });
    expect(await decrypt({ 'kms:ViaService': `imagebuilder.${REGION}.amazonaws.com` })).toBe('Allowed');
    expect(await decrypt({ 'kms:ViaService': `imagebuilder.eu-west-1.amazonaws.com` })).not.toBe('Allowed');
    expect(await decrypt({ 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).not.toBe('Allowed');
    expect(await decrypt()).not.toBe('Allowed');
  });
});
