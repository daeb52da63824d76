/**
 * The bucket policies: state, logs, component documents; every one refuses requests without TLS.
 * The log and component bucket policies name build accounts, never teams: a principal reaches the
 * prefix of its own `Team` tag (`${aws:PrincipalTag/Team}`), so the policies do not grow with the teams.
 */
import type { Foundation } from './foundation.js';
import {
  buildRolePattern,
  componentBucketName,
  IMAGE_BUILDER_SERVICE_ROLE,
  planRoleArn,
  PRINCIPAL_TEAM,
  roleArn,
  roleFromTemplate,
} from '../names.js';
import { bucketArn, policy, roots, type PolicyDocument, type Statement } from './policy-document.js';
import { actionsOf, DOCUMENT_ACTIONS, DOCUMENT_LIST_ACTION, DOCUMENT_VERSION_LIST_ACTION } from './team-resource-actions.js';

/** Requests without TLS are refused, whoever makes them. */
export function denyInsecureTransport(f: Foundation, bucket: string): Statement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn(f, bucket), `${bucketArn(f, bucket)}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The state bucket: TLS only; the CI roles reach it through their own (same-account) policies. */
export function stateBucketPolicy(f: Foundation): PolicyDocument {
  return policy(denyInsecureTransport(f, f.platform.stateBucket));
}

/** A condition naming principals by ARN (exact ARNs, or patterns with ArnLike). */
const principals = (operator: 'ArnEquals' | 'ArnLike', arns: string[]) => ({
  [operator]: { 'aws:PrincipalArn': arns.length === 1 ? arns[0]! : arns },
});

/**
 * The log bucket: the build roles of the build accounts (`<team>-imagebuilder-build`, which the deploy
 * role creates only with its own team's `Team` tag) may put objects under their own team's prefix, nothing else.
 */
export function logBucketPolicy(f: Foundation): PolicyDocument {
  const bucket = f.platform.logBucket;
  return policy(denyInsecureTransport(f, bucket), {
    Sid: 'BuildLogs',
    Effect: 'Allow',
    Principal: roots(f, f.buildAccountIds),
    Action: 's3:PutObject',
    Resource: `${bucketArn(f, bucket)}/${PRINCIPAL_TEAM}/*`,
    Condition: principals(
      'ArnLike',
      f.buildAccountIds.map((id) => buildRolePattern(f.partition, id)),
    ),
  });
}

/**
 * A region's component bucket: each build account's deploy role writes `components/<team>/` of the
 * team in its session tag; Image Builder's service-linked role and the plan roles of the build
 * accounts read component documents (copies of files in this repository) to build and refresh them.
 */
export function componentBucketPolicy(f: Foundation, region: string): PolicyDocument {
  const bucket = componentBucketName(f.platform, region);
  const arn = bucketArn(f, bucket);
  const accounts = f.buildAccountIds;
  const deployRoles = accounts.map((id) => roleFromTemplate(f.platform.deployRole, id));
  const planRoles = accounts.map((id) => planRoleArn(f.platform, id));
  return policy(
    denyInsecureTransport(f, bucket),
    accounts.length > 0 && {
      Sid: 'DeployWritesTeamDocuments',
      Effect: 'Allow',
      Principal: roots(f, accounts),
      Action: actionsOf([DOCUMENT_ACTIONS], ['create', 'read', 'update', 'delete', 'tag']),
      Resource: `${arn}/components/${PRINCIPAL_TEAM}/*`,
      Condition: principals('ArnEquals', deployRoles),
    },
    accounts.length > 0 && {
      Sid: 'DeployListsTeamDocumentVersions',
      Effect: 'Allow',
      Principal: roots(f, accounts),
      Action: DOCUMENT_VERSION_LIST_ACTION,
      Resource: arn,
      Condition: { ...principals('ArnEquals', deployRoles), StringLike: { 's3:prefix': `components/${PRINCIPAL_TEAM}/*` } },
    },
    accounts.length > 0 && {
      Sid: 'ImageBuilderReadsDocuments',
      Effect: 'Allow',
      Principal: roots(f, accounts),
      Action: 's3:GetObject',
      Resource: `${arn}/components/*`,
      Condition: principals(
        'ArnEquals',
        accounts.map((id) => roleArn(f.partition, id, IMAGE_BUILDER_SERVICE_ROLE)),
      ),
    },
    accounts.length > 0 && {
      Sid: 'PlanReadsDocuments',
      Effect: 'Allow',
      Principal: roots(f, accounts),
      Action: actionsOf([DOCUMENT_ACTIONS], ['read']),
      Resource: `${arn}/components/*`,
      Condition: principals('ArnEquals', planRoles),
    },
    accounts.length > 0 && {
      // Without s3:ListBucket, S3 answers a missing object with 403 instead of 404 (Amazon S3 API Reference, HeadObject).
      Sid: 'ListDocuments',
      Effect: 'Allow',
      Principal: roots(f, accounts),
      Action: DOCUMENT_LIST_ACTION,
      Resource: arn,
      Condition: principals('ArnEquals', [...deployRoles, ...planRoles]),
    },
  );
}
