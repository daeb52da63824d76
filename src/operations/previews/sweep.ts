/**
 * The preview sweep (`npm run preview-sweep`, and the cleanup after a pull request closes): in each
 * account and region, everything a preview made that is older than N days, deleted with the preview
 * role. What a preview stack makes, and how each is found:
 * - Image Builder pipelines, recipes, infrastructure, distribution and lifecycle policies: their
 *   listings carry tags, `golden-ami:preview`;
 * - components (kept by `skip_destroy` even after `terraform destroy`) and Image Builder images:
 *   their build versions carry the tags; where a summary lacks them, the name does (`<team>-preview-<id>-…`,
 *   which no team name can imitate: config/teams.ts);
 * - AMIs, in the build account and in every account that received a copy: `golden-ami:preview`
 *   (the distribution's AMI tags). Image Builder's DeleteImage leaves AMIs registered, so each is
 *   deregistered here and its snapshots deleted after it; snapshots left by an earlier partial run
 *   are found by their own tag;
 * - the roles, instance profile, topic, rules and component documents of a stack are destroyed with
 *   its Terraform state by the cleanup workflow (`terraform destroy`); the sweep leaves them.
 * A thing already gone counts as removed (a retried call or a second run applies nothing twice); a
 * listing or deletion that fails is reported, and the rest goes on.
 */
import {
  DeleteComponentCommand,
  DeleteDistributionConfigurationCommand,
  DeleteImageCommand,
  DeleteImagePipelineCommand,
  DeleteImageRecipeCommand,
  DeleteInfrastructureConfigurationCommand,
  DeleteLifecyclePolicyCommand,
  ImagebuilderClient,
  ListComponentBuildVersionsCommand,
  ListComponentsCommand,
  ListDistributionConfigurationsCommand,
  ListImageBuildVersionsCommand,
  ListImagePipelinesCommand,
  ListImageRecipesCommand,
  ListImagesCommand,
  ListInfrastructureConfigurationsCommand,
  ListLifecyclePoliciesCommand,
} from '@aws-sdk/client-imagebuilder';
import {
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { PREVIEW_NAME_MARK } from '../../config/teams.js';
import { RELEASE_TAGS } from '../../model/names.js';
import type { ClientFor } from '../aws/clients.js';
import { awsErrorLine } from '../aws/errors.js';
import { boundedPages, tokenPages } from '../aws/paging.js';

/** One account and region to sweep. */
export interface SweepPlace {
  accountId: string;
  region: string;
}

export interface SweepOptions {
  /** Only what was created at least this many days before `now`. */
  olderThanDays: number;
  /** Only this preview's resources; every preview's when absent. */
  preview?: string;
  /** List what would be removed, remove nothing. */
  dryRun: boolean;
  now: Date;
}

/** Something a preview made, found in a place. */
export interface SweepItem extends SweepPlace {
  kind: string;
  /** ARN or id. */
  id: string;
  /** Its preview id, when its tag says it. */
  preview?: string;
  /** Already gone when deleted (a retry, or a second run). */
  alreadyGone?: boolean;
}

/** What a sweep did: removed (or, dry, would remove), could not remove or list, and left for lack of a creation date. */
export interface SweepReport {
  removed: SweepItem[];
  failed: (SweepPlace & { kind: string; id?: string; error: string })[];
  undated: SweepItem[];
}

/** A candidate: what it is, when it was made, its tags or name, and how to delete it. */
interface Candidate {
  kind: string;
  id: string;
  created?: Date | string;
  tags?: Record<string, string>;
  name?: string;
  remove: () => Promise<unknown>;
}

/** The errors that mean the thing is already gone. */
const GONE = new Set(['ResourceNotFoundException', 'InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable', 'InvalidSnapshot.NotFound']);
const isGone = (error: unknown) => error instanceof Error && GONE.has(error.name);

const tagsOf = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? '']] : [])));

/** The preview a candidate belongs to, from its tag, else from its name's mark; undefined when it is not a preview's. */
function previewOf(candidate: Pick<Candidate, 'tags' | 'name'>, wanted: string | undefined): string | undefined {
  const tagged = candidate.tags?.[RELEASE_TAGS.preview];
  if (tagged !== undefined) return tagged;
  const name = candidate.name ?? '';
  if (wanted !== undefined) return name.includes(`${PREVIEW_NAME_MARK}${wanted}-`) ? wanted : undefined;
  return name.includes(PREVIEW_NAME_MARK) ? '' : undefined;
}

/** The listings of one place, in deletion order: pipelines before what they use, AMIs before their snapshots. */
function listings(clientFor: ClientFor, place: SweepPlace): { kind: string; list: () => AsyncGenerator<Candidate> }[] {
  const ib = () => clientFor(ImagebuilderClient, place.region, place.accountId);
  const ec2 = () => clientFor(EC2Client, place.region, place.accountId);
  const pages = <P extends { nextToken?: string }>(action: string, call: (nextToken?: string) => Promise<P>) =>
    boundedPages(tokenPages(call), (page) => page.nextToken, action);
  return [
    {
      kind: 'image pipeline',
      async *list() {
        for await (const page of pages('ListImagePipelines', (nextToken) => ib().send(new ListImagePipelinesCommand({ nextToken }))))
          for (const p of page.imagePipelineList ?? [])
            if (p.arn)
              yield {
                kind: 'image pipeline',
                id: p.arn,
                created: p.dateCreated,
                tags: p.tags,
                name: p.name,
                remove: () => ib().send(new DeleteImagePipelineCommand({ imagePipelineArn: p.arn })),
              };
      },
    },
    {
      kind: 'Image Builder image',
      async *list() {
        for await (const page of pages('ListImages', (nextToken) => ib().send(new ListImagesCommand({ owner: 'Self', nextToken }))))
          for (const version of page.imageVersionList ?? []) {
            if (!version.arn || version.name?.includes(PREVIEW_NAME_MARK) !== true) continue;
            const builds = pages('ListImageBuildVersions', (nextToken) =>
              ib().send(new ListImageBuildVersionsCommand({ imageVersionArn: version.arn, nextToken })),
            );
            for await (const buildPage of builds)
              for (const build of buildPage.imageSummaryList ?? [])
                if (build.arn)
                  yield {
                    kind: 'Image Builder image',
                    id: build.arn,
                    created: build.dateCreated,
                    tags: build.tags,
                    name: version.name,
                    remove: () => ib().send(new DeleteImageCommand({ imageBuildVersionArn: build.arn })),
                  };
          }
      },
    },
    {
      kind: 'image recipe',
      async *list() {
        for await (const page of pages('ListImageRecipes', (nextToken) =>
          ib().send(new ListImageRecipesCommand({ owner: 'Self', nextToken })),
        ))
          for (const r of page.imageRecipeSummaryList ?? [])
            if (r.arn)
              yield {
                kind: 'image recipe',
                id: r.arn,
                created: r.dateCreated,
                tags: r.tags,
                name: r.name,
                remove: () => ib().send(new DeleteImageRecipeCommand({ imageRecipeArn: r.arn })),
              };
      },
    },
    {
      kind: 'component',
      async *list() {
        for await (const page of pages('ListComponents', (nextToken) => ib().send(new ListComponentsCommand({ owner: 'Self', nextToken }))))
          for (const version of page.componentVersionList ?? []) {
            if (!version.arn || version.name?.includes(PREVIEW_NAME_MARK) !== true) continue;
            const builds = pages('ListComponentBuildVersions', (nextToken) =>
              ib().send(new ListComponentBuildVersionsCommand({ componentVersionArn: version.arn, nextToken })),
            );
            for await (const buildPage of builds)
              for (const build of buildPage.componentSummaryList ?? [])
                if (build.arn)
                  yield {
                    kind: 'component',
                    id: build.arn,
                    created: build.dateCreated,
                    tags: build.tags,
                    name: version.name,
                    remove: () => ib().send(new DeleteComponentCommand({ componentBuildVersionArn: build.arn })),
                  };
          }
      },
    },
    {
      kind: 'infrastructure configuration',
      async *list() {
        for await (const page of pages('ListInfrastructureConfigurations', (nextToken) =>
          ib().send(new ListInfrastructureConfigurationsCommand({ nextToken })),
        ))
          for (const c of page.infrastructureConfigurationSummaryList ?? [])
            if (c.arn)
              yield {
                kind: 'infrastructure configuration',
                id: c.arn,
                created: c.dateCreated,
                tags: c.tags,
                name: c.name,
                remove: () => ib().send(new DeleteInfrastructureConfigurationCommand({ infrastructureConfigurationArn: c.arn })),
              };
      },
    },
    {
      kind: 'distribution configuration',
      async *list() {
        for await (const page of pages('ListDistributionConfigurations', (nextToken) =>
          ib().send(new ListDistributionConfigurationsCommand({ nextToken })),
        ))
          for (const c of page.distributionConfigurationSummaryList ?? [])
            if (c.arn)
              yield {
                kind: 'distribution configuration',
                id: c.arn,
                created: c.dateCreated,
                tags: c.tags,
                name: c.name,
                remove: () => ib().send(new DeleteDistributionConfigurationCommand({ distributionConfigurationArn: c.arn })),
              };
      },
    },
    {
      kind: 'lifecycle policy',
      async *list() {
        for await (const page of pages('ListLifecyclePolicies', (nextToken) => ib().send(new ListLifecyclePoliciesCommand({ nextToken }))))
          for (const p of page.lifecyclePolicySummaryList ?? [])
            if (p.arn)
              yield {
                kind: 'lifecycle policy',
                id: p.arn,
                created: p.dateCreated,
                tags: p.tags,
                name: p.name,
                remove: () => ib().send(new DeleteLifecyclePolicyCommand({ lifecyclePolicyArn: p.arn })),
              };
      },
    },
    {
      kind: 'AMI',
      async *list() {
        const filters = [{ Name: 'tag-key', Values: [RELEASE_TAGS.preview] }];
        const described = boundedPages(
          tokenPages((NextToken) => ec2().send(new DescribeImagesCommand({ Owners: ['self'], Filters: filters, NextToken }))),
          (page) => page.NextToken,
          'DescribeImages',
        );
        for await (const page of described)
          for (const image of page.Images ?? []) {
            const imageId = image.ImageId;
            if (!imageId) continue;
            const snapshots = (image.BlockDeviceMappings ?? []).flatMap((mapping) =>
              mapping.Ebs?.SnapshotId ? [mapping.Ebs.SnapshotId] : [],
            );
            yield {
              kind: 'AMI',
              id: snapshots.length ? `${imageId} (snapshots ${snapshots.join(', ')})` : imageId,
              created: image.CreationDate,
              tags: tagsOf(image.Tags),
              // Deregistered first: EC2 refuses to delete a snapshot a registered AMI uses.
              remove: async () => {
                await goneIsDone(() => ec2().send(new DeregisterImageCommand({ ImageId: imageId })));
                for (const SnapshotId of snapshots) await goneIsDone(() => ec2().send(new DeleteSnapshotCommand({ SnapshotId })));
              },
            };
          }
      },
    },
    {
      kind: 'snapshot',
      async *list() {
        const filters = [{ Name: 'tag-key', Values: [RELEASE_TAGS.preview] }];
        const described = boundedPages(
          tokenPages((NextToken) => ec2().send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: filters, NextToken }))),
          (page) => page.NextToken,
          'DescribeSnapshots',
        );
        for await (const page of described)
          for (const snapshot of page.Snapshots ?? [])
            if (snapshot.SnapshotId) {
              const SnapshotId = snapshot.SnapshotId;
              yield {
                kind: 'snapshot',
                id: SnapshotId,
                created: snapshot.StartTime,
                tags: tagsOf(snapshot.Tags),
                remove: () => ec2().send(new DeleteSnapshotCommand({ SnapshotId })),
              };
            }
      },
    },
  ];
}

/** Runs a deletion; a thing already gone is a success. */
async function goneIsDone(remove: () => Promise<unknown>): Promise<boolean> {
  try {
    await remove();
    return false;
  } catch (error) {
    if (isGone(error)) return true;
    throw error;
  }
}

/** Sweeps every place; resolves to what was removed, what failed and what had no creation date. */
export async function sweepPreviews(clientFor: ClientFor, places: readonly SweepPlace[], options: SweepOptions): Promise<SweepReport> {
  const report: SweepReport = { removed: [], failed: [], undated: [] };
  const cutoff = options.now.getTime() - options.olderThanDays * 24 * 60 * 60 * 1000;
  for (const place of places) {
    for (const { kind, list } of listings(clientFor, place)) {
      try {
        for await (const candidate of list()) {
          const preview = previewOf(candidate, options.preview);
          if (preview === undefined || (options.preview !== undefined && preview !== options.preview)) continue;
          const item: SweepItem = { ...place, kind: candidate.kind, id: candidate.id, ...(preview ? { preview } : {}) };
          const created = candidate.created === undefined ? Number.NaN : new Date(candidate.created).getTime();
          if (Number.isNaN(created)) {
            report.undated.push(item);
            continue;
          }
          if (created > cutoff) continue;
          if (options.dryRun) {
            report.removed.push(item);
            continue;
          }
          try {
            const gone = await goneIsDone(candidate.remove);
            report.removed.push(gone ? { ...item, alreadyGone: true } : item);
          } catch (error) {
            report.failed.push({ ...place, kind: candidate.kind, id: candidate.id, error: awsErrorLine(error) });
          }
        }
      } catch (error) {
        report.failed.push({ ...place, kind: `listing of ${kind}s`, error: awsErrorLine(error) });
      }
    }
  }
  return report;
}
