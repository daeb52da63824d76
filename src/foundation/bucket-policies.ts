/** The bucket policies: state, logs, component documents; every one refuses requests without TLS. */
import type { Foundation, FoundationTeam } from './model.js';
import { componentBucketName, IMAGE_BUILDER_SERVICE_ROLE, planRoleArn, roleArn, roleFromTemplate, teamRoleNames } from './names.js';
import { bucketArn, policy, roots, type PolicyDocument, type Statement } from './policy-document.js';


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

/** The log bucket: each team's build role (in its build account) may put objects under its own prefix, nothing else. */
export function logBucketPolicy(f: Foundation): PolicyDocument {
  const bucket = f.platform.logBucket;
  return policy(
    denyInsecureTransport(f, bucket),
    ...f.teams.map(
      (team): Statement => ({
        Sid: `BuildLogs${sidPart(team.name)}`,
        Effect: 'Allow',
        Principal: roots(f, [team.accountId]),
        Action: 's3:PutObject',
        Resource: `${bucketArn(f, bucket)}/${team.name}/*`,
        Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn(f.partition, team.accountId, teamRoleNames(team.name).build) } },
      }),
    ),
  );
}

/** Teams of a build account that build in a region. */
function teamsIn(f: Foundation, accountId: string, region: string): FoundationTeam[] {
  return f.teams.filter((team) => team.accountId === accountId && team.region === region);
}

/**
 * A region's component bucket: each build account's deploy role writes, and its Image Builder
 * service-linked role reads, only `components/<team>/` of the teams that build there in the region;
 * plan roles read component documents (copies of files in this repository) to refresh them.
 */
export function componentBucketPolicy(f: Foundation, region: string): PolicyDocument {
  const bucket = componentBucketName(f.platform, region);
  const arn = bucketArn(f, bucket);
  const statements = f.buildAccountIds.flatMap((accountId): Statement[] => {
    const prefixes = teamsIn(f, accountId, region).map((team) => `${arn}/components/${team.name}/*`);
    if (!prefixes.length) return [];
    const sid = sidPart(accountId);
    return [
      {
        Sid: `DeployWrites${sid}`,
        Effect: 'Allow',
        Principal: roots(f, [accountId]),
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: prefixes,
        Condition: { ArnEquals: { 'aws:PrincipalArn': roleFromTemplate(f.platform.deployRole, accountId) } },
      },
      {
        Sid: `ImageBuilderReads${sid}`,
        Effect: 'Allow',
        Principal: roots(f, [accountId]),
        Action: 's3:GetObject',
        Resource: prefixes,
        Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn(f.partition, accountId, IMAGE_BUILDER_SERVICE_ROLE) } },
      },
      {
        Sid: `PlanReadsDocuments${sid}`,
        Effect: 'Allow',
        Principal: roots(f, [accountId]),
        Action: 's3:GetObject',
        Resource: prefixes,
        Condition: { ArnEquals: { 'aws:PrincipalArn': planRoleArn(f.platform, accountId) } },
      },
      {
        Sid: `ListDocuments${sid}`,
        Effect: 'Allow',
        Principal: roots(f, [accountId]),
        Action: 's3:ListBucket',
        Resource: arn,
        Condition: { ArnEquals: { 'aws:PrincipalArn': [roleFromTemplate(f.platform.deployRole, accountId), planRoleArn(f.platform, accountId)] } },
      },
    ];
  });
  return policy(denyInsecureTransport(f, bucket), ...statements);
}

/** A statement id part: letters and digits only. */
function sidPart(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '');
}
