/**
 * Preview builds in `npm run fleet-status`, apart from production: the pipelines of preview stacks
 * (`<team>-preview-<id>-<image>`, tagged golden-ami:preview) in each build account and region of the
 * fleet, with their builds. Previews never count against the fleet's health.
 */
import { ListImagePipelinesCommand } from '@aws-sdk/client-imagebuilder';
import { PREVIEW_NAME_MARK } from '../../config/teams.js';
import type { Fleet } from '../../model/fleet/fleet.js';
import { RELEASE_TAGS } from '../../model/names.js';
import { awsErrorKind, awsErrorLine } from '../aws/errors.js';
import { boundedPages, tokenPages } from '../aws/paging.js';
import type { Clients } from './gather.js';
import { pipelineFacts } from './pipelines.js';
import type { AccountProblem, Build } from './status.js';

/** One preview pipeline and its builds, newest first. */
export interface PreviewPipeline {
  team: string;
  preview: string;
  pipeline: string;
  accountId: string;
  region: string;
  builds: Build[];
}

export interface PreviewStatus {
  pipelines: PreviewPipeline[];
  problems: AccountProblem[];
}

/** The preview pipelines of every build account and region the fleet's teams build in. */
export async function gatherPreviews(fleet: Fleet, clients: Pick<Clients, 'imagebuilder'>): Promise<PreviewStatus> {
  const places = new Map(
    fleet.teams.map((team) => [`${team.account.id}/${team.region}`, { accountId: team.account.id, region: team.region }]),
  );
  const status: PreviewStatus = { pipelines: [], problems: [] };
  for (const { accountId, region } of places.values()) {
    const client = clients.imagebuilder(region, accountId);
    try {
      const pages = boundedPages(
        tokenPages((nextToken) => client.send(new ListImagePipelinesCommand({ nextToken }))),
        (page) => page.nextToken,
        'ListImagePipelines',
      );
      for await (const page of pages)
        for (const pipeline of page.imagePipelineList ?? []) {
          const name = pipeline.name ?? '';
          const mark = name.indexOf(PREVIEW_NAME_MARK);
          const preview = pipeline.tags?.[RELEASE_TAGS.preview];
          if (!pipeline.arn || mark < 0 || preview === undefined) continue;
          const facts = await pipelineFacts(client, pipeline.arn, accountId, region);
          status.problems.push(...facts.problems);
          status.pipelines.push({ team: name.slice(0, mark), preview, pipeline: name, accountId, region, builds: facts.builds });
        }
    } catch (error) {
      status.problems.push({
        accountId,
        region,
        action: 'imagebuilder:ListImagePipelines',
        kind: awsErrorKind(error),
        message: awsErrorLine(error),
      });
    }
  }
  return status;
}

/** The section of the text report: one line per preview pipeline and its newest build. */
export function previewLines(status: PreviewStatus): string[] {
  const lines = ['Preview builds (apart from production; removed when their pull request closes or by the sweep):'];
  if (!status.pipelines.length) lines.push('  none');
  for (const p of status.pipelines) {
    const newest = p.builds[0];
    const build = newest ? `${newest.version} ${newest.status}${newest.created ? ` ${newest.created.slice(0, 10)}` : ''}` : 'no build yet';
    lines.push(`  ${p.team}  preview ${p.preview}  ${p.pipeline}  ${build}`);
  }
  for (const problem of status.problems)
    lines.push(`  ${problem.accountId} ${problem.region} ${problem.action}: ${problem.kind}: ${problem.message}`);
  return lines;
}
