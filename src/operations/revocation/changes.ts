/**
 * The writes of a revocation or a restore, as plain data decided before any is made (so `--dry-run`
 * prints them and makes none), and the one function that makes them. Each change was checked against
 * what AWS holds just before (facts.ts), so a re-run plans only what is still to do; a change whose
 * earlier step on the same subject failed is skipped rather than made out of order.
 */
import { createHash } from 'node:crypto';
import {
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DisableImageDeprecationCommand,
  EnableImageDeprecationCommand,
  ModifyLaunchTemplateCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { TagResourceCommand, UntagResourceCommand, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { accountProblem } from '../fleet-status/errors.js';
import type { AccountProblem } from '../fleet-status/status.js';

/** A client per service for a region and account (the releaser role's credentials there). */
export interface RevocationClients {
  imagebuilder(region: string, accountId: string): ImagebuilderClient;
  ec2(region: string, accountId: string): EC2Client;
  ssm(region: string, accountId: string): SSMClient;
}

/** What one write does. */
export type ChangeAction =
  | { kind: 'tag-image'; arn: string; tags: Record<string, string> }
  | { kind: 'untag-image'; arn: string; keys: string[] }
  | { kind: 'tag-ami'; imageId: string; tags: Record<string, string> }
  | { kind: 'untag-ami'; imageId: string; keys: string[] }
  | { kind: 'deprecate-ami'; imageId: string; at: string }
  | { kind: 'undeprecate-ami'; imageId: string }
  | { kind: 'parameter'; name: string; from: string; to: string }
  | {
      kind: 'launch-template';
      launchTemplateId: string;
      from: string;
      to: string;
      /** The version a new one is made from (absent: only the default version moves, to `defaultVersion`). */
      sourceVersion?: number;
      /** Make the new version (or `defaultVersion`) the default: the team.yaml entry sets default versions. */
      setDefault: boolean;
      defaultVersion?: number;
    };

/** One write in one account and region, with the line that describes it to a person. */
export type Change = ChangeAction & {
  accountId: string;
  region: string;
  /** Changes on the same subject (an AMI, an image) are made in order; one failing skips the rest. */
  subject: string;
  description: string;
};

/** What came of making a change. */
export interface ChangeOutcome {
  change: Change;
  outcome: 'made' | 'failed' | 'skipped';
  problem?: AccountProblem;
}

/** The SDK action a change calls, as IAM and the report name it. */
export function changeActionName(change: ChangeAction): string {
  switch (change.kind) {
    case 'tag-image':
      return 'imagebuilder:TagResource';
    case 'untag-image':
      return 'imagebuilder:UntagResource';
    case 'tag-ami':
      return 'ec2:CreateTags';
    case 'untag-ami':
      return 'ec2:DeleteTags';
    case 'deprecate-ami':
      return 'ec2:EnableImageDeprecation';
    case 'undeprecate-ami':
      return 'ec2:DisableImageDeprecation';
    case 'parameter':
      return 'ssm:PutParameter';
    case 'launch-template':
      return change.sourceVersion === undefined ? 'ec2:ModifyLaunchTemplate' : 'ec2:CreateLaunchTemplateVersion';
  }
}

const asTags = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * The client token of a new launch template version: the same template, source version and AMI give
 * the same token, so EC2 answers a repeated request with the version it already made.
 */
export function launchTemplateToken(launchTemplateId: string, sourceVersion: number, imageId: string): string {
  return createHash('sha256').update(`${launchTemplateId}/${sourceVersion}/${imageId}`).digest('hex');
}

/** The second call of a change failed: `action` names it, `cause` is the AWS error. */
class StepError extends Error {
  constructor(
    readonly action: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = cause instanceof Error ? cause.name : 'Error';
  }
}

async function make(change: Change, clients: RevocationClients): Promise<void> {
  const { accountId, region } = change;
  const ec2 = () => clients.ec2(region, accountId);
  switch (change.kind) {
    case 'tag-image':
      await clients.imagebuilder(region, accountId).send(new TagResourceCommand({ resourceArn: change.arn, tags: change.tags }));
      return;
    case 'untag-image':
      await clients.imagebuilder(region, accountId).send(new UntagResourceCommand({ resourceArn: change.arn, tagKeys: change.keys }));
      return;
    case 'tag-ami':
      await ec2().send(new CreateTagsCommand({ Resources: [change.imageId], Tags: asTags(change.tags) }));
      return;
    case 'untag-ami':
      await ec2().send(new DeleteTagsCommand({ Resources: [change.imageId], Tags: change.keys.map((Key) => ({ Key })) }));
      return;
    case 'deprecate-ami':
      await ec2().send(new EnableImageDeprecationCommand({ ImageId: change.imageId, DeprecateAt: new Date(change.at) }));
      return;
    case 'undeprecate-ami':
      await ec2().send(new DisableImageDeprecationCommand({ ImageId: change.imageId }));
      return;
    case 'parameter':
      // Overwrite keeps the parameter's type; the data type makes SSM check the value is an AMI the account can see.
      await clients
        .ssm(region, accountId)
        .send(new PutParameterCommand({ Name: change.name, Value: change.to, Overwrite: true, DataType: 'aws:ec2:image' }));
      return;
    case 'launch-template': {
      let version = change.defaultVersion;
      if (change.sourceVersion !== undefined) {
        const created = await ec2().send(
          new CreateLaunchTemplateVersionCommand({
            LaunchTemplateId: change.launchTemplateId,
            SourceVersion: String(change.sourceVersion),
            LaunchTemplateData: { ImageId: change.to },
            VersionDescription: `golden-ami: ${change.from} revoked, back to ${change.to}`,
            ClientToken: launchTemplateToken(change.launchTemplateId, change.sourceVersion, change.to),
          }),
        );
        version = created.LaunchTemplateVersion?.VersionNumber;
      }
      if (change.setDefault && version !== undefined) {
        const modify = new ModifyLaunchTemplateCommand({ LaunchTemplateId: change.launchTemplateId, DefaultVersion: String(version) });
        try {
          await ec2().send(modify);
        } catch (error) {
          throw new StepError('ec2:ModifyLaunchTemplate', error);
        }
      }
      return;
    }
  }
}

/** Makes the changes in order; a failure is reported for its account and the rest still runs. */
export async function makeChanges(changes: Change[], clients: RevocationClients): Promise<ChangeOutcome[]> {
  const failedSubjects = new Set<string>();
  const outcomes: ChangeOutcome[] = [];
  for (const change of changes) {
    if (failedSubjects.has(change.subject)) {
      outcomes.push({ change, outcome: 'skipped' });
      continue;
    }
    try {
      await make(change, clients);
      outcomes.push({ change, outcome: 'made' });
    } catch (error) {
      failedSubjects.add(change.subject);
      const [action, cause] = error instanceof StepError ? [error.action, error.cause] : [changeActionName(change), error];
      outcomes.push({ change, outcome: 'failed', problem: accountProblem(change.accountId, change.region, action, cause) });
    }
  }
  return outcomes;
}
