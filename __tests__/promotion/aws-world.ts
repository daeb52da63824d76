/**
 * A small AWS for promotion tests: per account and region, SSM parameters, EC2 images and launch
 * template versions, and the build account's Image Builder images, behind one aws-sdk-client-mock
 * per client instance. Responses are shaped as the API references document them (GetParameter's
 * `Parameter`, ParameterNotFound, DescribeImages' `Images`, DescribeLaunchTemplateVersions'
 * `LaunchTemplateVersions` with `DefaultVersion`, CreateLaunchTemplateVersion's `LaunchTemplateVersion`,
 * CopyImage's `ImageId`, ListImagePipelineImages' `imageSummaryList` with `outputResources.amis`).
 * Writes are recorded; a client token repeated with the same input returns the first result, as
 * EC2 documents ("Ensuring idempotency in Amazon EC2 API requests").
 */
import {
  CopyImageCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  EC2ServiceException,
  ModifyLaunchTemplateCommand,
  type Image as Ec2Image,
  type LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import {
  ImagebuilderClient,
  ImagebuilderServiceException,
  ListImagePipelineImagesCommand,
  ListImageScanFindingsCommand,
  TagResourceCommand,
  type ImageScanFinding,
  type ImageSummary,
} from '@aws-sdk/client-imagebuilder';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { ReleaseClients } from '../../src/operations/promotion/promote.js';

const META = { httpStatusCode: 400, requestId: 'c0ffee00-1111-2222-3333-444455556666' };

/** An AWS error as the SDK throws it for a denied call. */
export function denied(service: 'ec2' | 'ssm' | 'imagebuilder', action: string): Error {
  const message = `User: arn:aws:sts::444444444444:assumed-role/golden-ami-releaser/golden-ami-promote is not authorized to perform: ${action}`;
  const $metadata = { ...META, httpStatusCode: 403 };
  if (service === 'ec2') return new EC2ServiceException({ name: 'UnauthorizedOperation', message, $fault: 'client', $metadata });
  if (service === 'ssm') return new SSMServiceException({ name: 'AccessDeniedException', message, $fault: 'client', $metadata });
  return new ImagebuilderServiceException({ name: 'AccessDeniedException', message, $fault: 'client', $metadata });
}

interface Template {
  versions: LaunchTemplateVersion[];
}

/** What one account and region holds. */
interface Place {
  parameters: Map<string, string>;
  images: Map<string, Ec2Image>;
  templates: Map<string, Template>;
}

/** A write call, as recorded. */
export interface Write {
  account: string;
  region: string;
  action: string;
  input: unknown;
}

/** The fake AWS of a test. */
export class AwsWorld {
  readonly writes: Write[] = [];
  /** Every call, writes and reads, as `<account> <region> <action>`. */
  readonly calls: string[] = [];
  /** Pages of ListImagePipelineImages of the build account (set by the test). */
  buildPages: { imageSummaryList: ImageSummary[]; nextToken?: string }[] = [];
  /** Findings of ListImageScanFindings, per build ARN. */
  findings = new Map<string, ImageScanFinding[]>();
  /** `<account>` or `<account> <action>` → the error every such call throws. */
  readonly failures = new Map<string, Error>();
  private readonly places = new Map<string, Place>();
  private readonly tokens = new Map<string, unknown>();
  private nextImage = 1;
  private readonly clients = new Map<string, unknown>();

  place(account: string, region: string): Place {
    const key = `${account}/${region}`;
    if (!this.places.has(key)) this.places.set(key, { parameters: new Map(), images: new Map(), templates: new Map() });
    return this.places.get(key)!;
  }

  /** An AMI in an account and region. */
  addImage(account: string, region: string, imageId: string, name: string, tags: Record<string, string> = {}): void {
    this.place(account, region).images.set(imageId, {
      ImageId: imageId,
      Name: name,
      OwnerId: account,
      State: 'available',
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
  }

  /** A launch template whose version 1 (the default) launches `imageId`. */
  addTemplate(account: string, region: string, id: string, imageId: string): void {
    this.place(account, region).templates.set(id, {
      versions: [
        {
          LaunchTemplateId: id,
          VersionNumber: 1,
          DefaultVersion: true,
          LaunchTemplateData: { ImageId: imageId, InstanceType: 't3.small' },
        },
      ],
    });
  }

  template(account: string, region: string, id: string): Template {
    return this.place(account, region).templates.get(id)!;
  }

  private fail(account: string, action: string): void {
    const error = this.failures.get(`${account} ${action}`) ?? this.failures.get(account);
    if (error) throw error;
  }

  private record(account: string, region: string, action: string, input: unknown, write: boolean): void {
    this.calls.push(`${account} ${region} ${action}`);
    this.fail(account, action);
    if (write) this.writes.push({ account, region, action, input });
  }

  /** Returns the first result of a token seen before. */
  private once<T>(token: string | undefined, make: () => T): T {
    if (!token) return make();
    if (!this.tokens.has(token)) this.tokens.set(token, make());
    return this.tokens.get(token) as T;
  }

  private mockSsm(client: SSMClient, account: string, region: string): void {
    const place = this.place(account, region);
    const mock = mockClient(client);
    mock.on(GetParameterCommand).callsFake((input: { Name: string }) => {
      this.record(account, region, 'ssm:GetParameter', input, false);
      const value = place.parameters.get(input.Name);
      if (value === undefined) throw new ParameterNotFound({ message: '', $metadata: META });
      return { Parameter: { Name: input.Name, Type: 'String', Value: value, Version: 1, DataType: 'aws:ec2:image' } };
    });
    mock.on(PutParameterCommand).callsFake((input: { Name: string; Value: string }) => {
      this.record(account, region, 'ssm:PutParameter', input, true);
      place.parameters.set(input.Name, input.Value);
      return { Version: 2, Tier: 'Standard' };
    });
  }

  private mockEc2(client: EC2Client, account: string, region: string): void {
    const place = this.place(account, region);
    const mock = mockClient(client);
    mock.on(DescribeImagesCommand).callsFake((input: { ImageIds?: string[]; Filters?: { Name: string; Values: string[] }[] }) => {
      this.record(account, region, 'ec2:DescribeImages', input, false);
      const images = [...place.images.values()];
      if (input.ImageIds) {
        const missing = input.ImageIds.find((id) => !place.images.has(id));
        if (missing)
          throw new EC2ServiceException({
            name: 'InvalidAMIID.NotFound',
            message: `The image id '[${missing}]' does not exist`,
            $fault: 'client',
            $metadata: META,
          });
        return { Images: images.filter((image) => input.ImageIds!.includes(image.ImageId!)) };
      }
      const names = input.Filters?.find((filter) => filter.Name === 'name')?.Values ?? [];
      return { Images: images.filter((image) => names.includes(image.Name!)) };
    });
    mock
      .on(CopyImageCommand)
      .callsFake((input: { Name: string; ClientToken?: string; TagSpecifications?: { Tags?: { Key: string; Value: string }[] }[] }) => {
        this.record(account, region, 'ec2:CopyImage', input, true);
        return this.once(input.ClientToken, () => {
          const imageId = `ami-0copy${String(this.nextImage++).padStart(12, '0')}`;
          this.addImage(account, region, imageId, input.Name);
          place.images.get(imageId)!.Tags = input.TagSpecifications?.[0]?.Tags ?? [];
          return { ImageId: imageId };
        });
      });
    mock.on(DescribeLaunchTemplateVersionsCommand).callsFake((input: { LaunchTemplateId: string; Versions?: string[] }) => {
      this.record(account, region, 'ec2:DescribeLaunchTemplateVersions', input, false);
      const { versions } = place.templates.get(input.LaunchTemplateId)!;
      const latest = versions.at(-1)!;
      const current = versions.find((version) => version.DefaultVersion)!;
      return { LaunchTemplateVersions: latest === current ? [latest] : [latest, current] };
    });
    mock
      .on(CreateLaunchTemplateVersionCommand)
      .callsFake(
        (input: { LaunchTemplateId: string; SourceVersion?: string; ClientToken?: string; LaunchTemplateData: { ImageId: string } }) => {
          this.record(account, region, 'ec2:CreateLaunchTemplateVersion', input, true);
          return this.once(input.ClientToken, () => {
            const { versions } = place.templates.get(input.LaunchTemplateId)!;
            const source = versions.find((version) => String(version.VersionNumber) === input.SourceVersion) ?? versions.at(-1)!;
            const made: LaunchTemplateVersion = {
              LaunchTemplateId: input.LaunchTemplateId,
              VersionNumber: versions.length + 1,
              DefaultVersion: false,
              LaunchTemplateData: { ...source.LaunchTemplateData, ...input.LaunchTemplateData },
            };
            versions.push(made);
            return { LaunchTemplateVersion: made };
          });
        },
      );
    mock.on(ModifyLaunchTemplateCommand).callsFake((input: { LaunchTemplateId: string; DefaultVersion: string }) => {
      this.record(account, region, 'ec2:ModifyLaunchTemplate', input, true);
      for (const version of place.templates.get(input.LaunchTemplateId)!.versions)
        version.DefaultVersion = String(version.VersionNumber) === input.DefaultVersion;
      return { LaunchTemplate: { LaunchTemplateId: input.LaunchTemplateId, DefaultVersionNumber: Number(input.DefaultVersion) } };
    });
    mock.on(CreateTagsCommand).callsFake((input: { Resources: string[]; Tags: { Key: string; Value: string }[] }) => {
      this.record(account, region, 'ec2:CreateTags', input, true);
      for (const id of input.Resources) {
        const image = place.images.get(id)!;
        image.Tags = [...(image.Tags ?? []).filter((tag) => !input.Tags.some((added) => added.Key === tag.Key)), ...input.Tags];
      }
      return {};
    });
  }

  private mockImagebuilder(client: ImagebuilderClient, account: string, region: string): void {
    const mock = mockClient(client);
    mock.on(ListImagePipelineImagesCommand).callsFake((input: { nextToken?: string }) => {
      this.record(account, region, 'imagebuilder:ListImagePipelineImages', input, false);
      const index = input.nextToken
        ? this.buildPages.findIndex((_, i) => i > 0 && this.buildPages[i - 1]!.nextToken === input.nextToken)
        : 0;
      return { requestId: 'r', ...this.buildPages[index]! };
    });
    mock.on(TagResourceCommand).callsFake((input: { resourceArn: string; tags: Record<string, string> }) => {
      this.record(account, region, 'imagebuilder:TagResource', input, true);
      for (const page of this.buildPages)
        for (const summary of page.imageSummaryList)
          if (summary.arn === input.resourceArn) summary.tags = { ...summary.tags, ...input.tags };
      return {};
    });
    mock.on(ListImageScanFindingsCommand).callsFake((input: { filters: { name: string; values: string[] }[] }) => {
      this.record(account, region, 'imagebuilder:ListImageScanFindings', input, false);
      const arn = input.filters.find((filter) => filter.name === 'imageBuildVersionArn')!.values[0]!;
      return { requestId: 'r', findings: this.findings.get(arn) ?? [] };
    });
  }

  /** The clients promote uses: one instance per service, region and account. */
  readonly releaseClients: ReleaseClients = {
    imagebuilder: (region, account) => this.client('imagebuilder', region, account),
    ec2: (region, account) => this.client('ec2', region, account),
    ssm: (region, account) => this.client('ssm', region, account),
  };

  private client<K extends 'imagebuilder' | 'ec2' | 'ssm'>(
    service: K,
    region: string,
    account: string,
  ): { imagebuilder: ImagebuilderClient; ec2: EC2Client; ssm: SSMClient }[K] {
    const key = `${service}/${region}/${account}`;
    if (!this.clients.has(key)) {
      if (service === 'ssm') {
        const client = new SSMClient({ region });
        this.mockSsm(client, account, region);
        this.clients.set(key, client);
      } else if (service === 'ec2') {
        const client = new EC2Client({ region });
        this.mockEc2(client, account, region);
        this.clients.set(key, client);
      } else {
        const client = new ImagebuilderClient({ region });
        this.mockImagebuilder(client, account, region);
        this.clients.set(key, client);
      }
    }
    return this.clients.get(key) as never;
  }
}
