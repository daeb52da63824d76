/**
 * What the foundation's keys, trusts and side effects let nobody do, judged with an IAM evaluator
 * (`@cloud-copilot/iam-simulate`, through __tests__/support/iam-evaluator.ts), both ways: the job
 * each principal has still works, and the escalation next to it is denied.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { checkFoundationStacks } from '../src/checks/foundation/checks.js';
import { stateKeyAliasArn } from '../src/model/foundation/state-key.js';
import { checkPolicies } from '../src/checks/engine.js';
import type { SynthesizedStack } from '../src/checks/synthesized.js';
import { readTerraformLiteral } from '../src/core/terraform-text.js';
import { decide, kmsLauncher, type Caller } from './support/iam-evaluator.js';
import { all, exampleFoundation, one, stackNamed } from './support/foundation.js';
import { resource, synthesize, synthesizeForPolicies } from './support/fixture.js';

const STATE = 'foundation-image-factory';
const ORG = 'o-museum0001';
const ACCOUNT = { factory: '111111111111', staging: '333333333333', lab: '555555555555', outsider: '999988887777' };
const KEY = `arn:aws:kms:eu-west-2:${ACCOUNT.factory}:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const EC2 = 'ec2.eu-west-2.amazonaws.com';
const ASG_ROLE = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;

const example = exampleFoundation();

const copyOf = (list: SynthesizedStack[]) => list.map((s) => ({ name: s.name, json: structuredClone(s.json) }));
/** The identity policies (inline and attached managed) of a role of a stack, by resource id. */
function rolePolicies(stack: SynthesizedStack, roleName: string): Record<string, string> {
  const [roleId] = Object.entries(stack.json.resource!.aws_iam_role!).find(([, r]) => r.name === roleName)!;
  const ref = `\${aws_iam_role.${roleId}.`;
  const managed = Object.entries((stack.json.resource?.aws_iam_policy ?? {}) as Record<string, any>);
  const attached = all(stack, 'aws_iam_role_policy_attachment')
    .filter((a) => a.role.startsWith(ref))
    .map((a) => a.policy_arn as string);
  return Object.fromEntries([
    ...Object.entries((stack.json.resource?.aws_iam_role_policy ?? {}) as Record<string, any>)
      .filter(([, p]) => p.role.startsWith(ref))
      .map(([id, p]) => [id, p.policy]),
    ...managed.filter(([id]) => attached.includes(`\${aws_iam_policy.${id}.arn}`)).map(([id, p]) => [id, p.policy]),
  ]);
}

describe('platform keys: shared AMIs launch through EC2, and nobody decrypts or grants beyond that', () => {
  // As Terraform reads it: `$${aws:PrincipalAccount}` in the JSON is the policy variable.
  const keyPolicy = () => readTerraformLiteral(one(stackNamed(example.stacks, STATE), 'aws_kms_key', 'platform-key-eu-west-2').policy)!;
  const use = (caller: Caller, action: string, context: Record<string, string> = {}) =>
    decide(caller, { action, resource: KEY, resourcePolicy: keyPolicy(), context: { 'aws:PrincipalOrgID': ORG, ...context } });
  const launchAccount = (context: Record<string, string> = {}) =>
    decide(kmsLauncher(ACCOUNT.staging), { action: 'kms:CreateGrant', resource: KEY, resourcePolicy: keyPolicy(), context });

  it('let an account of the organization launch a shared encrypted AMI: EC2 decrypts, re-encrypts, makes data keys and grants for its volumes', async () => {
    const member = kmsLauncher('777777777777');
    for (const action of ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey']) {
      expect(await use(member, action, { 'kms:ViaService': EC2 }), action).toBe('Allowed');
    }
    expect(await use(member, 'kms:CreateGrant', { 'kms:ViaService': EC2, 'kms:GrantIsForAWSResource': 'true' })).toBe('Allowed');
    // Instances of Auto Scaling groups launch with the account's own Auto Scaling service-linked role.
    expect(
      await use(member, 'kms:CreateGrant', { 'kms:GranteePrincipal': ASG_ROLE('777777777777'), 'aws:PrincipalAccount': '777777777777' }),
    ).toBe('Allowed');
  });

  it('deny a grant to a principal that is no AWS service, and decrypting outside EC2, to the organization', async () => {
    const member = kmsLauncher('777777777777');
    expect(
      await use(member, 'kms:CreateGrant', {
        'kms:GranteePrincipal': `arn:aws:iam::${ACCOUNT.outsider}:root`,
        'aws:PrincipalAccount': '777777777777',
      }),
    ).toBe('ImplicitlyDenied');
    expect(await use(member, 'kms:CreateGrant', { 'kms:ViaService': EC2, 'kms:GrantIsForAWSResource': 'false' })).toBe('ImplicitlyDenied');
    // Another account's Auto Scaling role is not the caller's own.
    expect(
      await use(member, 'kms:CreateGrant', { 'kms:GranteePrincipal': ASG_ROLE(ACCOUNT.outsider), 'aws:PrincipalAccount': '777777777777' }),
    ).toBe('ImplicitlyDenied');
    expect(await use(member, 'kms:Decrypt')).toBe('ImplicitlyDenied');
    expect(await use(member, 'kms:Decrypt', { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' })).toBe('ImplicitlyDenied');
  });

  it('deny the same to an account given launch permission, which still launches through EC2', async () => {
    expect(await launchAccount({ 'kms:ViaService': EC2, 'kms:GrantIsForAWSResource': 'true' })).toBe('Allowed');
    expect(
      await launchAccount({ 'kms:GranteePrincipal': `arn:aws:iam::${ACCOUNT.outsider}:root`, 'aws:PrincipalAccount': ACCOUNT.staging }),
    ).toBe('ImplicitlyDenied');
    expect(await decide(kmsLauncher(ACCOUNT.staging), { action: 'kms:Decrypt', resource: KEY, resourcePolicy: keyPolicy() })).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await decide(kmsLauncher(ACCOUNT.staging), {
        action: 'kms:Decrypt',
        resource: KEY,
        resourcePolicy: keyPolicy(),
        context: { 'kms:ViaService': EC2 },
      }),
    ).toBe('Allowed');
  });

  it('deny every plan role kms:Decrypt with a platform key, in the key account and in a build account', async () => {
    for (const [stackName, account] of [
      [STATE, ACCOUNT.factory],
      ['foundation-digital-lab', ACCOUNT.lab],
    ] as const) {
      const planner: Caller = {
        arn: `arn:aws:iam::${account}:role/golden-ami-planner`,
        policies: rolePolicies(stackNamed(example.stacks, stackName), 'golden-ami-planner'),
      };
      expect(await use(planner, 'kms:Decrypt'), account).toBe('ImplicitlyDenied');
      expect(await use(planner, 'kms:CreateGrant', { 'kms:GranteePrincipal': planner.arn, 'aws:PrincipalAccount': account }), account).toBe(
        'ImplicitlyDenied',
      );
    }
  });

  it('plan-reads-no-data reads key policies: a statement that would let a plan role decrypt directly is a finding', () => {
    const copy = copyOf(example.stacks);
    const key = Object.entries(stackNamed(copy, STATE).json.resource!.aws_kms_key as Record<string, any>).find(([id]) =>
      id.includes('platform-key-eu-west-1'),
    )![1];
    const document = JSON.parse(key.policy);
    document.Statement.push({
      Sid: 'OrganizationDecrypts',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    });
    document.Statement.push({
      Sid: 'LabDecrypts',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT.lab}:root` },
      Action: ['kms:ReEncryptFrom'],
      Resource: '*',
    });
    document.Statement.push({
      Sid: 'BuildRolesDecrypt',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT.lab}:root` },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT.lab}:role/*-imagebuilder-build` } },
    });
    document.Statement.push({
      Sid: 'ThroughEc2',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:ViaService': EC2 } },
    });
    key.policy = JSON.stringify(document);
    expect(checkFoundationStacks(copy, example.foundation).map((f) => [f.check, f.message])).toEqual([
      ['plan-reads-no-data', 'key policy statement OrganizationDecrypts lets a plan role call kms:Decrypt directly'],
      ['plan-reads-no-data', 'key policy statement LabDecrypts lets a plan role call kms:ReEncryptFrom directly'],
    ]);
  });
});

describe('CI roles of deploys: the environment and the workflow file on main, both', () => {
  const REPO = 'museum-digital/golden-ami-pipelines';
  const PROVIDER = `arn:aws:iam::${ACCOUNT.factory}:oidc-provider/token.actions.githubusercontent.com`;
  const workflow = (file: string, ref = 'refs/heads/main') => `${REPO}/.github/workflows/${file}@${ref}`;
  /** The role's trust policy, with the provider's ARN in place of its Terraform reference. */
  const trust = (stackList: SynthesizedStack[], role: string) =>
    (all(stackNamed(stackList, STATE), 'aws_iam_role').find((r) => r.name === role)!.assume_role_policy as string).replace(
      /\$\{aws_iam_openid_connect_provider\.[^}]+\}/,
      PROVIDER,
    );
  const assume = (role: string, environment: string, jobWorkflowRef: string) =>
    decide(
      { arn: PROVIDER },
      {
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: `arn:aws:iam::${ACCOUNT.factory}:role/${role}`,
        resourcePolicy: trust(example.stacks, role),
        context: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:${REPO}:environment:${environment}`,
          'token.actions.githubusercontent.com:job_workflow_ref': jobWorkflowRef,
        },
      },
    );

  it('let the deploy workflows on main assume golden-ami-ci-deploy, and the foundation workflow golden-ami-ci-foundation', async () => {
    for (const file of ['deploy.yml', 'manual.yml', 'rebuild.yml'])
      expect(await assume('golden-ami-ci-deploy', 'production', workflow(file)), file).toBe('Allowed');
    expect(await assume('golden-ami-ci-foundation', 'foundation', workflow('foundation-deploy.yml'))).toBe('Allowed');
  });

  it('deny a pull-request job that names environment: production, and the deploy workflow on another branch', async () => {
    expect(await assume('golden-ami-ci-deploy', 'production', workflow('diff.yml', 'refs/pull/7/merge'))).toBe('ImplicitlyDenied');
    expect(await assume('golden-ami-ci-deploy', 'production', workflow('deploy.yml', 'refs/pull/7/merge'))).toBe('ImplicitlyDenied');
    expect(await assume('golden-ami-ci-deploy', 'production', workflow('deploy.yml', 'refs/heads/feature'))).toBe('ImplicitlyDenied');
    expect(await assume('golden-ami-ci-deploy', 'production', `someone/else/.github/workflows/deploy.yml@refs/heads/main`)).toBe(
      'ImplicitlyDenied',
    );
    // The team deploy workflow cannot reach the foundation role, nor the foundation workflow the deploy role.
    expect(await assume('golden-ami-ci-foundation', 'foundation', workflow('deploy.yml'))).toBe('ImplicitlyDenied');
    expect(await assume('golden-ami-ci-foundation', 'production', workflow('foundation-deploy.yml'))).toBe('ImplicitlyDenied');
    expect(await assume('golden-ami-ci-deploy', 'foundation', workflow('deploy.yml'))).toBe('ImplicitlyDenied');
  });

  it('trust exactly the workflow files that use each role', () => {
    const workflows = readdirSync('.github/workflows').filter((file) => file.endsWith('.yml'));
    const using = (variable: string) =>
      workflows.filter((file) => readFileSync(join('.github/workflows', file), 'utf8').includes(`vars.${variable}`)).sort();
    const pinned = (role: string) =>
      [JSON.parse(trust(example.stacks, role)).Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:job_workflow_ref']]
        .flat()
        .map((ref: string) => /workflows\/(.+)@/.exec(ref)![1])
        .sort();
    expect(pinned('golden-ami-ci-deploy')).toEqual(using('GOLDEN_AMI_DEPLOY_ROLE_ARN'));
    expect(pinned('golden-ami-ci-foundation')).toEqual(using('GOLDEN_AMI_FOUNDATION_ROLE_ARN'));
  });

  it('trust-pinned refuses an environment subject without the workflow pin, and a pin off main', () => {
    const copy = copyOf(example.stacks);
    const roles = stackNamed(copy, STATE).json.resource!.aws_iam_role as Record<string, any>;
    const edit = (idPart: string, change: (equals: Record<string, unknown>) => void) => {
      const role = Object.entries(roles).find(([id]) => id.includes(idPart))![1];
      const document = JSON.parse(role.assume_role_policy);
      change(document.Statement[0].Condition.StringEquals);
      role.assume_role_policy = JSON.stringify(document);
    };
    edit('ci-deploy', (equals) => delete equals['token.actions.githubusercontent.com:job_workflow_ref']);
    edit(
      'ci-foundation',
      (equals) => (equals['token.actions.githubusercontent.com:job_workflow_ref'] = workflow('foundation-deploy.yml', 'refs/heads/*')),
    );
    expect(checkFoundationStacks(copy, example.foundation).map((f) => [f.check, f.message])).toEqual([
      [
        'trust-pinned',
        'role golden-ami-ci-deploy: trusts a GitHub environment without naming the workflow files on main (job_workflow_ref)',
      ],
      [
        'trust-pinned',
        `role golden-ami-ci-foundation: trusts workflow "${workflow('foundation-deploy.yml', 'refs/heads/*')}", not a workflow file of ${REPO} on main`,
      ],
    ]);
  });
});

describe("team lifecycle roles trust Image Builder acting for the team's account only", () => {
  const assume = (sourceAccount: string) => {
    const role = resource(synthesize(example.fleet).platform!, 'aws_iam_role', 'lifecycle');
    return decide(
      { arn: 'imagebuilder.amazonaws.com' },
      {
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${ACCOUNT.factory}:role/${role.name}`,
        resourcePolicy: role.assume_role_policy,
        context: { 'aws:SourceAccount': sourceAccount },
      },
    );
  };

  it('let Image Builder run the lifecycle policies of the build account, and not those of another account', async () => {
    expect(await assume(ACCOUNT.factory)).toBe('Allowed');
    expect(await assume(ACCOUNT.outsider)).toBe('ImplicitlyDenied');
  });
});

describe('Terraform state is encrypted with the state key, not SSE-S3', () => {
  const STATE_KEY = `arn:aws:kms:eu-west-2:${ACCOUNT.factory}:alias/golden-ami-state`;

  it('names the state key by its alias ARN in every team and foundation backend, known before the key exists', () => {
    for (const stack of [
      ...Object.values(synthesize(example.fleet)).map((json) => JSON.parse(json)),
      ...example.stacks.map((s) => s.json),
    ]) {
      expect(stack.terraform.backend.s3).toMatchObject({ encrypt: true, kms_key_id: STATE_KEY });
    }
    // The state key the foundation creates is that alias's.
    expect(one(stackNamed(example.stacks, STATE), 'aws_kms_alias', 'state-key').name).toBe('alias/golden-ami-state');
  });

  it('the state-backend checks refuse a backend without the state key', () => {
    const copy = copyOf(example.stacks);
    delete stackNamed(copy, 'foundation-web-prod').json.terraform!.backend!.s3!.kms_key_id;
    expect(checkFoundationStacks(copy, example.foundation).map((f) => [f.check, f.message])).toEqual([
      ['foundation-state-backend', `state is not encrypted with the state key (kms_key_id = ${STATE_KEY})`],
    ]);
  });

  it('the team state-backend check refuses a team backend without it', () => {
    const teams = synthesizeForPolicies(example.fleet);
    delete teams.find((s) => s.name === 'platform')!.json.terraform.backend.s3.kms_key_id;
    expect(checkPolicies(teams, example.fleet).violations.map((v) => [v.check, v.stack, v.message])).toEqual([
      ['state-backend', 'platform', `state is not encrypted with the state key (kms_key_id = ${STATE_KEY})`],
    ]);
  });

  it('names no state key for a platform without a foundation, which creates none', () => {
    expect(stateKeyAliasArn({ ...example.fleet.platform, foundation: undefined })).toBeUndefined();
  });
});

describe('key break-glass: the state account administers its keys through IAM, and uses them only through their policies', () => {
  const keyPolicies = () => all(stackNamed(example.stacks, STATE), 'aws_kms_key').map((key) => readTerraformLiteral(key.policy)!);
  const admin = (account: string): Caller => ({
    arn: `arn:aws:iam::${account}:role/break-glass`,
    policies: {
      admin: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['kms:PutKeyPolicy', 'kms:CancelKeyDeletion', 'kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
        ],
      }),
    },
  });
  const ask = (caller: Caller, action: string, policy: string) =>
    decide(caller, { action, resource: KEY, resourcePolicy: policy, context: { 'aws:PrincipalOrgID': ORG } });

  it('lets an IAM administrator of the state account put the key policy of every key when the foundation role is gone', async () => {
    expect(keyPolicies()).toHaveLength(3);
    for (const policy of keyPolicies()) {
      expect(await ask(admin(ACCOUNT.factory), 'kms:PutKeyPolicy', policy)).toBe('Allowed');
      expect(await ask(admin(ACCOUNT.factory), 'kms:CancelKeyDeletion', policy)).toBe('Allowed');
    }
  });

  it('does not let that administrator, nor anyone in another account, decrypt or encrypt with the key', async () => {
    for (const policy of keyPolicies()) {
      for (const action of ['kms:Decrypt', 'kms:Encrypt'])
        expect(await ask(admin(ACCOUNT.factory), action, policy), action).toBe('ImplicitlyDenied');
      expect(await ask(admin(ACCOUNT.lab), 'kms:PutKeyPolicy', policy)).toBe('ImplicitlyDenied');
    }
  });

  it('gives the deploy and plan roles of the state account no key administration', async () => {
    const state = stackNamed(example.stacks, STATE);
    for (const role of ['golden-ami-deployer', 'golden-ami-planner']) {
      const caller: Caller = { arn: `arn:aws:iam::${ACCOUNT.factory}:role/${role}`, policies: rolePolicies(state, role) };
      for (const policy of keyPolicies()) expect(await ask(caller, 'kms:PutKeyPolicy', policy), role).toBe('ImplicitlyDenied');
    }
  });
});

describe('Amazon Inspector: the foundation switches no scanner on or off', () => {
  it('an enabler of an earlier foundation is forgotten in every foundation region, never destroyed', () => {
    for (const stack of example.stacks) expect(all(stack, 'aws_inspector2_enabler'), stack.name).toEqual([]);
    // The addresses the enablers had (roles/inspector-<region>), which the provider would destroy by switching every scan type off.
    const enablerId = (region: string) => {
      const old = new TerraformStack(Testing.app(), 'foundation-digital-lab');
      return old.getLogicalId(
        new Inspector2Enabler(new Construct(old, 'roles'), `inspector-${region}`, { accountIds: [ACCOUNT.lab], resourceTypes: ['EC2'] }),
      );
    };
    expect((stackNamed(example.stacks, 'foundation-digital-lab').json as any).removed).toEqual(
      ['eu-west-2', 'eu-west-1'].map((region) => ({ from: `aws_inspector2_enabler.${enablerId(region)}`, lifecycle: { destroy: false } })),
    );
    // A receiving-only account never had one.
    expect((stackNamed(example.stacks, 'foundation-collections-staging').json as any).removed).toBeUndefined();
  });
});
