/**
 * The foundation stacks: one per account the platform uses, each with its own state key; the keys,
 * buckets, CI identities and account roles they create, judged by behaviour; and the team stacks
 * referring only to what they create.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeAndCheck, teamSourcesOf } from '../src/synthesis/pipeline.js';
import { checkConformance } from '../src/checks/conformance/check.js';
import { affectedFoundationStacks, foundationStackNames } from '../src/workflows/affected-foundation.js';
import type { Fleet } from '../src/model/fleet/fleet.js';
import { distributionRolePermissions } from '../src/model/foundation/account-policies.js';
import { checkCatalog } from '../src/checks/catalog.js';
import type { FoundationCheck } from '../src/config/check-ids.js';
import { checkFoundationStacks } from '../src/checks/foundation/checks.js';
import type { Foundation } from '../src/model/foundation/foundation.js';
import { foundationOf } from '../src/model/foundation/foundation.js';
import { planFoundation } from '../src/synthesis/foundation.js';
import type { SynthesizedStack } from '../src/checks/synthesized.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { at } from './support/bad-input.js';
import { all, foundationModel, one, roleDocuments, stackNamed, statements, synthesizeFoundation } from './support/foundation.js';
import { FixtureRepo, REPO_ROOT, synthesize } from './support/fixture.js';

const STATE = 'foundation-image-factory';
const ACCOUNT = {
  factory: '111111111111',
  collectionsProd: '222222222222',
  staging: '333333333333',
  web: '444444444444',
  lab: '555555555555',
};
const SLR = 'role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder';

let repo: FixtureRepo;
let fleet: Fleet;
let foundation: Foundation;
let stacks: SynthesizedStack[];

beforeAll(() => {
  repo = new FixtureRepo();
  fleet = repo.fleet();
  foundation = foundationModel(fleet);
  stacks = synthesizeFoundation(foundation);
});
afterAll(() => repo.dispose());

const roleByName = (stack: SynthesizedStack, name: string) => all(stack, 'aws_iam_role').find((r) => r.name === name)!;
/**
 * A role's whole permissions (inline and attached managed policies), by Sid: a Sid in several
 * parts is one statement with their resources together and their condition values merged (sorted).
 */
function rolePermissions(stack: SynthesizedStack, roleName: string): Record<string, any> {
  const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const merged: Record<string, any> = {};
  for (const [sid, statement] of Object.values(roleDocuments(stack, roleName)).flatMap((document) =>
    Object.entries(statements(document)),
  )) {
    const seen = merged[sid];
    if (!seen) {
      merged[sid] = structuredClone(statement);
      continue;
    }
    if (seen.Resource !== undefined) seen.Resource = [...new Set([...list(seen.Resource), ...list(statement.Resource)])];
    for (const [operator, keys] of Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const [key, value] of Object.entries(keys)) {
        const before = seen.Condition[operator][key];
        const union = [...new Set([...list(before), ...list(value)])];
        if (union.length !== list(before).length) seen.Condition[operator][key] = union.sort();
      }
    }
  }
  return merged;
}

describe('foundation stacks', () => {
  it('are one per account the platform uses, named foundation-<account>, each with its own state key', () => {
    expect(stacks.map((s) => s.name).sort()).toEqual([
      'foundation-collections-prod',
      'foundation-collections-staging',
      'foundation-digital-lab',
      'foundation-image-factory',
      'foundation-web-prod',
    ]);
    for (const stack of stacks) {
      const account = stack.name.slice('foundation-'.length);
      expect(stack.json.terraform?.backend?.s3).toEqual({
        bucket: 'museum-golden-ami-tfstate',
        key: `foundation/${account}/terraform.tfstate`,
        region: 'eu-west-2',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-west-2:111111111111:alias/golden-ami-state',
        use_lockfile: true,
      });
    }
  });

  it('pass the pinned provider rules and every foundation check', () => {
    expect(stacks.flatMap(checkConformance)).toEqual([]);
    expect(checkFoundationStacks(stacks, foundation)).toEqual([]);
  });

  it('refuse a team that builds outside the build accounts', () => {
    const moved = {
      ...fleet,
      teams: fleet.teams.map((t) =>
        t.name === 'collections' ? { ...t, account: { id: ACCOUNT.staging, name: 'collections-staging' } } : t,
      ),
    };
    expect(foundationOf(moved).problems).toEqual([
      expect.objectContaining({
        file: 'teams/collections/team.yaml',
        message: 'team collections builds in account collections-staging, which is not a foundation build account',
      }),
    ]);
  });
});

/** The recorded key ARNs the stack's output preconditions hold a key to, with that key's logical id. */
function recordedKeyChecks(stack: SynthesizedStack): Map<string, string> {
  const outputs = Object.values<{ precondition?: { condition: string }[] }>((stack.json as any).output ?? {});
  const checks = outputs
    .flatMap((output) => output.precondition ?? [])
    .map((p) => /^\$\{\(aws_kms_key\.([\w-]+)\.arn == "([^"]+)"\)\}$/.exec(p.condition));
  return new Map(checks.flatMap((match) => (match ? [[match[2]!, match[1]!] as const] : [])));
}

describe('platform keys', () => {
  const state = () => stackNamed(stacks, STATE);
  const key = (region: string) => one(state(), 'aws_kms_key', `platform-key-${region}`);

  it('exist per region with rotation on, an alias, and a plan-time check that they are the keys the team stacks use', () => {
    for (const region of ['eu-west-2', 'eu-west-1']) {
      expect(key(region)).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
      expect(one(state(), 'aws_kms_alias', `platform-key-${region}`).name).toBe('alias/golden-ami');
      const recorded = fleet.platform.kmsKeys[region as 'eu-west-2']!;
      expect(key(region).lifecycle).toEqual({ prevent_destroy: true });
      // The check is on the output the ARN is recorded from: a plan fails when the key is not the recorded one.
      const checks = recordedKeyChecks(state());
      expect(checks.get(recorded), region).toMatch(new RegExp(`^state_platform-key-${region}_key_\\w+$`));
    }
    expect(key('eu-west-2').region).toBeUndefined();
    expect(key('eu-west-1').region).toBe('eu-west-1');
  });

  it('grant the build roles (by name pattern), Image Builder and the deploy role of each build account, narrowed by aws:PrincipalArn', () => {
    const use = statements(key('eu-west-2').policy).BuildAccountsUse;
    expect(use.Principal.AWS).toEqual([ACCOUNT.factory, ACCOUNT.lab, ACCOUNT.web].map((id) => `arn:aws:iam::${id}:root`));
    expect(use.Condition.ArnLike['aws:PrincipalArn']).toEqual(
      expect.arrayContaining([
        `arn:aws:iam::${ACCOUNT.lab}:role/*-imagebuilder-build`,
        `arn:aws:iam::${ACCOUNT.lab}:${SLR}`,
        `arn:aws:iam::${ACCOUNT.lab}:role/golden-ami-deployer`,
      ]),
    );
    expect(use.Action).not.toContain('kms:CreateGrant');
    expect(statements(key('eu-west-2').policy).BuildAccountsGrantToServices.Condition.Bool).toEqual({
      'kms:GrantIsForAWSResource': 'true',
    });
  });

  it('grant EventBridge and SNS only for the build accounts, and the receiving accounts only their distribution roles', () => {
    const policy = statements(key('eu-west-2').policy);
    expect(policy.EncryptedAlertTopics).toMatchObject({
      Principal: { Service: ['events.amazonaws.com', 'sns.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: { StringEquals: { 'aws:SourceAccount': [ACCOUNT.factory, ACCOUNT.lab, ACCOUNT.web] } },
    });
    expect(policy.DistributionCopies.Condition.ArnLike['aws:PrincipalArn']).toEqual(
      [ACCOUNT.collectionsProd, ACCOUNT.staging, ACCOUNT.web].map(
        (id) => `arn:aws:iam::${id}:role/EC2ImageBuilderDistributionCrossAccountRole`,
      ),
    );
  });

  it('grant the organization only in regions where an image shares with it, launch-permission accounts only there, and keyConsumers everywhere', () => {
    expect(statements(key('eu-west-2').policy).OrganizationLaunchesSharedAmis).toMatchObject({
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-museum0001' } },
    });
    // cdktf.json's foundation.keyConsumers: the accounts receiving copies launch them in every region.
    const consumers = [ACCOUNT.collectionsProd, ACCOUNT.staging, ACCOUNT.web].map((id) => `arn:aws:iam::${id}:root`);
    expect(statements(key('eu-west-2').policy).AccountsLaunchSharedAmis.Principal.AWS).toEqual(consumers);
    expect(statements(key('eu-west-1').policy).AccountsLaunchSharedAmis.Principal.AWS).toEqual(consumers);
    expect(Object.keys(statements(key('eu-west-1').policy))).toEqual([
      'KeyAdministration',
      'AccountAdministersKeyThroughIam',
      'PlanReadsKeySettings',
      'BuildAccountsUse',
      'BuildAccountsGrantToServices',
      'BuildAccountPlansReadComponents',
      'EncryptedAlertTopics',
      'DistributionCopies',
      'DistributionCopiesGrantToServices',
      'ReleaserCopies',
      'ReleaserCopiesGrantToServices',
      'AccountsLaunchSharedAmis',
      'AccountsGrantToEc2',
      'AccountsGrantToAutoScaling',
    ]);
  });

  it('are administered by the foundation role, and through IAM by the state account for break-glass (no use), with no kms:* anywhere', () => {
    const admin = statements(key('eu-west-1').policy).KeyAdministration;
    expect(admin.Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT.factory}:role/golden-ami-foundation-admin` });
    const breakGlass = statements(key('eu-west-1').policy).AccountAdministersKeyThroughIam;
    expect(breakGlass).toEqual({
      ...admin,
      Sid: 'AccountAdministersKeyThroughIam',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT.factory}:root` },
    });
    expect(JSON.stringify(JSON.parse(key('eu-west-1').policy))).not.toContain('kms:*');
  });
});

describe('buckets', () => {
  const state = () => stackNamed(stacks, STATE);
  const bucketPolicy = (idPart: string) => statements(one(state(), 'aws_s3_bucket_policy', idPart).policy);

  it('are versioned, encrypted, owner-enforced, block public access and refuse requests without TLS', () => {
    const names = all(state(), 'aws_s3_bucket')
      .map((b) => b.bucket)
      .sort();
    expect(names).toEqual([
      'museum-golden-ami-tfstate',
      'museum-imagebuilder-components-eu-west-1',
      'museum-imagebuilder-components-eu-west-2',
      'museum-imagebuilder-logs',
    ]);
    for (const part of ['state-bucket', 'log-bucket', 'component-bucket-eu-west-1', 'component-bucket-eu-west-2']) {
      expect(one(state(), 'aws_s3_bucket_versioning', part).versioning_configuration).toEqual({ status: 'Enabled' });
      expect(one(state(), 'aws_s3_bucket_public_access_block', part)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(one(state(), 'aws_s3_bucket_ownership_controls', part).rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      expect(bucketPolicy(part).DenyInsecureTransport).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(
        one(state(), 'aws_s3_bucket_server_side_encryption_configuration', part).rule[0].apply_server_side_encryption_by_default
          .sse_algorithm,
      ).toMatch(/^(aws:kms|AES256)$/);
    }
  });

  it("let the build accounts' team build roles put logs under their own team's prefix only, and expire old logs", () => {
    // One statement for every team: the principal's Team tag names the prefix (foundation-access.test.ts judges it).
    expect(Object.values(bucketPolicy('log-bucket'))).toEqual([
      expect.objectContaining({ Sid: 'DenyInsecureTransport' }),
      {
        Sid: 'BuildLogs',
        Effect: 'Allow',
        Principal: { AWS: [ACCOUNT.factory, ACCOUNT.lab, ACCOUNT.web].map((id) => `arn:aws:iam::${id}:root`) },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::museum-imagebuilder-logs/${aws:PrincipalTag/Team}/*',
        Condition: {
          ArnLike: {
            'aws:PrincipalArn': [ACCOUNT.factory, ACCOUNT.lab, ACCOUNT.web].map((id) => `arn:aws:iam::${id}:role/*-imagebuilder-build`),
          },
        },
      },
    ]);
    const rule = one(state(), 'aws_s3_bucket_lifecycle_configuration', 'log-bucket').rule[0];
    expect(rule).toMatchObject({ status: 'Enabled', expiration: [{ days: 365 }] });
  });

  it("let each build account's deploy role write only its session team's component documents, in every region", () => {
    for (const region of ['eu-west-2', 'eu-west-1']) {
      const policy = bucketPolicy(`component-bucket-${region}`);
      expect(policy.DeployWritesTeamDocuments).toMatchObject({
        Resource: `arn:aws:s3:::museum-imagebuilder-components-${region}/components/\${aws:PrincipalTag/Team}/*`,
        Condition: {
          ArnEquals: {
            'aws:PrincipalArn': [ACCOUNT.factory, ACCOUNT.lab, ACCOUNT.web].map((id) => `arn:aws:iam::${id}:role/golden-ami-deployer`),
          },
        },
      });
      expect(policy.DeployWritesTeamDocuments.Action).toEqual([
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:GetObject',
        's3:GetObjectTagging',
        's3:PutObject',
        's3:PutObjectTagging',
      ]);
      expect(policy.DeployListsTeamDocumentVersions.Condition.StringLike).toEqual({ 's3:prefix': 'components/${aws:PrincipalTag/Team}/*' });
      expect(policy.ImageBuilderReadsDocuments.Condition.ArnEquals['aws:PrincipalArn']).toContain(`arn:aws:iam::${ACCOUNT.lab}:${SLR}`);
      expect(policy.PlanReadsDocuments.Action).toEqual(['s3:GetObject', 's3:GetObjectTagging']);
    }
  });
});

describe('CI identities', () => {
  const state = () => stackNamed(stacks, STATE);
  const trust = (name: string) => JSON.parse(roleByName(state(), name).assume_role_policy).Statement[0];

  it('trust GitHub OIDC for this repository only: plans from pull requests and main, deploys from their environments', () => {
    expect(one(state(), 'aws_iam_openid_connect_provider', 'github-oidc')).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
    const repoSub = 'repo:museum-digital/golden-ami-pipelines';
    expect(trust('golden-ami-ci-plan').Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': [`${repoSub}:pull_request`, `${repoSub}:ref:refs/heads/main`],
      },
    });
    expect(trust('golden-ami-ci-deploy').Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      `${repoSub}:environment:production`,
    );
    expect(trust('golden-ami-ci-foundation').Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      `${repoSub}:environment:foundation`,
    );
    for (const name of ['golden-ami-ci-plan', 'golden-ami-ci-deploy', 'golden-ami-ci-foundation'])
      expect(trust(name).Action).toBe('sts:AssumeRoleWithWebIdentity');
  });

  it("give the CI plan role read access to state alone, and the deploy role team state and the build accounts' deploy roles", () => {
    const plan = rolePermissions(state(), 'golden-ami-ci-plan');
    expect(plan.ReadState.Resource).toEqual([
      'arn:aws:s3:::museum-golden-ami-tfstate/teams/*/terraform.tfstate',
      'arn:aws:s3:::museum-golden-ami-tfstate/foundation/*/terraform.tfstate',
    ]);
    expect(plan.StateKey.Action).toBe('kms:Decrypt');
    const deploy = rolePermissions(state(), 'golden-ami-ci-deploy');
    expect(deploy.ReadWriteState.Resource).toBe('arn:aws:s3:::museum-golden-ami-tfstate/teams/*/terraform.tfstate');
    expect(deploy.AssumeAccountRoles.Resource).toEqual(
      [ACCOUNT.factory, ACCOUNT.lab, ACCOUNT.web].map((id) => `arn:aws:iam::${id}:role/golden-ami-deployer`),
    );
    const foundationRole = rolePermissions(state(), 'golden-ami-ci-foundation');
    expect(foundationRole.ReadWriteState.Resource).toBe('arn:aws:s3:::museum-golden-ami-tfstate/foundation/*/terraform.tfstate');
  });
});

describe('build account roles', () => {
  const lab = () => stackNamed(stacks, 'foundation-digital-lab');

  it('trust only their CI role (and the plan role the read-only operator role too), by aws:PrincipalArn', () => {
    const trust = JSON.parse(roleByName(lab(), 'golden-ami-deployer').assume_role_policy).Statement[0];
    expect(trust).toEqual({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT.factory}:root` },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT.factory}:role/golden-ami-ci-deploy` } },
    });
    expect(
      JSON.parse(roleByName(lab(), 'golden-ami-planner').assume_role_policy).Statement[0].Condition.ArnEquals['aws:PrincipalArn'],
    ).toEqual([`arn:aws:iam::${ACCOUNT.factory}:role/golden-ami-ci-plan`, `arn:aws:iam::${ACCOUNT.factory}:role/golden-ami-operator`]);
  });

  it("bind the deploy role to the session's Team tag: team names nowhere, each Image Builder type named, only the team's managed policies", () => {
    const policy = rolePermissions(lab(), 'golden-ami-deployer');
    expect(JSON.stringify(policy)).not.toMatch(/collections|platform-/);
    expect(policy.CreateTeamImageBuilderResources.Resource).toEqual(
      ['component', 'distribution-configuration', 'image-pipeline', 'image-recipe', 'infrastructure-configuration', 'lifecycle-policy'].map(
        (type) => `arn:aws:imagebuilder:*:${ACCOUNT.lab}:${type}/\${aws:PrincipalTag/Team}-*`,
      ),
    );
    expect(policy.CreateTeamImageBuilderResources.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/Team': '${aws:PrincipalTag/Team}' },
      Null: { 'aws:ResourceTag/Team': 'true' },
    });
    expect(policy.ChangeTeamImageBuilderResources.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/Team': '${aws:PrincipalTag/Team}' },
    });
    expect(policy.CreateTeamRoles.Resource).toEqual(
      ['build', 'lifecycle', 'auto-rebuild', 'finding-events'].map(
        (kind) => `arn:aws:iam::${ACCOUNT.lab}:role/\${aws:PrincipalTag/Team}-imagebuilder-${kind}`,
      ),
    );
    expect(policy.CreateTeamRoles.Condition.StringEquals['iam:PermissionsBoundary']).toBe(
      `arn:aws:iam::${ACCOUNT.lab}:policy/golden-ami-team-boundary`,
    );
    expect(policy.AttachOnlyTheTeamManagedPolicies.Condition.ArnEquals['iam:PolicyARN']).not.toContain(
      'arn:aws:iam::aws:policy/AdministratorAccess',
    );
    expect(policy.PassLifecycleRole.Condition.StringEquals['iam:PassedToService']).toBe('imagebuilder.amazonaws.com');
  });

  it('give every build account the team boundary, the same for any teams', () => {
    const boundary = (stack: string) => all(stackNamed(stacks, stack), 'aws_iam_policy').find((p) => p.name === 'golden-ami-team-boundary');
    expect(Object.keys(statements(boundary('foundation-digital-lab')!.policy))).toEqual([
      'InstanceManagement',
      'ImageBuilderLogs',
      'TeamReads',
      'TeamBuildLogs',
      'LifecycleImages',
      'LifecycleContainerImages',
      'LifecycleLookups',
      'TeamPipelines',
      'TagStartedImages',
      'TeamStateMachines',
    ]);
    expect(boundary('foundation-web-prod')).toBeDefined();
    expect(boundary('foundation-collections-prod')).toBeUndefined();
  });

  it('give the plan role no way to read S3 objects (but component documents), secrets, SSM parameters (but AMI ids) or decrypt (but through Image Builder)', () => {
    const policy = rolePermissions(lab(), 'golden-ami-planner');
    const actions = Object.values(policy).flatMap((s: any) => [s.Action].flat());
    expect(actions.filter((a) => /^(secretsmanager:|ssm:GetParameter|kms:Decrypt)/.test(a))).toEqual([
      'ssm:GetParameter',
      'ssm:GetParameterHistory',
      'kms:Decrypt',
    ]);
    expect(policy.ReadTeamAmiParameters.Resource).toEqual(
      ['eu-west-2', 'eu-west-1'].map((r) => `arn:aws:ssm:${r}:${ACCOUNT.lab}:parameter/golden-ami/*/*`),
    );
    expect(policy.ReadComponentDocuments).toEqual({
      Sid: 'ReadComponentDocuments',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectTagging'],
      Resource: ['eu-west-2', 'eu-west-1'].map((r) => `arn:aws:s3:::museum-imagebuilder-components-${r}/components/*`),
    });
    expect(policy.DecryptComponentsThroughImageBuilder.Condition).toEqual({
      StringEquals: { 'kms:ViaService': ['imagebuilder.eu-west-2.amazonaws.com', 'imagebuilder.eu-west-1.amazonaws.com'] },
    });
    expect(policy.ReadConfiguration.Action).not.toContain('s3:GetObject');
  });
});

describe('receiving accounts', () => {
  const prod = () => stackNamed(stacks, 'foundation-collections-prod');

  it('get the distribution role Image Builder expects, trusting only the service-linked role of the build accounts that distribute there', () => {
    const role = roleByName(prod(), 'EC2ImageBuilderDistributionCrossAccountRole');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.ArnEquals['aws:PrincipalArn']).toEqual([
      `arn:aws:iam::${ACCOUNT.factory}:${SLR}`,
      `arn:aws:iam::${ACCOUNT.lab}:${SLR}`,
    ]);
    expect(one(prod(), 'aws_iam_role_policy_attachment', 'distribution-managed-policy').policy_arn).toBe(
      'arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess',
    );
    const web = JSON.parse(
      roleByName(stackNamed(stacks, 'foundation-web-prod'), 'EC2ImageBuilderDistributionCrossAccountRole').assume_role_policy,
    );
    expect(web.Statement[0].Condition.ArnEquals['aws:PrincipalArn']).toEqual([`arn:aws:iam::${ACCOUNT.factory}:${SLR}`]);
  });

  it('get the cross-account lifecycle role by its required name, for Image Builder acting for the distributing build accounts only', () => {
    const role = roleByName(prod(), 'Ec2ImageBuilderCrossAccountLifecycleAccess');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'imagebuilder.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': [ACCOUNT.factory, ACCOUNT.lab] },
          ArnLike: { 'aws:SourceArn': 'arn:aws:imagebuilder:*:*:image/*/*/*' },
        },
      },
    ]);
    expect(one(prod(), 'aws_iam_role_policy_attachment', 'lifecycle-managed').policy_arn).toBe(
      'arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy',
    );
    // Build accounts that receive nothing get no such role.
    expect(all(stackNamed(stacks, 'foundation-image-factory'), 'aws_iam_role').map((r) => r.name)).not.toContain(
      'Ec2ImageBuilderCrossAccountLifecycleAccess',
    );
  });

  it('trust-pinned refuses a service principal that may act for any account', () => {
    const copy = stacks.map((s) => ({ name: s.name, json: structuredClone(s.json) }));
    editPolicy(
      find(stackNamed(copy, 'foundation-collections-prod').json, 'aws_iam_role', 'lifecycle-role'),
      'assume_role_policy',
      (d) => delete d.Statement[0].Condition.StringEquals,
    );
    expect(checkFoundationStacks(copy, foundation).map((f) => [f.check, f.message])).toEqual([
      [
        'trust-pinned',
        'role Ec2ImageBuilderCrossAccountLifecycleAccess: trusts a service principal without naming the accounts it acts for (aws:SourceAccount)',
      ],
    ]);
  });

  it("let Image Builder add versions to the launch templates the fleet names and write AMI-id parameters under the platform's prefix only", () => {
    const policy = rolePermissions(prod(), 'EC2ImageBuilderDistributionCrossAccountRole');
    expect(policy.LaunchTemplateVersions.Resource).toEqual([
      `arn:aws:ec2:eu-west-2:${ACCOUNT.collectionsProd}:launch-template/lt-0a1b2c3d4e5f60718`,
      `arn:aws:ec2:eu-west-2:${ACCOUNT.collectionsProd}:launch-template/lt-0c0ffee0c0ffee001`,
    ]);
    expect(policy.TeamParameters.Resource).toEqual(
      ['eu-west-2', 'eu-west-1'].map((r) => `arn:aws:ssm:${r}:${ACCOUNT.collectionsProd}:parameter/golden-ami/*/*`),
    );
    expect(policy.EncryptedCopies.Resource).toEqual(Object.values(fleet.platform.kmsKeys));
  });

  it('keep the launch templates in managed policies, the only part that grows: 720 fit beside the AWS managed policy, and aws-policy-size reports more (docs/platform.md)', () => {
    const prodAccount = foundation.accounts.find((a) => a.name === 'collections-prod')!;
    const withTemplates = (count: number): Foundation => {
      const receiving = {
        ...prodAccount.receiving!,
        launchTemplates: Array.from({ length: count }, (_, i) => ({ region: 'eu-west-2', id: `lt-0${String(i).padStart(16, '0')}` })),
      };
      return { ...foundation, accounts: foundation.accounts.map((a) => (a.name === 'collections-prod' ? { ...a, receiving } : a)) };
    };
    const crowded = withTemplates(720);
    const crowdedStacks = synthesizeFoundation(crowded);
    expect(checkFoundationStacks(crowdedStacks, crowded).filter((finding) => finding.check === 'aws-policy-size')).toEqual([]);
    const prodStack = stackNamed(crowdedStacks, 'foundation-collections-prod');
    expect(rolePermissions(prodStack, 'EC2ImageBuilderDistributionCrossAccountRole').LaunchTemplateVersions.Resource).toHaveLength(720);
    const parts = all(prodStack, 'aws_iam_policy')
      .map((p) => p.name)
      .filter((name) => name.startsWith('EC2ImageBuilderDistributionCrossAccountRole-part-'));
    expect(parts).toHaveLength(9);
    const over = withTemplates(721);
    expect(
      checkFoundationStacks(synthesizeFoundation(over), over)
        .filter((finding) => finding.check === 'aws-policy-size')
        .map((f) => f.message),
    ).toEqual([
      expect.stringMatching(
        /^role EC2ImageBuilderDistributionCrossAccountRole would have 11 managed policies attached, over AWS's default quota of 10/,
      ),
    ]);
  });

  it('put the launch templates in the managed policies in their order, so one added at the end changes only the last policy', () => {
    const prodAccount = foundation.accounts.find((a) => a.name === 'collections-prod')!;
    const parts = (count: number) => {
      const receiving = {
        ...prodAccount.receiving!,
        launchTemplates: Array.from({ length: count }, (_, i) => ({ region: 'eu-west-2', id: `lt-0${String(i).padStart(16, '0')}` })),
      };
      return distributionRolePermissions(foundation, { ...prodAccount, receiving }).managed.map((d) => JSON.stringify(d));
    };
    for (let n = 70; n <= 170; n++) {
      const before = parts(n);
      const after = parts(n + 1);
      expect(after.slice(0, before.length - 1), `${n} templates`).toEqual(before.slice(0, -1));
      expect(after.length - before.length, `${n} templates`).toBeLessThanOrEqual(1);
    }
  });
});

describe('the route of critical findings to the automatic rebuilds', () => {
  const forwardingRules = (account: string) =>
    all(stackNamed(stacks, `foundation-${account}`), 'aws_cloudwatch_event_rule')
      .map((rule) => `${rule.region ?? 'eu-west-2'} ${rule.name}`)
      .sort();

  it('gives each build account a findings bus in every foundation region, open only to the forwarder roles of the accounts holding its AMIs', () => {
    const factory = stackNamed(stacks, STATE);
    expect(all(factory, 'aws_cloudwatch_event_bus').map((bus) => `${bus.region ?? 'eu-west-2'} ${bus.name}`)).toEqual([
      'eu-west-1 golden-ami-findings',
      'eu-west-2 golden-ami-findings',
    ]);
    const statement = statements(one(factory, 'aws_cloudwatch_event_bus_policy', 'eu-west-2').policy).ForwardedCriticalFindings;
    // The build account's own forwarder too: a bus takes events from another bus of its account only if its policy says so.
    const senders = [ACCOUNT.factory, ACCOUNT.collectionsProd, ACCOUNT.staging, ACCOUNT.web];
    expect(statement.Action).toBe('events:PutEvents');
    expect(statement.Resource).toBe(`arn:aws:events:eu-west-2:${ACCOUNT.factory}:event-bus/golden-ami-findings`);
    expect(statement.Principal.AWS).toEqual(senders.map((id) => `arn:aws:iam::${id}:root`));
    expect(statement.Condition.ArnEquals['aws:PrincipalArn']).toEqual(
      senders.map((id) => `arn:aws:iam::${id}:role/golden-ami-finding-forwarder`),
    );
    // collections builds in digital-lab but rebuilds nothing automatically: buses (a team may start to), no senders, no policy.
    expect(all(stackNamed(stacks, 'foundation-digital-lab'), 'aws_cloudwatch_event_bus')).toHaveLength(2);
    expect(all(stackNamed(stacks, 'foundation-digital-lab'), 'aws_cloudwatch_event_bus_policy')).toEqual([]);
  });

  it('forwards critical findings from every account and region holding AMIs of an image that rebuilds on them, and from nowhere else', () => {
    // platform/container-host: eu-west-2 to collections-prod, -staging and web-prod; eu-west-1 to collections-prod and web-prod.
    const both = ['eu-west-1 golden-ami-findings-to-111111111111-eu-west-2', 'eu-west-2 golden-ami-findings-to-111111111111-eu-west-2'];
    expect(forwardingRules('image-factory')).toEqual(both);
    expect(forwardingRules('collections-prod')).toEqual(both);
    expect(forwardingRules('web-prod')).toEqual(both);
    expect(forwardingRules('collections-staging')).toEqual(['eu-west-2 golden-ami-findings-to-111111111111-eu-west-2']);
    expect(forwardingRules('digital-lab')).toEqual([]);
    const rule = all(stackNamed(stacks, 'foundation-web-prod'), 'aws_cloudwatch_event_rule')[0]!;
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.inspector2'],
      'detail-type': ['Inspector2 Finding'],
      detail: { severity: ['CRITICAL'], fixAvailable: ['YES'], status: ['ACTIVE'], resources: { type: ['AWS_EC2_INSTANCE'] } },
    });
  });

  it('forwards with a role EventBridge may assume only for its own account, allowed to put events on those buses alone', () => {
    const web = stackNamed(stacks, 'foundation-web-prod');
    const trust = JSON.parse(roleByName(web, 'golden-ami-finding-forwarder').assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(trust.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT.web } });
    expect(rolePermissions(web, 'golden-ami-finding-forwarder').ForwardCriticalFindings).toMatchObject({
      Action: 'events:PutEvents',
      Resource: [`arn:aws:events:eu-west-2:${ACCOUNT.factory}:event-bus/golden-ami-findings`],
    });
    for (const target of all(web, 'aws_cloudwatch_event_target')) {
      expect(target.arn).toBe(`arn:aws:events:eu-west-2:${ACCOUNT.factory}:event-bus/golden-ami-findings`);
      expect(target.role_arn).toMatch(/^\$\{aws_iam_role\.finding-forwarding_forwarder-role_/);
    }
  });
});

describe('team stacks refer only to what the foundation stacks create', () => {
  it('roles, buckets, keys, distribution roles and event buses of every team stack exist in a foundation stack', () => {
    const created = new Set<string>();
    for (const stack of stacks) {
      const account = foundation.accounts.find((a) => `foundation-${a.name}` === stack.name)!;
      for (const role of all(stack, 'aws_iam_role')) created.add(`role arn:aws:iam::${account.id}:role${role.path ?? '/'}${role.name}`);
      for (const bucket of all(stack, 'aws_s3_bucket')) created.add(`bucket ${bucket.bucket}`);
      // A key is the one the team stacks name when a plan-time check holds it to the recorded ARN.
      const keys = Object.keys((stack.json.resource as any)?.aws_kms_key ?? {});
      for (const [recorded, key] of recordedKeyChecks(stack)) if (keys.includes(key)) created.add(`key ${recorded}`);
      for (const bus of all(stack, 'aws_cloudwatch_event_bus')) created.add(`bus ${account.id} ${bus.region ?? 'eu-west-2'} ${bus.name}`);
      for (const policy of all(stack, 'aws_iam_policy')) created.add(`policy arn:aws:iam::${account.id}:policy/${policy.name}`);
    }
    const referred = new Set<string>();
    for (const [team, text] of Object.entries(synthesize(fleet))) {
      const json = JSON.parse(text);
      for (const role of (json.provider.aws as any[]).flatMap((p) => p.assume_role.map((a: any) => a.role_arn)))
        referred.add(`role ${role}`);
      for (const role of Object.values<any>(json.resource.aws_iam_role ?? {})) referred.add(`policy ${role.permissions_boundary}`);
      const t = fleet.teams.find((x) => x.name === team)!;
      referred.add(`role ${t.planRoleArn}`);
      referred.add(`bucket ${json.terraform.backend.s3.bucket}`);
      for (const infra of Object.values<any>(json.resource.aws_imagebuilder_infrastructure_configuration ?? {}))
        referred.add(`bucket ${infra.logging.s3_logs.s3_bucket_name}`);
      for (const object of Object.values<any>(json.resource.aws_s3_object ?? {})) referred.add(`bucket ${object.bucket}`);
      const keys = JSON.stringify(json).match(/arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+/g) ?? [];
      for (const key of keys) referred.add(`key ${key}`);
      for (const rule of Object.values<any>(json.resource.aws_cloudwatch_event_rule ?? {})) {
        if (rule.event_bus_name) referred.add(`bus ${t.account.id} ${t.region} ${rule.event_bus_name}`);
      }
      for (const distribution of Object.values<any>(json.resource.aws_imagebuilder_distribution_configuration ?? {})) {
        for (const target of distribution.distribution) {
          for (const id of target.ami_distribution_configuration?.target_account_ids ?? []) {
            if (id !== t.account.id) referred.add(`role arn:aws:iam::${id}:role/EC2ImageBuilderDistributionCrossAccountRole`);
          }
        }
      }
    }
    expect(referred.size).toBeGreaterThan(8);
    expect([...referred].filter((name) => !created.has(name))).toEqual([]);
  });

  it('assume the deploy and plan roles with the team as session tag, and give every role they create the team boundary', () => {
    for (const [team, text] of Object.entries(synthesize(fleet))) {
      const json = JSON.parse(text);
      expect(
        (json.provider.aws as any[]).map((p) => p.assume_role[0].tags),
        team,
      ).toEqual([{ Team: team }]);
      const t = fleet.teams.find((x) => x.name === team)!;
      const roles = Object.values<any>(json.resource.aws_iam_role);
      expect(roles.length).toBeGreaterThan(1);
      for (const role of roles)
        expect(role.permissions_boundary, `${team} ${role.name}`).toBe(`arn:aws:iam::${t.account.id}:policy/golden-ami-team-boundary`);
      expect(json.provider.aws[0].default_tags[0].tags.Team).toBe(team);
    }
  });

  it('a component document too large for data goes to the component bucket of the team region, which the foundation creates', () => {
    const names = all(stackNamed(stacks, STATE), 'aws_s3_bucket').map((b) => b.bucket);
    for (const team of fleet.teams) expect(names).toContain(`museum-imagebuilder-components-${team.region}`);
  });
});

describe('bootstrap', () => {
  it('keeps the state account stack on local state outside cdktf.out in the first step, every other stack on S3', () => {
    const first = synthesizeFoundation(foundation, { bootstrapStatePath: '/repo/.bootstrap/terraform.tfstate' });
    expect(stackNamed(first, STATE).json.terraform?.backend).toEqual({ local: { path: '/repo/.bootstrap/terraform.tfstate' } });
    expect(all(stackNamed(first, STATE), 'aws_s3_bucket').map((b) => b.bucket)).toContain('museum-golden-ami-tfstate');
    expect(stackNamed(first, 'foundation-digital-lab').json.terraform?.backend?.s3).toBeDefined();
    expect(checkFoundationStacks(first, foundation, { bootstrap: true })).toEqual([]);
    // The second step is the normal synth: the same stack on the S3 key its local state migrates to.
    expect(stackNamed(stacks, STATE).json.terraform?.backend?.s3?.key).toBe('foundation/image-factory/terraform.tfstate');
  });
});

/** One mutation of a synthesised stack per check, each breaking exactly that check. */
type Mutation = (json: any) => void;
const find = (json: any, type: string, idPart: string) =>
  Object.entries(json.resource[type] as Record<string, any>).find(([id]) => id.includes(idPart))![1];
const editPolicy = (resource: any, attribute: string, edit: (doc: any) => void) => {
  const doc = JSON.parse(resource[attribute]);
  edit(doc);
  resource[attribute] = JSON.stringify(doc);
};

const ONE_FINDING_EACH: [FoundationCheck, string, Mutation, RegExp][] = [
  [
    'foundation-least-privilege',
    STATE,
    (j) =>
      editPolicy(find(j, 'aws_iam_role_policy', 'ci-deploy'), 'policy', (d) =>
        d.Statement.push({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::x' }),
      ),
    /wildcard action "s3:\*"/,
  ],
  [
    'no-admin-policies',
    'foundation-web-prod',
    (j) => (find(j, 'aws_iam_role_policy_attachment', 'distribution').policy_arn = 'arn:aws:iam::aws:policy/AdministratorAccess'),
    /AdministratorAccess/,
  ],
  ['key-rotation', STATE, (j) => (find(j, 'aws_kms_key', 'platform-key-eu-west-1').enable_key_rotation = false), /does not rotate/],
  [
    'key-policy-principals',
    STATE,
    (j) =>
      editPolicy(find(j, 'aws_kms_key', 'platform-key-eu-west-1'), 'policy', (d) =>
        d.Statement.push({
          Sid: 'Outsider',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999988887777:root' },
          Action: 'kms:Decrypt',
          Resource: '*',
        }),
      ),
    /Outsider names arn:aws:iam::999988887777:root/,
  ],
  [
    'no-public-bucket',
    STATE,
    (j) => (find(j, 'aws_s3_bucket_public_access_block', 'log-bucket').restrict_public_buckets = false),
    /museum-imagebuilder-logs does not block public access/,
  ],
  [
    'trust-pinned',
    STATE,
    (j) =>
      editPolicy(
        find(j, 'aws_iam_role', 'ci-plan'),
        'assume_role_policy',
        (d) => (d.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'] = 'repo:someone/else:pull_request'),
      ),
    /repo:someone\/else:pull_request/,
  ],
  [
    'plan-reads-no-data',
    'foundation-digital-lab',
    (j) =>
      editPolicy(find(j, 'aws_iam_role_policy', 'plan-role'), 'policy', (d) =>
        d.Statement.push({
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: 'arn:aws:secretsmanager:eu-west-2:555555555555:secret:x',
        }),
      ),
    /secretsmanager:GetSecretValue: secrets/,
  ],
  [
    'aws-policy-size',
    'foundation-digital-lab',
    (j) =>
      editPolicy(find(j, 'aws_iam_role_policy', 'deploy-role'), 'policy', (d) =>
        d.Statement.push({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: Array.from({ length: 200 }, (_, i) => `arn:aws:s3:::museum-imagebuilder-components-eu-west-2/components/team-${i}/*`),
        }),
      ),
    /inline policies of role golden-ami-deployer has \d+ characters, over AWS's 10240/,
  ],
  [
    'foundation-state-backend',
    'foundation-web-prod',
    (j) => (j.terraform.backend.s3.key = 'teams/web-prod/terraform.tfstate'),
    /not under foundation\//,
  ],
];

describe('foundation checks', () => {
  it('has one failing case per check', () => {
    expect(ONE_FINDING_EACH.map(([check]) => check).sort()).toEqual(
      checkCatalog()
        .filter((entry) => entry.family === 'foundation')
        .map((entry) => entry.id)
        .sort(),
    );
  });

  it.each(ONE_FINDING_EACH)('%s fails on its one broken setting', (check, stackName, mutate, message) => {
    const copy = stacks.map((s) => ({ name: s.name, json: structuredClone(s.json) }));
    mutate(stackNamed(copy, stackName).json);
    const findings = checkFoundationStacks(copy, foundation);
    expect(findings.map((f) => f.check)).toEqual([check]);
    expect(findings[0]!.message).toMatch(message);
  });

  it('read the managed policies too: a write on every resource, one over 6,144 characters, a plan role reading data through one', () => {
    const copy = stacks.map((s) => ({ name: s.name, json: structuredClone(s.json) }));
    const lab = stackNamed(copy, 'foundation-digital-lab').json;
    editPolicy(find(lab, 'aws_iam_policy', 'deploy-role-part-1'), 'policy', (d) =>
      d.Statement.push({ Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*' }),
    );
    editPolicy(find(lab, 'aws_iam_policy', 'deploy-role-part-1'), 'policy', (d) =>
      d.Statement.push({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: Array.from({ length: 80 }, (_, i) => `arn:aws:s3:::museum-imagebuilder-components-eu-west-2/components/team-${i}/*`),
      }),
    );
    // A managed policy attached to the plan role.
    const resources = lab.resource as Record<string, Record<string, any>>;
    const [planId] = Object.entries(resources.aws_iam_role!).find(([, r]) => r.name === 'golden-ami-planner')!;
    resources.aws_iam_policy!['plan-extra'] = {
      name: 'golden-ami-planner-part-1',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-2:555555555555:secret:x' },
        ],
      }),
    };
    resources.aws_iam_role_policy_attachment!['plan-extra-attachment'] = {
      role: `\${aws_iam_role.${planId}.name}`,
      policy_arn: '${aws_iam_policy.plan-extra.arn}',
    };
    expect(
      checkFoundationStacks(copy, foundation).map((f) => [
        f.check,
        f.resource.split('.')[0],
        f.message.replace(/\d+ characters/, 'N characters'),
      ]),
    ).toEqual([
      ['foundation-least-privilege', 'aws_iam_policy', 'a statement allows "iam:CreateRole" on every resource ("*")'],
      ['plan-reads-no-data', 'aws_iam_policy', 'allows secretsmanager:GetSecretValue: secrets'],
      ['aws-policy-size', 'aws_iam_policy', "the managed policy golden-ami-deployer-part-1 has N characters, over AWS's 6144"],
    ]);
  });

  it("aws-policy-size also holds event bus policies to EventBridge's 10,240 characters, measured as AWS receives them", () => {
    const copy = stacks.map((s) => ({ name: s.name, json: structuredClone(s.json) }));
    editPolicy(find(stackNamed(copy, STATE).json, 'aws_cloudwatch_event_bus_policy', 'eu-west-2'), 'policy', (d) => {
      d.Statement[0].Condition.ArnEquals['aws:PrincipalArn'] = Array.from(
        { length: 200 },
        (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/golden-ami-finding-forwarder`,
      );
    });
    expect(checkFoundationStacks(copy, foundation).map((f) => [f.check, f.message.replace(/\d+ characters/, 'N characters')])).toEqual([
      ['aws-policy-size', "the event bus policy has N characters, over AWS's 10240"],
    ]);
  });

  it('the plan role check also refuses a plan role that may read SSM parameter values or any S3 object', () => {
    const copy = stacks.map((s) => ({ name: s.name, json: structuredClone(s.json) }));
    editPolicy(find(stackNamed(copy, 'foundation-digital-lab').json, 'aws_iam_role_policy', 'plan-role'), 'policy', (d) =>
      d.Statement.push({
        Effect: 'Allow',
        Action: ['ssm:GetParameters', 's3:GetObject'],
        Resource: 'arn:aws:s3:::museum-imagebuilder-logs/*',
      }),
    );
    expect(checkFoundationStacks(copy, foundation).map((f) => f.message)).toEqual([
      'allows ssm:GetParameters: SSM parameter values',
      'allows s3:GetObject on arn:aws:s3:::museum-imagebuilder-logs/*',
    ]);
  });
});

describe('npm run affected -- --foundation', () => {
  it('knows the same foundation stacks the app synthesises, from the settings and team names alone', () => {
    expect(
      foundationStackNames(
        fleet.platform,
        fleet.teams.map((t) => t.name),
      ).sort(),
    ).toEqual(stacks.map((s) => s.name).sort());
  });

  it('affects every foundation stack on a change of settings, code or team files, and none on documents, locks or docs', () => {
    const names = stacks.map((s) => s.name);
    for (const path of ['cdktf.json', 'src/foundation/policies.ts', 'teams/platform/team.yaml', '.github/workflows/foundation.yml']) {
      expect(affectedFoundationStacks([{ status: 'M', path }], names).stacks, path).toEqual([...names].sort());
    }
    for (const path of [
      'components-yaml/ssm-agent.yaml',
      'teams/platform/versions.lock.json',
      'README.md',
      '__tests__/foundation.test.ts',
    ]) {
      expect(affectedFoundationStacks([{ status: 'M', path }], names).stacks, path).toEqual([]);
    }
  });
});

describe('in a synth run', () => {
  it('GOLDEN_AMI_BOOTSTRAP=1 puts the local state in .bootstrap/ of the project, outside cdktf.out', () => {
    const plain = planFoundation(fleet, repo.root, {});
    expect(plain.options?.bootstrapStatePath).toBeUndefined();
    const bootstrap = planFoundation(fleet, repo.root, { GOLDEN_AMI_BOOTSTRAP: '1' });
    expect(bootstrap.options?.bootstrapStatePath).toBe(join(repo.root, '.bootstrap', 'terraform.tfstate'));
  });

  it('reports a team building outside the build accounts at its account line, and synthesises nothing wrong silently', async () => {
    const other = new FixtureRepo();
    try {
      other.edit(
        'cdktf.json',
        '"buildAccounts": ["image-factory", "digital-lab", "web-prod"]',
        '"buildAccounts": ["image-factory", "web-prod"]',
      );
      const outdir = mkdtempSync(join(tmpdir(), 'foundation-synth-'));
      const { conformance, stacks: written } = await synthesizeAndCheck(other.fleet(), outdir, {
        teamSources: teamSourcesOf(loadVersionedFleet(other.root)),
      });
      rmSync(outdir, { recursive: true, force: true });
      expect(written.map((s) => s.name)).toContain('foundation-image-factory');
      expect(conformance).toEqual([
        expect.objectContaining({
          file: 'teams/collections/team.yaml',
          path: 'account',
          line: at(other, 'teams/collections/team.yaml', ['digital-lab']).line,
          message: 'team collections builds in account digital-lab, which is not a foundation build account',
        }),
      ]);
    } finally {
      other.dispose();
    }
  });
});

describe('teams the foundation cannot serve', () => {
  it('a team building or distributing in a region without a platform key and bucket is an error at its line', () => {
    const moved = {
      ...fleet,
      teams: fleet.teams.map((t) =>
        t.name === 'platform'
          ? {
              ...t,
              region: 'us-east-1',
              images: t.images.map((i) => ({ ...i, distribution: i.distribution.map((d) => ({ ...d, region: 'us-east-1' })) })),
            }
          : t,
      ),
    };
    const messages = foundationOf(moved).problems.map((p) => `${p.file} ${p.message}`);
    expect(messages[0]).toBe('teams/platform/team.yaml team platform builds in us-east-1, which is not a foundation region');
    expect(
      messages
        .slice(1)
        .every((m) => /^teams\/platform\/team\.yaml image [a-z-]+ distributes to us-east-1, which is not a foundation region$/.test(m)),
    ).toBe(true);
  });
});

describe('bootstrap with the Terraform on this machine (offline: terraform_data stands in for the AWS resources)', () => {
  const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

  it.skipIf(!hasTerraform)(
    'applies with the synthesised local backend, then migrates that state to the next backend with init -migrate-state',
    () => {
      const root = mkdtempSync(join(tmpdir(), 'foundation-bootstrap-'));
      try {
        const statePath = join(root, '.bootstrap', 'terraform.tfstate');
        const first = stackNamed(synthesizeFoundation(foundation, { bootstrapStatePath: statePath }), STATE).json;
        const stackDir = join(root, 'cdktf.out', 'stacks', STATE);
        mkdirSync(stackDir, { recursive: true });
        const write = (backend: unknown) =>
          writeFileSync(
            join(stackDir, 'cdk.tf.json'),
            JSON.stringify({
              terraform: { required_version: (first.terraform as { required_version?: string }).required_version, backend },
              resource: { terraform_data: { bucket: { input: 'museum-golden-ami-tfstate' } } },
            }),
          );
        const terraform = (...args: string[]) => {
          const run = spawnSync('terraform', args, {
            cwd: stackDir,
            encoding: 'utf8',
            env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
          });
          expect(run.status, `terraform ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
        };
        // Step 1: the backend exactly as the bootstrap synth writes it.
        write(first.terraform!.backend);
        terraform('init', '-input=false');
        terraform('apply', '-input=false', '-auto-approve');
        expect(JSON.parse(readFileSync(statePath, 'utf8')).resources[0].type).toBe('terraform_data');
        // Step 2: a new backend (local here; S3 in the real second step) and init -migrate-state.
        const migrated = join(root, 'bucket', 'foundation', 'image-factory', 'terraform.tfstate');
        write({ local: { path: migrated } });
        terraform('init', '-input=false', '-migrate-state', '-force-copy');
        expect(JSON.parse(readFileSync(migrated, 'utf8')).resources[0].instances[0].attributes.input.value).toBe(
          'museum-golden-ami-tfstate',
        );
        terraform('plan', '-input=false', '-detailed-exitcode');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  );
});

describe('provider rules of the foundation resources', () => {
  const broken: [string, string, string, (resource: any) => void, RegExp][] = [
    [STATE, 'aws_kms_alias', 'platform-key-eu-west-1', (r) => (r.name = 'alias/aws/golden-ami'), /reserved AWS CMK prefix/],
    [STATE, 'aws_kms_key', 'platform-key-eu-west-1', (r) => (r.deletion_window_in_days = 3), /a number 7 to 30/],
    [STATE, 'aws_s3_bucket', 'log-bucket', (r) => (r.bucket = 'x'.repeat(64)), /0 to 63 bytes/],
    [
      STATE,
      'aws_s3_bucket_versioning',
      'log-bucket',
      (r) => (r.versioning_configuration.status = 'On'),
      /one of Enabled, Suspended, Disabled/,
    ],
    [STATE, 'aws_s3_bucket_ownership_controls', 'log-bucket', (r) => (r.rule.object_ownership = 'Owner'), /BucketOwnerEnforced/],
    [STATE, 'aws_s3_bucket_lifecycle_configuration', 'log-bucket', (r) => delete r.rule[0].id, /requires a value/],
    [
      STATE,
      'aws_s3_bucket_server_side_encryption_configuration',
      'log-bucket',
      (r) => (r.rule[0].apply_server_side_encryption_by_default.sse_algorithm = 'KMS'),
      /one of AES256/,
    ],
    [STATE, 'aws_iam_openid_connect_provider', 'github-oidc', (r) => (r.url = 'http://token.actions.githubusercontent.com'), /HTTPS/],
  ];

  it.each(broken)('%s %s: the provider would refuse a broken %s', (stackName, type, idPart, mutate, rule) => {
    const stack = stackNamed(stacks, stackName);
    const copy = { name: stack.name, json: structuredClone(stack.json) };
    mutate(find(copy.json, type, idPart));
    const findings = checkConformance(copy);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(rule);
    expect(findings[0]!.ruleSource).toMatch(/^internal\/service\//);
  });
});

describe('docs/security.md "Statement by statement"', () => {
  it('lists, statement by statement, what the stacks write for the deploy, plan, rebuild, releaser and distribution roles, the team boundary and the buckets', () => {
    const guide = readFileSync(join(REPO_ROOT, 'docs/security.md'), 'utf8');
    const start = guide.indexOf('\n## Statement by statement\n');
    expect(start, 'the section of docs/security.md').toBeGreaterThan(-1);
    const table = guide.slice(start, guide.indexOf('\n## ', start + 1));
    const documented = [...table.matchAll(/^\| ([a-z ]+) \| `([A-Za-z]+)` \|/gm)].map(([, policy, sid]) => `${policy!} ${sid!}`);
    const sids = (policy: string, texts: string[]) =>
      texts.flatMap((text) => Object.keys(statements(text)).map((sid) => `${policy} ${sid}`));
    const lab = stackNamed(stacks, 'foundation-digital-lab');
    const state = stackNamed(stacks, STATE);
    const written = [
      ...sids('deploy role', Object.values(roleDocuments(lab, 'golden-ami-deployer'))),
      ...sids('plan role', Object.values(roleDocuments(lab, 'golden-ami-planner'))),
      ...sids('team boundary', [all(lab, 'aws_iam_policy').find((p) => p.name === 'golden-ami-team-boundary')!.policy]),
      ...sids('rebuild role', Object.values(roleDocuments(lab, 'golden-ami-rebuilder'))),
      ...sids('releaser role', Object.values(roleDocuments(stackNamed(stacks, 'foundation-collections-prod'), 'golden-ami-releaser'))),
      ...sids(
        'distribution role',
        Object.values(roleDocuments(stackNamed(stacks, 'foundation-collections-prod'), 'EC2ImageBuilderDistributionCrossAccountRole')),
      ),
      ...sids('log bucket', [one(state, 'aws_s3_bucket_policy', 'log-bucket').policy]),
      ...sids('component bucket', [one(state, 'aws_s3_bucket_policy', 'component-bucket-eu-west-2').policy]),
    ];
    expect(documented).toEqual([...new Set(written)]);
  });
});

describe('plan roles and the fleet status', () => {
  it('may ask which instances and launch templates use an AMI, and find parent AMIs (fleet-status, pin-parents)', () => {
    const policy = rolePermissions(stackNamed(stacks, 'foundation-collections-prod'), 'golden-ami-planner');
    expect(policy.ReadConfiguration.Action).toEqual(
      expect.arrayContaining([
        'ec2:DescribeImageReferences',
        'ec2:DescribeInstances',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:DescribeImages',
        'imagebuilder:ListImagePipelineImages',
      ]),
    );
  });

  it("read the AMI-id parameters under the platform's prefix (any team's) and their history, and no other parameter", () => {
    const policy = rolePermissions(stackNamed(stacks, 'foundation-collections-prod'), 'golden-ami-planner');
    expect(policy.ReadTeamAmiParameters.Action).toEqual(['ssm:GetParameter', 'ssm:GetParameterHistory']);
    expect(policy.ReadTeamAmiParameters.Resource).toContain(`arn:aws:ssm:eu-west-2:${ACCOUNT.collectionsProd}:parameter/golden-ami/*/*`);
    const copy = stacks.map((s) => ({ name: s.name, json: structuredClone(s.json) }));
    editPolicy(find(stackNamed(copy, 'foundation-collections-prod').json, 'aws_iam_role_policy', 'plan-role'), 'policy', (d) =>
      d.Statement.push({
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: `arn:aws:ssm:eu-west-2:${ACCOUNT.collectionsProd}:parameter/app/db-password`,
      }),
    );
    editPolicy(find(stackNamed(copy, 'foundation-collections-prod').json, 'aws_iam_role_policy', 'plan-role'), 'policy', (d) =>
      d.Statement.push({
        Effect: 'Allow',
        Action: 'ssm:GetParameterHistory',
        Resource: `arn:aws:ssm:eu-west-2:${ACCOUNT.collectionsProd}:parameter/app/db-password`,
      }),
    );
    expect(checkFoundationStacks(copy, foundation).map((f) => f.message)).toEqual([
      'allows ssm:GetParameter: SSM parameter values',
      'allows ssm:GetParameterHistory: SSM parameter values',
    ]);
  });
});
