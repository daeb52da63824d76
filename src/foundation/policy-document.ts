/**
 * IAM policy documents as plain data, and the helpers every foundation policy uses. Principals in
 * other accounts (and roles that may not exist yet) are named as the account root narrowed by
 * `aws:PrincipalArn`, so that KMS, S3 and IAM accept a policy before every role it names exists.
 */
import type { Foundation } from './model.js';
import { accountRoot, CI_ROLE_NAMES, roleArn, roleFromTemplate } from './names.js';

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


/** A condition naming principals by ARN (patterns allowed). */
export const principalArn = (arns: string[]) => ({ ArnLike: { 'aws:PrincipalArn': arns.length === 1 ? arns[0]! : arns } });
/** The root principals of accounts. */
export const roots = (f: Foundation, ids: readonly string[]) => ({ AWS: ids.length === 1 ? accountRoot(f.partition, ids[0]!) : ids.map((id) => accountRoot(f.partition, id)) });


/** The role the foundation stacks run as, in one account. */
export function foundationRoleArn(f: Foundation, accountId: string): string {
  return roleFromTemplate(f.settings.foundationRole, accountId);
}

/** The CI roles (in the state account). */
export function ciRoleArn(f: Foundation, role: keyof typeof CI_ROLE_NAMES): string {
  return roleArn(f.partition, f.stateAccount.id, CI_ROLE_NAMES[role]);
}

/** `arn:<partition>:s3:::<bucket>`. */
export const bucketArn = (f: Foundation, bucket: string): string => `arn:${f.partition}:s3:::${bucket}`;
