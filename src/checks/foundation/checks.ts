/**
 * Security checks of the synthesised foundation stacks, read from their Terraform JSON like the
 * team stacks' policy checks: least privilege, key rotation, no public bucket and TLS only, trust
 * pinned to the repository or to one CI role, the plan roles' inability to read data, the key
 * policy's principals, and the state backend.
 */
import type { FoundationCheck } from '../../config/check-ids.js';
import { findingOn, type FindingSubject, type UnlocatedFinding } from '../finding.js';
import type { ResourceConfig, SynthesizedResource, SynthesizedStack } from '../synthesized.js';
import { blocksOf, objectOf, resourcesOf, shown, valueAt } from '../synthesized.js';
import { ssmParameterPrefixOf } from '../../model/fleet/team-boundaries.js';
import type { Foundation } from '../../model/foundation/foundation.js';
import { stateKeyProblems } from '../../model/foundation/state-key.js';
import {
  accountRoot,
  CI_ROLE_NAMES,
  componentBucketName,
  OPERATOR_ROLE_NAMES,
  FOUNDATION_STATE_KEYS,
  GITHUB_OIDC_HOST,
  PREVIEW_ENVIRONMENT,
  planRoleArn,
  roleNameOfTemplate,
  TEAM_BOUNDARY_NAME,
  TEAM_STATE_KEYS,
} from '../../model/names.js';
import { ATTACHED_POLICIES_PER_ROLE, POLICY_SIZE_LIMITS, policySize } from '../../model/foundation/policy-document.js';
import { readTerraformLiteral } from '../../core/terraform-text.js';

type Statement = ResourceConfig;
const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** The statements of a policy document's text; none when it is absent or not JSON. */
const statementsOf = (text: unknown): Statement[] => {
  if (typeof text !== 'string') return [];
  try {
    return blocksOf(valueAt(JSON.parse(text), 'Statement'));
  } catch {
    return [];
  }
};
/** A statement's Sid as a message names it. */
const sidOf = (statement: Statement): string => (typeof statement.Sid === 'string' ? statement.Sid : '(no Sid)');
const READ_ONLY_ACTION = /^[a-z0-9-]+:(Get|List|Describe|Head|BatchGet)[A-Za-z]*$|^states:ValidateStateMachineDefinition$/;
const MANAGED_ADMIN = /:policy\/(AdministratorAccess|PowerUserAccess|ReadOnlyAccess)$/;

/** Every finding on the foundation stacks (stacks of other kinds are ignored). */
export function checkFoundationStacks(
  stacks: readonly SynthesizedStack[],
  f: Foundation,
  options: { bootstrap?: boolean } = {},
): UnlocatedFinding[] {
  const names = new Set(f.accounts.map((account) => `foundation-${account.name}`));
  return stacks.filter((stack) => names.has(stack.name)).flatMap((stack) => checkStack(stack, f, options));
}

function checkStack(stack: SynthesizedStack, f: Foundation, options: { bootstrap?: boolean }): UnlocatedFinding[] {
  const findings: UnlocatedFinding[] = [];
  const add = (check: FoundationCheck, subject: FindingSubject, message: string) =>
    findings.push(findingOn(check, stack.name, subject, message));

  // Least privilege, over every policy document.
  const documents: [SynthesizedResource, string, 'identity' | 'resource'][] = [
    ...resourcesOf(stack, 'aws_iam_role_policy').map((r): [SynthesizedResource, string, 'identity'] => [r, 'policy', 'identity']),
    ...resourcesOf(stack, 'aws_iam_policy').map((r): [SynthesizedResource, string, 'identity'] => [r, 'policy', 'identity']),
    ...resourcesOf(stack, 'aws_s3_bucket_policy').map((r): [SynthesizedResource, string, 'resource'] => [r, 'policy', 'resource']),
    ...resourcesOf(stack, 'aws_kms_key').map((r): [SynthesizedResource, string, 'resource'] => [r, 'policy', 'resource']),
    ...resourcesOf(stack, 'aws_iam_role').map((r): [SynthesizedResource, string, 'resource'] => [r, 'assume_role_policy', 'resource']),
  ];
  for (const [resource, attribute, kind] of documents) {
    // A permissions boundary grants nothing: it is the ceiling of the roles that carry it.
    const grants = !(resource.type === 'aws_iam_policy' && resource.config.name === TEAM_BOUNDARY_NAME);
    for (const statement of statementsOf(resource.config[attribute])) {
      for (const key of ['NotAction', 'NotResource', 'NotPrincipal'])
        if (key in statement) add('foundation-least-privilege', resource, `a statement uses ${key}`);
      if (statement.Effect !== 'Allow') continue;
      const actions = asList(statement.Action).map(String);
      for (const action of actions.filter((a) => a.includes('*')))
        add('foundation-least-privilege', resource, `a statement allows the wildcard action "${action}"`);
      // In a key or bucket policy "*" is the resource itself; in a role policy it is every resource.
      if (kind === 'identity' && grants && asList(statement.Resource).includes('*')) {
        for (const action of actions.filter((a) => !READ_ONLY_ACTION.test(a)))
          add('foundation-least-privilege', resource, `a statement allows "${action}" on every resource ("*")`);
      }
    }
  }

  for (const attachment of resourcesOf(stack, 'aws_iam_role_policy_attachment')) {
    if (MANAGED_ADMIN.test(String(attachment.config.policy_arn)))
      add('no-admin-policies', attachment, `attaches ${shown(attachment.config.policy_arn)}`);
  }

  for (const key of resourcesOf(stack, 'aws_kms_key')) {
    if (key.config.enable_key_rotation !== true) add('key-rotation', key, 'the key does not rotate (enable_key_rotation)');
    for (const message of keyPolicyProblems(key.config.policy, f)) add('key-policy-principals', key, message);
  }

  const publicAccess = new Map(resourcesOf(stack, 'aws_s3_bucket_public_access_block').map((r) => [String(r.config.bucket), r.config]));
  const policies = new Map(resourcesOf(stack, 'aws_s3_bucket_policy').map((r) => [String(r.config.bucket), r]));
  for (const bucket of resourcesOf(stack, 'aws_s3_bucket')) {
    const ref = `\${aws_s3_bucket.${bucket.id}.id}`;
    const block = publicAccess.get(ref);
    const settings = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
    if (!block || settings.some((s) => block[s] !== true))
      add('no-public-bucket', bucket, `bucket ${shown(bucket.config.bucket)} does not block public access with all four settings`);
    const policy = policies.get(ref);
    const statements = policy ? statementsOf(policy.config.policy) : [];
    const tlsOnly = statements.some(
      (s) => s.Effect === 'Deny' && String(valueAt(s, 'Condition', 'Bool', 'aws:SecureTransport')) === 'false' && s.Principal === '*',
    );
    if (!tlsOnly) add('no-public-bucket', bucket, `bucket ${shown(bucket.config.bucket)} does not refuse requests without TLS`);
    for (const s of statements.filter((s) => s.Effect === 'Allow' && isAnonymous(s.Principal))) {
      add('no-public-bucket', policy!, `bucket ${shown(bucket.config.bucket)} allows ${asList(s.Action).join(', ')} to everyone`);
    }
  }

  for (const role of resourcesOf(stack, 'aws_iam_role')) {
    for (const message of trustProblems(role.config.assume_role_policy, f))
      add('trust-pinned', role, `role ${shown(role.config.name)}: ${message}`);
  }

  const planRoleNames = new Set([
    CI_ROLE_NAMES.plan,
    OPERATOR_ROLE_NAMES.readOnly,
    roleNameOfTemplate(f.platform.planRole ?? f.platform.deployRole)
      .split('/')
      .at(-1)!,
  ]);
  const planRoleIds = new Set(
    resourcesOf(stack, 'aws_iam_role')
      .filter((r) => planRoleNames.has(String(r.config.name)))
      .map((r) => r.id),
  );
  for (const roleId of planRoleIds) {
    for (const policy of rolePolicies(stack, roleId))
      for (const message of planDataProblems(policy.config.policy, f)) add('plan-reads-no-data', policy, message);
  }
  for (const key of resourcesOf(stack, 'aws_kms_key')) {
    for (const message of keyPolicyDecryptProblems(key.config.policy, planRoleArns(f, { stateKey: key.id.includes('state-key') })))
      add('plan-reads-no-data', key, message);
  }

  for (const message of sizeProblems(stack)) add('aws-policy-size', message.resource, message.text);

  const s3 = stack.json.terraform?.backend?.s3;
  const isStateStack = f.accounts.some((a) => a.state && stack.name === `foundation-${a.name}`);
  if (!(options.bootstrap && isStateStack)) {
    if (!s3) add('foundation-state-backend', 'backend', 'the stack has no S3 backend');
    else {
      if (s3.bucket !== f.platform.stateBucket)
        add('foundation-state-backend', 'backend', `state is in ${String(s3.bucket)}, not ${f.platform.stateBucket}`);
      if (!String(s3.key).startsWith('foundation/'))
        add('foundation-state-backend', 'backend', `state key ${String(s3.key)} is not under foundation/`);
      if (s3.encrypt !== true) add('foundation-state-backend', 'backend', 'state is not encrypted (encrypt = true)');
      for (const message of stateKeyProblems(s3, { ...f.platform, foundation: f.settings }))
        add('foundation-state-backend', 'backend', message);
      if (s3.use_lockfile !== true) add('foundation-state-backend', 'backend', 'state has no S3-native locking (use_lockfile = true)');
    }
  }
  return findings;
}

function isAnonymous(principal: unknown): boolean {
  if (principal === '*') return true;
  return typeof principal === 'object' && principal !== null && asList((principal as Record<string, unknown>).AWS).includes('*');
}

/** Principals a key policy may name, by the foundation model (independently of how policies.ts writes them). */
function keyPolicyProblems(policyText: unknown, f: Foundation): string[] {
  const p = f.partition;
  const roots = new Set(
    [
      f.stateAccount.id,
      ...f.buildAccountIds,
      ...f.accounts.filter((a) => a.receiving).map((a) => a.id),
      ...f.regions.flatMap((r) => r.launchPermissionAccountIds),
    ].map((id) => accountRoot(p, id)),
  );
  const admin = f.settings.foundationRole.replace('{accountId}', f.stateAccount.id);
  const sharing = f.regions.some((r) => r.organizationSharing);
  const problems: string[] = [];
  for (const statement of statementsOf(policyText).filter((s) => s.Effect === 'Allow')) {
    const principal = statement.Principal as Record<string, unknown> | string | undefined;
    if (typeof principal !== 'object') {
      problems.push(`statement ${sidOf(statement)} allows every principal`);
      continue;
    }
    for (const aws of asList(principal.AWS).map(String)) {
      if (aws === '*') {
        if (!sharing || valueAt(statement, 'Condition', 'StringEquals', 'aws:PrincipalOrgID') !== f.organizationId) {
          problems.push(
            `statement ${sidOf(statement)} allows every principal without the organization condition (or no image shares with the organization)`,
          );
        }
      } else if (aws !== admin && !roots.has(aws)) {
        problems.push(`statement ${sidOf(statement)} names ${aws}, which is not an account or role of the foundation`);
      }
    }
    for (const service of asList(principal.Service).map(String)) {
      const fromBuildAccounts = asList(valueAt(statement, 'Condition', 'StringEquals', 'aws:SourceAccount')).every((id) =>
        f.buildAccountIds.includes(String(id)),
      );
      if (
        !['events.amazonaws.com', 'sns.amazonaws.com'].includes(service) ||
        !valueAt(statement, 'Condition', 'StringEquals', 'aws:SourceAccount') ||
        !fromBuildAccounts
      ) {
        problems.push(`statement ${sidOf(statement)} lets ${service} use the key beyond the build accounts' alert topics`);
      }
    }
  }
  return problems;
}

/** The role of one IAM Identity Center permission set in one account, as names.ts permissionSetRolePatterns writes it. */
const PERMISSION_SET_ROLE =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/(\*\/)?AWSReservedSSO_[\w+=,.@-]{1,32}_\?{16}$/;

/** Why a trust policy is not pinned: OIDC without exact audience and repository subjects, or an account trusted without naming a role. */
function trustProblems(policyText: unknown, f: Foundation): string[] {
  const problems: string[] = [];
  for (const statement of statementsOf(policyText).filter((s) => s.Effect === 'Allow')) {
    const principal = (statement.Principal ?? {}) as Record<string, unknown> | string;
    if (typeof principal === 'string') {
      problems.push('trusts every principal');
      continue;
    }
    if (principal.Federated !== undefined) {
      const equals = objectOf(valueAt(statement, 'Condition', 'StringEquals')) ?? {};
      if (valueAt(statement, 'Condition', 'StringLike')) problems.push('matches OIDC claims with StringLike (wildcards)');
      if (equals[`${GITHUB_OIDC_HOST}:aud`] !== 'sts.amazonaws.com') problems.push('does not require the audience sts.amazonaws.com');
      const subjects = asList(equals[`${GITHUB_OIDC_HOST}:sub`]).map(String);
      if (!subjects.length) problems.push('does not require a subject');
      for (const subject of subjects.filter((s) => !s.startsWith(`repo:${f.settings.repository}:`) || s.includes('*'))) {
        problems.push(`trusts subject "${subject}", not one of ${f.settings.repository}`);
      }
      // An environment subject is all a pull-request job that names the environment needs: the workflow file on main must be pinned too.
      const workflows = asList(equals[`${GITHUB_OIDC_HOST}:job_workflow_ref`]).map(String);
      // The preview environment runs branch code by design (its CI role writes preview state and reaches preview roles only).
      const pinned = subjects.filter(
        (s) => s.includes(':environment:') && s !== `repo:${f.settings.repository}:environment:${PREVIEW_ENVIRONMENT}`,
      );
      if (pinned.length && !workflows.length)
        problems.push('trusts a GitHub environment without naming the workflow files on main (job_workflow_ref)');
      const onMain = new RegExp(`^${escape(f.settings.repository)}/\\.github/workflows/[\\w.-]+\\.ya?ml@refs/heads/main$`);
      for (const workflow of workflows.filter((w) => !onMain.test(w)))
        problems.push(`trusts workflow "${workflow}", not a workflow file of ${f.settings.repository} on main`);
    }
    if (principal.AWS !== undefined) {
      const named = valueAt(statement, 'Condition', 'ArnEquals', 'aws:PrincipalArn');
      const permissionSets = asList(valueAt(statement, 'Condition', 'ArnLike', 'aws:PrincipalArn')).map(String);
      const exact = named !== undefined && !asList(named).some((arn) => String(arn).includes('*') || String(arn).includes('?'));
      const onlyPermissionSets =
        named === undefined && permissionSets.length > 0 && permissionSets.every((pattern) => PERMISSION_SET_ROLE.test(pattern));
      if (!exact && !onlyPermissionSets)
        problems.push('trusts an account without naming the role (aws:PrincipalArn) or an IAM Identity Center permission set');
    }
    // A service acts for any account unless aws:SourceAccount names the ones it may act for (the confused deputy).
    if (principal.Service !== undefined) {
      const sources = asList(valueAt(statement, 'Condition', 'StringEquals', 'aws:SourceAccount')).map(String);
      if (!sources.length || sources.some((id) => !/^\d{12}$/.test(id)))
        problems.push('trusts a service principal without naming the accounts it acts for (aws:SourceAccount)');
    }
  }
  return problems;
}

/** Why a plan role's policy could read data. */
function planDataProblems(policyText: unknown, f: Foundation): string[] {
  const p = f.partition;
  const state = `arn:${p}:s3:::${f.platform.stateBucket}/`;
  // The AMI-id parameters the fleet's images write (ssmParameterPrefix of each team) are no secret.
  const teamPrefixes = [...f.teams.map((team) => ssmParameterPrefixOf(f.platform, team.name)), ssmParameterPrefixOf(f.platform, '*')];
  const documentPrefixes = f.settings.regions.map((region) => `arn:${p}:s3:::${componentBucketName(f.platform, region)}/components/`);
  const problems: string[] = [];
  for (const statement of statementsOf(policyText).filter((s) => s.Effect === 'Allow')) {
    const actions = asList(statement.Action).map(String);
    const resources = asList(statement.Resource).map(String);
    for (const action of actions) {
      if (/^s3:GetObject/.test(action)) {
        const allowed = (r: string) =>
          r === `${state}${TEAM_STATE_KEYS}` || r === `${state}${FOUNDATION_STATE_KEYS}` || documentPrefixes.some((d) => r.startsWith(d));
        for (const r of resources.filter((r) => !allowed(r))) problems.push(`allows ${action} on ${r}`);
      }
      if (/^secretsmanager:(GetSecretValue|BatchGetSecretValue)$/.test(action)) problems.push(`allows ${action}: secrets`);
      if (/^ssm:GetParameter/.test(action)) {
        const amiIds = (r: string) =>
          // GetParameterHistory: the AMI ids such a parameter held (npm run lineage -- --aws).
          (action === 'ssm:GetParameter' || action === 'ssm:GetParameterHistory') &&
          teamPrefixes.some((prefix) => new RegExp(`^arn:${p}:ssm:[a-z0-9-]+:\\d{12}:parameter${escape(prefix)}\\*$`).test(r));
        if (!resources.every(amiIds)) problems.push(`allows ${action}: SSM parameter values`);
      }
      // Through Image Builder only, a component's data (GetComponent of an encrypted component), never data at large.
      const viaImageBuilder = asList(valueAt(statement, 'Condition', 'StringEquals', 'kms:ViaService')).map(String);
      const componentsOnly =
        viaImageBuilder.length > 0 && viaImageBuilder.every((service) => /^imagebuilder\.[a-z0-9-]+\.amazonaws\.com$/.test(service));
      if (action === 'kms:Decrypt' && !componentsOnly && resources.some((r) => !/^\$\{aws_kms_key\.[^.}]*state-key[^.}]*\.arn\}$/.test(r)))
        problems.push('allows kms:Decrypt with a key other than the state key');
    }
  }
  return problems;
}

/** Every plan role of the platform: each foundation account's, the CI plan role and the read-only operator role (those two left out for the state key, which they read state with). */
function planRoleArns(f: Foundation, { stateKey }: { stateKey: boolean }): string[] {
  const readers = [CI_ROLE_NAMES.plan, OPERATOR_ROLE_NAMES.readOnly].map(
    (name) => `arn:${f.partition}:iam::${f.stateAccount.id}:role/${name}`,
  );
  return [...f.accounts.map((account) => planRoleArn(f.platform, account.id)), ...(stateKey ? [] : readers)];
}

/** Actions that return a key's plaintext to the caller. */
const DECRYPTING_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'];
/** An IAM wildcard pattern (`*`, `?`) as a regular expression, case-insensitive when `ignoreCase` (action names). */
const wildcard = (pattern: string, ignoreCase = false) =>
  new RegExp(`^${escape(pattern).replace(/\\\*/g, '.*').replace(/\\\?/g, '.')}$`, ignoreCase ? 'i' : '');

/**
 * Key-policy statements that let one of `planRoles` decrypt directly: the principal is everyone, the
 * role's account or the role, no `aws:PrincipalArn` condition leaves the role out, and no
 * `kms:ViaService` condition limits the use to an AWS service acting for the caller.
 */
function keyPolicyDecryptProblems(policyText: unknown, planRoles: string[]): string[] {
  const problems: string[] = [];
  for (const statement of statementsOf(policyText).filter((s) => s.Effect === 'Allow')) {
    const conditions = Object.values((statement.Condition ?? {}) as Record<string, Record<string, unknown>>);
    if (conditions.some((keys) => 'kms:ViaService' in keys)) continue;
    const principals =
      typeof statement.Principal === 'object'
        ? asList((statement.Principal as Record<string, unknown>).AWS).map(String)
        : [shown(statement.Principal)];
    const named = conditions.flatMap((keys) => asList(keys['aws:PrincipalArn']).map(String));
    const reached = planRoles.filter(
      (role) =>
        principals.some((p) => p === '*' || p === role || p === `${role.slice(0, role.indexOf(':role/'))}:root`) &&
        (named.length === 0 || named.some((pattern) => wildcard(pattern).test(role))),
    );
    if (!reached.length) continue;
    for (const action of asList(statement.Action)
      .map(String)
      .filter((a) => DECRYPTING_ACTIONS.some((d) => wildcard(a, true).test(d)))) {
      problems.push(`key policy statement ${sidOf(statement)} lets a plan role call ${action} directly`);
    }
  }
  return problems;
}

/** The logical id of the role a role policy or attachment names (`${aws_iam_role.<id>.…}`). */
const roleIdOf = (reference: unknown): string | undefined =>
  /^\$\{aws_iam_role\.([^.}]+)\./.exec(typeof reference === 'string' ? reference : '')?.[1];

/** The attachments to a role of the stack. */
const attachmentsOf = (stack: SynthesizedStack, roleId: string): SynthesizedResource[] =>
  resourcesOf(stack, 'aws_iam_role_policy_attachment').filter((a) => roleIdOf(a.config.role) === roleId);

/** A role's policies in the stack: its inline policies and the customer-managed policies of the stack attached to it. */
function rolePolicies(stack: SynthesizedStack, roleId: string): SynthesizedResource[] {
  const inline = resourcesOf(stack, 'aws_iam_role_policy').filter((p) => roleIdOf(p.config.role) === roleId);
  const attached = new Set(
    attachmentsOf(stack, roleId).flatMap((a) => /^\$\{aws_iam_policy\.([^.}]+)\.arn\}$/.exec(String(a.config.policy_arn))?.[1] ?? []),
  );
  return [...inline, ...resourcesOf(stack, 'aws_iam_policy').filter((p) => attached.has(p.id))];
}

/** The size of a policy as AWS receives it: Terraform's escapes (`$${aws:PrincipalTag/Team}`) undone. */
const sizeOf = (text: unknown): number => {
  const source = shown(text ?? '');
  return policySize(readTerraformLiteral(source) ?? source);
};

/** Policies over AWS's size limits (IAM sums a role's inline policies), and roles with more managed policies than IAM's default quota. */
function sizeProblems(stack: SynthesizedStack): { resource: SynthesizedResource; text: string }[] {
  const problems: { resource: SynthesizedResource; text: string }[] = [];
  const over = (resource: SynthesizedResource, size: number, limit: number, what: string) => {
    if (size > limit) problems.push({ resource, text: `${what} has ${size} characters, over AWS's ${limit}` });
  };
  for (const role of resourcesOf(stack, 'aws_iam_role')) {
    over(role, sizeOf(role.config.assume_role_policy), POLICY_SIZE_LIMITS.trust, `the trust policy of role ${shown(role.config.name)}`);
    const inline = resourcesOf(stack, 'aws_iam_role_policy').filter((p) => roleIdOf(p.config.role) === role.id);
    over(
      role,
      inline.reduce((sum, p) => sum + sizeOf(p.config.policy), 0),
      POLICY_SIZE_LIMITS.roleInline,
      `the inline policies of role ${shown(role.config.name)}`,
    );
    const attached = attachmentsOf(stack, role.id).length;
    if (attached > ATTACHED_POLICIES_PER_ROLE) {
      problems.push({
        resource: role,
        text:
          `role ${shown(role.config.name)} would have ${attached} managed policies attached, over AWS's default quota of ${ATTACHED_POLICIES_PER_ROLE}: ` +
          'move some of the teams (or launch templates) it serves to another account; ' +
          `this check holds to the default quota, which AWS raises to at most 20 on request ("Managed policies per role" in Service Quotas)`,
      });
    }
  }
  for (const policy of resourcesOf(stack, 'aws_iam_policy'))
    over(policy, sizeOf(policy.config.policy), POLICY_SIZE_LIMITS.managed, `the managed policy ${shown(policy.config.name)}`);
  for (const key of resourcesOf(stack, 'aws_kms_key')) over(key, sizeOf(key.config.policy), POLICY_SIZE_LIMITS.key, 'the key policy');
  for (const policy of resourcesOf(stack, 'aws_s3_bucket_policy'))
    over(policy, sizeOf(policy.config.policy), POLICY_SIZE_LIMITS.bucket, 'the bucket policy');
  for (const policy of resourcesOf(stack, 'aws_cloudwatch_event_bus_policy'))
    over(policy, sizeOf(policy.config.policy), POLICY_SIZE_LIMITS.eventBus, 'the event bus policy');
  return problems;
}

/** A text as a literal part of a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
