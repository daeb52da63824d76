/** Trust and permissions of the CI roles (GitHub OIDC, in the state account) and of the roles they assume. */
import type { Foundation } from './foundation.js';
import {
  CI_ROLE_NAMES,
  FOUNDATION_STATE_KEYS,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  planRoleArn,
  PREVIEW_ENVIRONMENT,
  PREVIEW_ROLE_NAME,
  PREVIEW_STATE_KEYS,
  releaseRoleArn,
  roleArn,
  roleFromTemplate,
  TEAM_STATE_KEYS,
} from '../names.js';
import { bucketArn, foundationRoleArn, policy, type PolicyDocument, releaseAccountIds, roots, type Statement } from './policy-document.js';

/** What each CI role is for, in its role description. */
export const CI_ROLE_PURPOSES: Record<keyof typeof CI_ROLE_NAMES, string> = {
  plan: 'plans',
  deploy: 'team deploys',
  foundation: 'foundation deploys',
  preview: 'preview builds and their cleanup',
  release: 'promotions',
};

/** OIDC subjects each CI role trusts: this repository only, and only the events and environments named. */
export function ciSubjects(f: Foundation): Record<keyof typeof CI_ROLE_NAMES, string[]> {
  const repo = `repo:${f.settings.repository}`;
  return {
    plan: [`${repo}:pull_request`, `${repo}:ref:refs/heads/main`],
    deploy: [`${repo}:environment:${f.settings.productionEnvironment}`],
    foundation: [`${repo}:environment:${f.settings.foundationEnvironment}`],
    preview: [`${repo}:environment:${PREVIEW_ENVIRONMENT}`],
    release: [`${repo}:environment:${f.settings.promotionEnvironment}`, `${repo}:environment:${f.settings.automaticPromotionEnvironment}`],
  };
}

/** The workflow files (in `.github/workflows/`) whose jobs may assume the deploy and foundation CI roles, from main only. */
export const CI_ROLE_WORKFLOWS = {
  deploy: ['deploy.yml', 'manual.yml', 'rebuild.yml'],
  foundation: ['foundation-deploy.yml'],
  release: ['promote.yml'],
} as const satisfies Partial<Record<keyof typeof CI_ROLE_NAMES, readonly string[]>>;

/**
 * The `job_workflow_ref` claims a role trusts: `<owner>/<repo>/.github/workflows/<file>@refs/heads/main`
 * (GitHub Docs, "OpenID Connect reference", https://docs.github.com/en/actions/reference/security/oidc:
 * the ref path of the workflow the job runs; a job on a pull request has `@refs/pull/<n>/merge`, one
 * on another branch `@refs/heads/<branch>`). None for plans.
 */
export function ciWorkflowRefs(f: Foundation, role: keyof typeof CI_ROLE_NAMES): string[] {
  // A preview runs its branch's own workflow files (pull-request code): no pin to main is possible, the role is preview-scoped instead.
  const files: readonly string[] = role === 'plan' || role === 'preview' ? [] : CI_ROLE_WORKFLOWS[role];
  return files.map((file) => `${f.settings.repository}/.github/workflows/${file}@refs/heads/main`);
}

/**
 * Trust policy of a CI role: GitHub's OIDC provider, audience sts.amazonaws.com, the role's subjects
 * exactly (IAM requires a `sub` condition for this provider), and for the deploy and foundation roles
 * the workflow files on main (`job_workflow_ref`, which AWS STS evaluates for GitHub since January 2026:
 * https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/),
 * so that a job of a pull request or another branch that names the environment is still refused.
 */
export function ciTrustPolicy(f: Foundation, role: keyof typeof CI_ROLE_NAMES, providerArn: string): PolicyDocument {
  const one = (values: string[]) => (values.length === 1 ? values[0]! : values);
  const workflows = ciWorkflowRefs(f, role);
  return policy({
    Effect: 'Allow',
    Principal: { Federated: providerArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
        [`${GITHUB_OIDC_HOST}:sub`]: one(ciSubjects(f)[role]),
        ...(workflows.length ? { [`${GITHUB_OIDC_HOST}:job_workflow_ref`]: one(workflows) } : {}),
      },
    },
  });
}

/** Trust of a role that only the named roles of the state account may assume (role chaining from CI, or from the operator role). */
export function assumedByPolicy(f: Foundation, assumers: string[]): PolicyDocument {
  return policy({
    Effect: 'Allow',
    Principal: roots(f, [f.stateAccount.id]),
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: { ArnEquals: { 'aws:PrincipalArn': assumers.length === 1 ? assumers[0]! : assumers } },
  });
}

/** What each CI role may do: state access for its keys, and assuming its role in the accounts. */
export function ciPermissions(f: Foundation, role: keyof typeof CI_ROLE_NAMES, stateKeyArn: string): PolicyDocument {
  const bucket = bucketArn(f, f.platform.stateBucket);
  const allAccounts = f.accounts.map((a) => a.id);
  const list: Statement = { Sid: 'ListState', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket };
  const write = (keys: string): Statement[] => [
    { Sid: 'ReadWriteState', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `${bucket}/${keys}` },
    {
      Sid: 'StateLocks',
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      Resource: `${bucket}/${keys}.tflock`,
    },
    { Sid: 'StateKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: stateKeyArn },
  ];
  const assume = (roles: string[]): Statement => ({
    Sid: 'AssumeAccountRoles',
    Effect: 'Allow',
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Resource: roles,
  });
  switch (role) {
    case 'plan':
      return policy(
        list,
        {
          Sid: 'ReadState',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: [`${bucket}/${TEAM_STATE_KEYS}`, `${bucket}/${FOUNDATION_STATE_KEYS}`],
        },
        { Sid: 'StateKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: stateKeyArn },
        assume(allAccounts.map((id) => planRoleArn(f.platform, id))),
      );
    case 'deploy':
      return policy(list, ...write(TEAM_STATE_KEYS), assume(f.buildAccountIds.map((id) => roleFromTemplate(f.platform.deployRole, id))));
    case 'foundation':
      return policy(list, ...write(FOUNDATION_STATE_KEYS), assume(allAccounts.map((id) => foundationRoleArn(f, id))));
    case 'preview':
      return policy(list, ...write(PREVIEW_STATE_KEYS), assume(allAccounts.map((id) => roleArn(f.partition, id, PREVIEW_ROLE_NAME))));
    case 'release':
      // Promote reads the fleet from the repository, not from state: only the releaser roles.
      return policy(assume(releaseAccountIds(f).map((id) => releaseRoleArn(f.partition, id))));
  }
}
