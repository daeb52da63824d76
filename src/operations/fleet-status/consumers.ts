/**
 * What in one account and region still refers to given AMIs: instances (not terminated), launch
 * templates (their newest version) and SSM parameters. EC2's image references API answers all
 * three in one paged call (at most 10 AMIs a call); where it does not serve (an older partition or
 * region), DescribeInstances with an image-id filter, DescribeLaunchTemplateVersions of the fleet's
 * launch templates and GetParameter of the fleet's parameters stand in.
 */
import {
  DescribeLaunchTemplateVersionsCommand,
  paginateDescribeImageReferences,
  paginateDescribeInstances,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { boundedPages } from '../aws/paging.js';
import { awsText } from '../aws/response-text.js';
import { accountProblem } from './errors.js';
import type { AccountProblem, Consumer } from './status.js';

/** A reference to an AMI, before it is dated. */
export type Reference = Pick<Consumer, 'accountId' | 'region' | 'kind' | 'id' | 'imageId'>;

/** Where to look and what for. */
export interface Location {
  accountId: string;
  region: string;
  imageIds: string[];
  /** The fleet's launch templates and parameters here: the describe calls' fallback reads them. */
  launchTemplateIds: string[];
  parameterNames: string[];
}

/** The clients of one account and region (SSM only made when the fallback needs it). */
export interface LocationClients {
  ec2: EC2Client;
  ssm(): SSMClient;
}

/** The errors EC2 gives for an action a region or partition does not have. */
const NOT_SERVED = new Set(['InvalidAction', 'UnsupportedOperation', 'UnknownOperationException']);

const INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const KINDS: Record<string, Reference['kind']> = {
  'ec2:Instance': 'instance',
  'ec2:LaunchTemplate': 'launch template',
  'ssm:Parameter': 'ssm parameter',
};

/** `i-…`, `lt-…` or the parameter name (with its leading slash) from a resource ARN. */
function resourceId(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  if (resource.startsWith('parameter/')) return resource.slice('parameter'.length);
  return resource.slice(resource.indexOf('/') + 1) || arn;
}

async function byImageReferences(location: Location, ec2: EC2Client): Promise<Reference[]> {
  const found: Reference[] = [];
  for (const imageIds of chunks(location.imageIds, 10)) {
    const pages = paginateDescribeImageReferences(
      { client: ec2 },
      {
        ImageIds: imageIds,
        ResourceTypes: [
          { ResourceType: 'ec2:Instance', ResourceTypeOptions: [{ OptionName: 'state-name', OptionValues: INSTANCE_STATES }] },
          { ResourceType: 'ec2:LaunchTemplate', ResourceTypeOptions: [{ OptionName: 'version-depth', OptionValues: ['1'] }] },
          { ResourceType: 'ssm:Parameter' },
        ],
      },
    );
    for await (const page of boundedPages(pages, (page) => page.NextToken, 'ec2:DescribeImageReferences')) {
      for (const reference of page.ImageReferences ?? []) {
        const kind = KINDS[reference.ResourceType ?? ''];
        if (!kind || !reference.ImageId || !reference.Arn) continue;
        found.push({
          accountId: location.accountId,
          region: location.region,
          kind,
          id: awsText(resourceId(reference.Arn)),
          imageId: awsText(reference.ImageId),
        });
      }
    }
  }
  return found;
}

async function byDescribeCalls(location: Location, clients: LocationClients, problems: AccountProblem[]): Promise<Reference[]> {
  const { accountId, region } = location;
  const wanted = new Set(location.imageIds);
  const found: Reference[] = [];
  try {
    for (const imageIds of chunks(location.imageIds, 200)) {
      const filters = [
        { Name: 'image-id', Values: imageIds },
        { Name: 'instance-state-name', Values: INSTANCE_STATES },
      ];
      const pages = paginateDescribeInstances({ client: clients.ec2 }, { Filters: filters });
      for await (const page of boundedPages(pages, (page) => page.NextToken, 'ec2:DescribeInstances')) {
        for (const instance of (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? [])) {
          if (instance.InstanceId && instance.ImageId && wanted.has(instance.ImageId)) {
            found.push({ accountId, region, kind: 'instance', id: awsText(instance.InstanceId), imageId: instance.ImageId });
          }
        }
      }
    }
  } catch (error) {
    problems.push(accountProblem(accountId, region, 'ec2:DescribeInstances', error));
  }
  for (const templateId of location.launchTemplateIds) {
    try {
      const { LaunchTemplateVersions } = await clients.ec2.send(
        new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ['$Latest'] }),
      );
      const imageId = LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId;
      if (imageId && wanted.has(imageId)) found.push({ accountId, region, kind: 'launch template', id: templateId, imageId });
    } catch (error) {
      problems.push(accountProblem(accountId, region, 'ec2:DescribeLaunchTemplateVersions', error));
    }
  }
  for (const name of location.parameterNames) {
    try {
      const { Parameter } = await clients.ssm().send(new GetParameterCommand({ Name: name }));
      if (Parameter?.Value && wanted.has(Parameter.Value))
        found.push({ accountId, region, kind: 'ssm parameter', id: name, imageId: Parameter.Value });
    } catch (error) {
      // A parameter not written yet refers to nothing.
      if (!(error instanceof Error && error.name === 'ParameterNotFound'))
        problems.push(accountProblem(accountId, region, 'ssm:GetParameter', error));
    }
  }
  return found;
}

/** The references to the location's AMIs; a failed call becomes a problem of the account, the rest still answers. */
export async function findReferences(
  location: Location,
  clients: LocationClients,
): Promise<{ references: Reference[]; problems: AccountProblem[] }> {
  const problems: AccountProblem[] = [];
  if (!location.imageIds.length) return { references: [], problems };
  try {
    return { references: await byImageReferences(location, clients.ec2), problems };
  } catch (error) {
    if (!(error instanceof Error && NOT_SERVED.has(error.name))) {
      problems.push(accountProblem(location.accountId, location.region, 'ec2:DescribeImageReferences', error));
      return { references: [], problems };
    }
  }
  const references = await byDescribeCalls(location, clients, problems);
  return { references, problems };
}
