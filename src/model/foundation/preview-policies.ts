/**
 * The preview role (PREVIEW_ROLE_NAME) of every foundation account, which the CI preview role chains
 * into from the `preview` environment: pull-request code deploys, destroys and sweeps previews with
 * it, and nothing of production is within its reach.
 * - In a build account, the deploy role's statements (account-policies.ts deployRoleDocument) for
 *   resources named `<team>-preview-…` (no team name holds `preview` as a word: config/teams.ts), each
 *   create also requiring the `golden-ami:preview` tag in the request and each change, delete, tag or
 *   PassRole requiring it on the resource: a production resource carries no such tag, and the role
 *   can only tag resources that already carry it. Documents only under `components/<team>/previews/`.
 * - In every account, the sweep: AMIs and snapshots carrying the `golden-ami:preview` tag may be
 *   deregistered and deleted. Nothing else: no SSM parameter, no launch template, no IAM beyond
 *   the preview's own roles with the team boundary, no state (the CI preview role holds that).
 */
import { previewStackName, PRINCIPAL_TEAM, RELEASE_TAGS, START_TAGS } from '../names.js';
import { deployRoleDocument } from './account-policies.js';
import type { Foundation, FoundationAccount } from './foundation.js';
import { policy, rolePermissionsOf, type PolicyDocument, type RolePermissions, type Statement } from './policy-document.js';

/** The preview tag present (`Null: false`) on the request or on the resource. */
const previewTagged = (key: 'aws:RequestTag' | 'aws:ResourceTag') => ({ [`${key}/${RELEASE_TAGS.preview}`]: 'false' });

/** A deploy statement bound to the caller's team, bound to preview-tagged resources too. */
function previewOnly(statement: Statement): Statement {
  if (statement.Effect !== 'Allow' || !statement.Condition) return statement;
  const equals = (statement.Condition.StringEquals ?? {}) as Record<string, unknown>;
  const marks = {
    ...(Object.keys(equals).some((key) => key.startsWith('aws:ResourceTag/')) ? previewTagged('aws:ResourceTag') : {}),
    ...(Object.keys(equals).some((key) => key.startsWith('aws:RequestTag/')) ? previewTagged('aws:RequestTag') : {}),
  };
  if (!Object.keys(marks).length) return statement;
  const nulls = (statement.Condition.Null ?? {}) as Record<string, string>;
  return { ...statement, Condition: { ...statement.Condition, Null: { ...nulls, ...marks } } };
}

/** What the sweep does in any account: find preview AMIs and snapshots, deregister and delete the tagged ones. */
function sweepStatements(f: Foundation): Statement[] {
  const p = f.partition;
  return [
    {
      Sid: 'FindPreviewImages',
      Effect: 'Allow',
      Action: ['ec2:DescribeImages', 'ec2:DescribeSnapshots', 'tag:GetResources'],
      Resource: '*',
    },
    {
      Sid: 'DeletePreviewImages',
      Effect: 'Allow',
      Action: ['ec2:DeregisterImage', 'ec2:DeleteSnapshot'],
      Resource: [`arn:${p}:ec2:*::image/*`, `arn:${p}:ec2:*::snapshot/*`],
      Condition: { Null: previewTagged('aws:ResourceTag') },
    },
  ];
}

/** The preview role's policy in one account. */
export function previewRoleDocument(f: Foundation, account: FoundationAccount): PolicyDocument {
  if (!account.build) return policy(...sweepStatements(f));
  const stem = previewStackName(PRINCIPAL_TEAM, '*');
  const deploy = deployRoleDocument(f, account, { stem, documents: `components/${PRINCIPAL_TEAM}/previews/*` });
  const images = `arn:${f.partition}:imagebuilder:*:${account.id}:image/${stem}-*`;
  return policy(
    ...deploy.Statement.map(previewOnly),
    ...sweepStatements(f),
    // Image Builder images of the preview's pipelines: start-builds tags them, the sweep deletes them (names carry the mark).
    {
      Sid: 'TagStartedPreviewImages',
      Effect: 'Allow',
      Action: 'imagebuilder:TagResource',
      Resource: images,
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': Object.values(START_TAGS) } },
    },
    { Sid: 'DeletePreviewBuilderImages', Effect: 'Allow', Action: ['imagebuilder:DeleteImage', 'imagebuilder:GetImage'], Resource: images },
  );
}

/** The preview role's permissions (inline and packed parts, like every foundation role). */
export function previewRolePermissions(f: Foundation, account: FoundationAccount): RolePermissions {
  return rolePermissionsOf(previewRoleDocument(f, account));
}
