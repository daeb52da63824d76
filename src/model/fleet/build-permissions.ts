/** The build role's extra permissions: resolved ARNs, and the one narrow statement each kind makes. */
import type { BuildPermissionsConfig } from '../../config/build-permissions.js';
import type { BuildPermissions } from './fleet.js';

/** An IAM policy statement as the stacks write it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

/** Resolves parameter names to ARNs in the build account and region; the rest is taken as given. */
export function resolveBuildPermissions(
  config: BuildPermissionsConfig,
  partition: string,
  region: string,
  accountId: string,
): BuildPermissions {
  return {
    s3: config.readS3.map(({ bucket, prefix, reason }) => ({
      bucket,
      ...(prefix !== undefined ? { prefix } : {}),
      ...(reason !== undefined ? { reason } : {}),
    })),
    s3Writes: config.writeS3,
    secretArns: config.readSecrets,
    parameterArns: config.readSsmParameters.map((name) => `arn:${partition}:ssm:${region}:${accountId}:parameter${name}`),
    kmsKeyArns: config.decryptWithKmsKeys,
  };
}

/** The objects `writeS3` lets the build role put, as ARN patterns. */
export function buildWriteArns(permissions: Pick<BuildPermissions, 's3Writes'>, partition: string): string[] {
  return permissions.s3Writes.map(({ bucket, prefix }) => `arn:${partition}:s3:::${bucket}/${prefix}*`);
}

/**
 * The statements of the build role's `extra-read-permissions` policy: read-only actions on exactly the
 * named resources (or buckets named by a pattern, with a reason), one statement per bucket for listing
 * (limited to the prefix), and put-object under the prefixes `writeS3` names. Empty when nothing is named.
 */
export function buildPermissionStatements(permissions: BuildPermissions, partition: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const { s3, s3Writes, secretArns, parameterArns, kmsKeyArns } = permissions;
  if (s3.length) {
    statements.push({
      Sid: 'ReadObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: s3.map(({ bucket, prefix }) => `arn:${partition}:s3:::${bucket}/${prefix ?? ''}*`),
    });
    s3.forEach(({ bucket, prefix }, i) =>
      statements.push({
        Sid: `ListBucket${i}`,
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [`arn:${partition}:s3:::${bucket}`],
        ...(prefix !== undefined ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
      }),
    );
  }
  if (s3Writes.length)
    statements.push({ Sid: 'WriteObjects', Effect: 'Allow', Action: ['s3:PutObject'], Resource: buildWriteArns(permissions, partition) });
  if (secretArns.length)
    statements.push({ Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArns });
  if (parameterArns.length)
    statements.push({ Sid: 'ReadParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: parameterArns });
  if (kmsKeyArns.length) statements.push({ Sid: 'DecryptWithKeys', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: kmsKeyArns });
  return statements;
}

/** The grants that needed a reason (writes, buckets by pattern), as validate and the report list them. */
export function reasonedBuildGrants(permissions: BuildPermissions): { grant: string; reason: string }[] {
  return [
    ...permissions.s3.flatMap(({ bucket, prefix, reason }) =>
      reason === undefined ? [] : [{ grant: `read s3://${bucket}/${prefix ?? ''}*`, reason }],
    ),
    ...permissions.s3Writes.map(({ bucket, prefix, reason }) => ({ grant: `write s3://${bucket}/${prefix}*`, reason })),
  ];
}
