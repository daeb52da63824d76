/**
 * IAM policy documents as plain data, and the helpers every foundation policy uses. Principals in
 * other accounts (and roles that may not exist yet) are named as the account root narrowed by
 * `aws:PrincipalArn`, so that KMS, S3 and IAM accept a policy before every role it names exists.
 */
import type { Foundation } from './foundation.js';
import { accountRoot, CI_ROLE_NAMES, OPERATOR_ROLE_NAMES, roleArn, roleFromTemplate } from '../names.js';

/** An IAM policy statement. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  Action: string | string[];
  /** Absent in trust policies (IAM refuses it there). */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

/** A policy document of the statements given (false and undefined left out, for conditional statements). */
export const policy = (...statements: (Statement | undefined | false)[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements.filter((s): s is Statement => Boolean(s)),
});

/**
 * AWS's documented policy size limits, in characters other than whitespace (IAM, KMS and S3 quotas;
 * the event bus policy: Amazon EventBridge User Guide, "Amazon EventBridge quotas", Event bus policy size).
 */
export const POLICY_SIZE_LIMITS = {
  roleInline: 10_240,
  managed: 6_144,
  trust: 2_048,
  key: 32_768,
  bucket: 20_480,
  eventBus: 10_240,
} as const;
/** Managed policies IAM lets a role have attached by default ("Managed policies per role"; a quota increase allows up to 20). */
export const ATTACHED_POLICIES_PER_ROLE = 10;

/** A policy's size as IAM measures it: its characters other than whitespace. */
export const policySize = (document: PolicyDocument | string): number =>
  (typeof document === 'string' ? document : JSON.stringify(document)).replace(/\s/g, '').length;

/**
 * The permissions of a role as IAM holds them: an inline policy (IAM allows a role 10,240 characters
 * of them together) and customer-managed policies attached to it (6,144 characters each), in order.
 */
export interface RolePermissions {
  inline?: PolicyDocument;
  managed: PolicyDocument[];
}

/**
 * Managed policies for statements over a list of items: the items in order, each policy taking as
 * many as fit IAM's managed policy size. Deterministic, and greedy in order, so an item added at
 * the end changes only the last policy (or starts a new one). An item too large alone still gets
 * a policy of its own, which the aws-policy-size check then reports.
 */
export function packedPolicies<T>(
  items: readonly T[],
  documentOf: (chunk: T[]) => PolicyDocument,
  limit: number = POLICY_SIZE_LIMITS.managed,
): PolicyDocument[] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    const candidate = [...current, item];
    if (current.length && policySize(documentOf(candidate)) > limit) {
      chunks.push(current);
      current = [item];
    } else current = candidate;
  }
  if (current.length) chunks.push(current);
  return chunks.map(documentOf);
}

/** A role's statements, in order: as many as fit its inline policy, the rest packed into managed policies. */
export function rolePermissionsOf(document: PolicyDocument): RolePermissions {
  const statements = document.Statement;
  let inline = 0;
  while (inline < statements.length && policySize(policy(...statements.slice(0, inline + 1))) <= POLICY_SIZE_LIMITS.roleInline) inline++;
  return {
    ...(inline > 0 ? { inline: policy(...statements.slice(0, inline)) } : {}),
    managed: packedPolicies(statements.slice(inline), (chunk) => policy(...chunk)),
  };
}

/** A condition naming principals by ARN (patterns allowed). */
export const principalArn = (arns: string[]) => ({ ArnLike: { 'aws:PrincipalArn': arns.length === 1 ? arns[0]! : arns } });
/** The root principals of accounts. */
export const roots = (f: Foundation, ids: readonly string[]) => ({
  AWS: ids.length === 1 ? accountRoot(f.partition, ids[0]!) : ids.map((id) => accountRoot(f.partition, id)),
});

/** The role the foundation stacks run as, in one account. */
export function foundationRoleArn(f: Foundation, accountId: string): string {
  return roleFromTemplate(f.settings.foundationRole, accountId);
}

/** The CI roles (in the state account). */
export function ciRoleArn(f: Foundation, role: keyof typeof CI_ROLE_NAMES): string {
  return roleArn(f.partition, f.stateAccount.id, CI_ROLE_NAMES[role]);
}

/** Which operator role (`operators.<role>` in the foundation settings). */
export type OperatorRole = keyof NonNullable<Foundation['settings']['operators']>;

/** The principals the platform names for an operator role, or undefined when it names none (the role is then not created). */
export function operatorsNamed(f: Foundation, role: OperatorRole): { permissionSets: string[]; roles: string[] } | undefined {
  const named = f.settings.operators?.[role];
  return named && named.permissionSets.length + named.roles.length > 0 ? named : undefined;
}

/** Whether the platform names anyone for the operator role. */
export function hasOperators(f: Foundation, role: OperatorRole): boolean {
  return operatorsNamed(f, role) !== undefined;
}

/** The read-only operator role, when the platform names people for it. */
export function readOnlyOperatorArn(f: Foundation): string | undefined {
  return hasOperators(f, 'readOnly') ? roleArn(f.partition, f.stateAccount.id, OPERATOR_ROLE_NAMES.readOnly) : undefined;
}

/** Who reads state and assumes the plan roles: the CI plan role, and the read-only operator role when there is one. */
export function planReaders(f: Foundation): string[] {
  const operator = readOnlyOperatorArn(f);
  return [ciRoleArn(f, 'plan'), ...(operator ? [operator] : [])];
}

/** `arn:<partition>:s3:::<bucket>`. */
export const bucketArn = (f: Foundation, bucket: string): string => `arn:${f.partition}:s3:::${bucket}`;

/** The launch templates team.yaml names in an account: the only ones a release command may move. */
export function namedLaunchTemplateArns(f: Pick<Foundation, 'partition' | 'launchTemplates'>, accountId: string): string[] {
  return f.launchTemplates
    .filter((template) => template.accountId === accountId)
    .map((template) => `arn:${f.partition}:ec2:${template.region}:${accountId}:launch-template/${template.id}`);
}

/** The accounts that get a releaser role: every build account and every account that receives copies. */
export function releaseAccountIds(f: Foundation): string[] {
  return f.accounts.filter((account) => account.build || account.receiving).map((account) => account.id);
}
