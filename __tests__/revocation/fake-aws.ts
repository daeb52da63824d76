/**
 * A small AWS behind aws-sdk-client-mock for the revocation tests: Image Builder, EC2 and SSM of
 * several accounts and regions, holding state, so a command can run twice, fail half way and run
 * again. Requests and responses are shaped as the API references document them:
 *
 * - Image Builder ListImagePipelineImages: `{ imagePipelineArn, nextToken? }` -> `{ imageSummaryList: ImageSummary[], nextToken? }`
 *   (one summary a page here, to exercise paging); GetImagePipeline -> `{ imagePipeline: { arn, status } }`;
 *   GetImage `{ imageBuildVersionArn }` -> `{ image: { arn, version, state, tags, outputResources: { amis: [{ region, image, accountId }] } } }`;
 *   TagResource `{ resourceArn, tags }`, UntagResource `{ resourceArn, tagKeys }` -> `{}`.
 * - EC2 DescribeImages `{ ImageIds, IncludeDeprecated }` -> `{ Images: [{ ImageId, Tags: [{ Key, Value }], DeprecationTime? }] }`;
 *   CreateTags `{ Resources, Tags }`, DeleteTags `{ Resources, Tags: [{ Key }] }` -> `{}`;
 *   EnableImageDeprecation `{ ImageId, DeprecateAt }`, DisableImageDeprecation `{ ImageId }` -> `{ Return: true }`;
 *   DescribeLaunchTemplateVersions `{ LaunchTemplateId, Versions: ['$Latest', '$Default'] }` ->
 *   `{ LaunchTemplateVersions: [{ LaunchTemplateId, VersionNumber, DefaultVersion, LaunchTemplateData: { ImageId } }] }`;
 *   CreateLaunchTemplateVersion `{ LaunchTemplateId, SourceVersion, LaunchTemplateData, ClientToken }` ->
 *   `{ LaunchTemplateVersion: { VersionNumber } }` (the same ClientToken returns the version it made);
 *   ModifyLaunchTemplate `{ LaunchTemplateId, DefaultVersion }` -> `{ LaunchTemplate: { DefaultVersionNumber } }`.
 * - SSM GetParameter `{ Name }` -> `{ Parameter: { Name, Value, DataType } }` or ParameterNotFound;
 *   PutParameter `{ Name, Value, Overwrite, DataType }` -> `{ Version }`.
 *
 * An account in `denied` answers every call with AccessDenied (as the service spells it).
 */
import {
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeImageReferencesCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DisableImageDeprecationCommand,
  EC2Client,
  EC2ServiceException,
  EnableImageDeprecationCommand,
  ModifyLaunchTemplateCommand,
} from '@aws-sdk/client-ec2';
import {
  AccessDeniedException,
  GetImageCommand,
  GetImagePipelineCommand,
  ImagebuilderClient,
  ListImagePipelineImagesCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  type ImageSummary,
} from '@aws-sdk/client-imagebuilder';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { RevocationClients } from '../../src/operations/revocation/changes.js';

/** One build of a pipeline as the fake holds it. */
export interface FakeBuild {
  version: string;
  status: 'AVAILABLE' | 'FAILED' | 'DEPRECATED';
  created: string;
  tags: Record<string, string>;
  amis: { accountId: string; region: string; imageId: string }[];
}

interface FakeAmi {
  tags: Record<string, string>;
  deprecationTime?: string;
}

interface FakeTemplate {
  versions: { number: number; imageId: string; token?: string }[];
  defaultVersion: number;
}

const WRITES = new Set([
  'TagResourceCommand',
  'UntagResourceCommand',
  'CreateTagsCommand',
  'DeleteTagsCommand',
  'EnableImageDeprecationCommand',
  'DisableImageDeprecationCommand',
  'CreateLaunchTemplateVersionCommand',
  'ModifyLaunchTemplateCommand',
  'PutParameterCommand',
]);

const key = (accountId: string, region: string, id: string) => `${accountId}/${region}/${id}`;

/** The fake AWS: state, the mocks, and the clients of each account and region. */
export class FakeAws {
  /** Builds by pipeline ARN, newest first. */
  readonly pipelines = new Map<string, FakeBuild[]>();
  readonly amis = new Map<string, FakeAmi>();
  readonly parameters = new Map<string, string>();
  readonly templates = new Map<string, FakeTemplate>();
  readonly denied = new Set<string>();
  /** Write calls made, as `<Command> <account> <region> <subject>`. */
  readonly writes: string[] = [];
  /** Command names that fail (throttled) the next time they are called. */
  readonly failOnce = new Set<string>();
  /** A pipeline whose listing repeats its first token (a hostile response). */
  loopingPipeline?: string;
  private readonly where = new Map<object, { accountId: string; region: string }>();
  readonly imagebuilder = mockClient(ImagebuilderClient);
  readonly ec2 = mockClient(EC2Client);
  readonly ssm = mockClient(SSMClient);

  constructor() {
    this.install();
  }

  /** The clients of each account and region, as the commands make them (one per service, region and account). */
  readonly clients: RevocationClients = {
    imagebuilder: (region, accountId) => this.client(ImagebuilderClient, region, accountId),
    ec2: (region, accountId) => this.client(EC2Client, region, accountId),
    ssm: (region, accountId) => this.client(SSMClient, region, accountId),
  };

  private readonly made = new Map<string, unknown>();
  private client<C extends object>(Client: new (config: { region: string }) => C, region: string, accountId: string): C {
    const id = `${Client.name}/${region}/${accountId}`;
    if (!this.made.has(id)) {
      const client = new Client({ region });
      this.where.set(client, { accountId, region });
      this.made.set(id, client);
    }
    return this.made.get(id) as C;
  }

  /** Adds a build, its image and its AMIs (with tags and a deprecation time). */
  addBuild(pipelineArn: string, build: FakeBuild, deprecationTime?: string): void {
    this.pipelines.set(
      pipelineArn,
      [...(this.pipelines.get(pipelineArn) ?? []), build].sort((a, b) => b.created.localeCompare(a.created)),
    );
    for (const ami of build.amis)
      this.amis.set(key(ami.accountId, ami.region, ami.imageId), { tags: {}, ...(deprecationTime ? { deprecationTime } : {}) });
  }

  ami(accountId: string, region: string, imageId: string): FakeAmi {
    return this.amis.get(key(accountId, region, imageId))!;
  }

  parameter(accountId: string, region: string, name: string): string | undefined {
    return this.parameters.get(key(accountId, region, name));
  }

  setParameter(accountId: string, region: string, name: string, value: string): void {
    this.parameters.set(key(accountId, region, name), value);
  }

  template(accountId: string, region: string, id: string): FakeTemplate {
    return this.templates.get(key(accountId, region, id))!;
  }

  setTemplate(accountId: string, region: string, id: string, imageId: string): void {
    this.templates.set(key(accountId, region, id), { versions: [{ number: 1, imageId }], defaultVersion: 1 });
  }

  /** Every AWS call made, by command name. */
  calls(): string[] {
    return [this.imagebuilder, this.ec2, this.ssm].flatMap((mock) => mock.calls().map((call) => call.args[0].constructor.name));
  }

  /** The write calls among them. */
  writeCalls(): string[] {
    return this.calls().filter((name) => WRITES.has(name));
  }

  restore(): void {
    this.imagebuilder.restore();
    this.ec2.restore();
    this.ssm.restore();
  }

  private buildOf(arn: string): FakeBuild | undefined {
    const match = /^(arn:aws:imagebuilder:[^:]+:\d+:)image\/([^/]+)\/(\d+\.\d+\.\d+\/\d+)$/.exec(arn);
    if (!match) return undefined;
    return this.pipelines.get(`${match[1]!}image-pipeline/${match[2]!}`)?.find((build) => build.version === match[3]);
  }

  private install(): void {
    const guard = (name: string, getClient: () => unknown, denied: () => Error, subject = '') => {
      const at = this.where.get(getClient() as object)!;
      if (this.denied.has(at.accountId)) throw denied();
      if (this.failOnce.delete(name)) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      if (WRITES.has(`${name}Command`)) this.writes.push(`${name} ${at.accountId} ${at.region} ${subject}`);
      return at;
    };
    const ibDenied = () => new AccessDeniedException({ message: 'User is not authorized to perform: imagebuilder', $metadata: {} });
    const ec2Denied = () =>
      new EC2ServiceException({
        name: 'UnauthorizedOperation',
        $fault: 'client',
        message: 'You are not authorized to perform this operation.',
        $metadata: {},
      });
    const ssmDenied = () =>
      new SSMServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'not authorized to perform: ssm:GetParameter',
        $metadata: {},
      });

    this.imagebuilder.on(GetImagePipelineCommand).callsFake((input, getClient) => {
      guard('GetImagePipeline', getClient, ibDenied);
      if (!this.pipelines.has(input.imagePipelineArn)) throw new ResourceNotFoundException({ message: 'not found', $metadata: {} });
      return { imagePipeline: { arn: input.imagePipelineArn, status: 'ENABLED' } };
    });
    this.imagebuilder.on(ListImagePipelineImagesCommand).callsFake((input, getClient) => {
      guard('ListImagePipelineImages', getClient, ibDenied);
      const builds = this.pipelines.get(input.imagePipelineArn) ?? [];
      const index = input.nextToken ? Number(input.nextToken.split('-')[1]) : 0;
      const build = builds[index];
      const base = input.imagePipelineArn!.replace(':image-pipeline/', ':image/');
      const summary: ImageSummary[] = build
        ? [
            {
              arn: `${base}/${build.version}`,
              version: build.version,
              type: 'AMI',
              state: { status: build.status },
              dateCreated: build.created,
              tags: build.tags,
              outputResources: { amis: build.amis.map((ami) => ({ region: ami.region, image: ami.imageId, accountId: ami.accountId })) },
            },
          ]
        : [];
      const looping = this.loopingPipeline === input.imagePipelineArn;
      const next = looping ? 'token-1' : index + 1 < builds.length ? `token-${index + 1}` : undefined;
      return { imageSummaryList: summary, ...(next ? { nextToken: next } : {}) };
    });
    this.imagebuilder.on(GetImageCommand).callsFake((input, getClient) => {
      guard('GetImage', getClient, ibDenied);
      const build = this.buildOf(input.imageBuildVersionArn);
      if (!build) throw new ResourceNotFoundException({ message: 'not found', $metadata: {} });
      return {
        image: {
          arn: input.imageBuildVersionArn,
          version: build.version,
          state: { status: build.status },
          tags: { ...build.tags },
          outputResources: { amis: build.amis.map((ami) => ({ region: ami.region, image: ami.imageId, accountId: ami.accountId })) },
        },
      };
    });
    this.imagebuilder.on(TagResourceCommand).callsFake((input, getClient) => {
      guard('TagResource', getClient, ibDenied, input.resourceArn);
      Object.assign(this.buildOf(input.resourceArn)!.tags, input.tags);
      return {};
    });
    this.imagebuilder.on(UntagResourceCommand).callsFake((input, getClient) => {
      guard('UntagResource', getClient, ibDenied, input.resourceArn);
      const build = this.buildOf(input.resourceArn)!;
      for (const tagKey of input.tagKeys ?? []) Reflect.deleteProperty(build.tags, tagKey);
      return {};
    });

    const amiAt = (getClient: () => unknown, imageId: string) => {
      const at = this.where.get(getClient() as object)!;
      return this.amis.get(key(at.accountId, at.region, imageId));
    };
    this.ec2.on(DescribeImagesCommand).callsFake((input, getClient) => {
      guard('DescribeImages', getClient, ec2Denied);
      return {
        Images: (input.ImageIds ?? []).flatMap((imageId: string) => {
          const ami = amiAt(getClient, imageId);
          if (!ami) return [];
          return [
            {
              ImageId: imageId,
              Tags: Object.entries(ami.tags).map(([Key, Value]) => ({ Key, Value })),
              ...(ami.deprecationTime ? { DeprecationTime: ami.deprecationTime } : {}),
            },
          ];
        }),
      };
    });
    this.ec2.on(CreateTagsCommand).callsFake((input, getClient) => {
      guard('CreateTags', getClient, ec2Denied, input.Resources!.join(','));
      for (const imageId of input.Resources!) for (const tag of input.Tags!) amiAt(getClient, imageId)!.tags[tag.Key!] = tag.Value!;
      return {};
    });
    this.ec2.on(DeleteTagsCommand).callsFake((input, getClient) => {
      guard('DeleteTags', getClient, ec2Denied, input.Resources!.join(','));
      for (const imageId of input.Resources!)
        for (const tag of input.Tags!) Reflect.deleteProperty(amiAt(getClient, imageId)!.tags, tag.Key);
      return {};
    });
    this.ec2.on(EnableImageDeprecationCommand).callsFake((input, getClient) => {
      guard('EnableImageDeprecation', getClient, ec2Denied, input.ImageId);
      amiAt(getClient, input.ImageId)!.deprecationTime = input.DeprecateAt!.toISOString();
      return { Return: true };
    });
    this.ec2.on(DisableImageDeprecationCommand).callsFake((input, getClient) => {
      guard('DisableImageDeprecation', getClient, ec2Denied, input.ImageId);
      delete amiAt(getClient, input.ImageId)!.deprecationTime;
      return { Return: true };
    });
    const templateAt = (getClient: () => unknown, id: string) => {
      const at = this.where.get(getClient() as object)!;
      return this.templates.get(key(at.accountId, at.region, id));
    };
    this.ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake((input, getClient) => {
      guard('DescribeLaunchTemplateVersions', getClient, ec2Denied);
      const template = templateAt(getClient, input.LaunchTemplateId)!;
      const latest = template.versions.at(-1)!;
      const chosen = [latest, ...template.versions.filter((v) => v.number === template.defaultVersion && v !== latest)];
      return {
        LaunchTemplateVersions: chosen.map((v) => ({
          LaunchTemplateId: input.LaunchTemplateId,
          VersionNumber: v.number,
          DefaultVersion: v.number === template.defaultVersion,
          LaunchTemplateData: { ImageId: v.imageId },
        })),
      };
    });
    this.ec2.on(CreateLaunchTemplateVersionCommand).callsFake((input, getClient) => {
      guard('CreateLaunchTemplateVersion', getClient, ec2Denied, input.LaunchTemplateId);
      const template = templateAt(getClient, input.LaunchTemplateId)!;
      const same = template.versions.find((v) => v.token !== undefined && v.token === input.ClientToken);
      if (same) return { LaunchTemplateVersion: { VersionNumber: same.number } };
      const number = template.versions.at(-1)!.number + 1;
      template.versions.push({
        number,
        imageId: input.LaunchTemplateData!.ImageId!,
        ...(input.ClientToken ? { token: input.ClientToken } : {}),
      });
      return { LaunchTemplateVersion: { LaunchTemplateId: input.LaunchTemplateId, VersionNumber: number } };
    });
    this.ec2.on(ModifyLaunchTemplateCommand).callsFake((input, getClient) => {
      guard('ModifyLaunchTemplate', getClient, ec2Denied, input.LaunchTemplateId);
      const template = templateAt(getClient, input.LaunchTemplateId)!;
      template.defaultVersion = Number(input.DefaultVersion);
      return { LaunchTemplate: { LaunchTemplateId: input.LaunchTemplateId, DefaultVersionNumber: template.defaultVersion } };
    });
    // fleet-status: the image references API is not served here, so it falls back to the describe calls.
    this.ec2
      .on(DescribeImageReferencesCommand)
      .rejects(
        new EC2ServiceException({ name: 'InvalidAction', $fault: 'client', message: 'not valid for this web service', $metadata: {} }),
      );
    this.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });

    this.ssm.on(GetParameterCommand).callsFake((input, getClient) => {
      const at = guard('GetParameter', getClient, ssmDenied);
      const value = this.parameters.get(key(at.accountId, at.region, input.Name));
      if (value === undefined) throw new ParameterNotFound({ message: 'not found', $metadata: {} });
      return { Parameter: { Name: input.Name, Value: value, DataType: 'aws:ec2:image' } };
    });
    this.ssm.on(PutParameterCommand).callsFake((input, getClient) => {
      const at = guard('PutParameter', getClient, ssmDenied, input.Name);
      this.parameters.set(key(at.accountId, at.region, input.Name), input.Value);
      return { Version: 2 };
    });
  }
}
