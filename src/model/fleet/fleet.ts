/**
 * The resolved fleet: every name, ARN, account id and version decided, no cdktf in sight.
 * Constructs turn this into Terraform; the CLI reports on it. Everything here is plain data.
 */
import type { ComponentParameter, ComponentOrigin, ImagePlatform } from '../../components/document.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import type { WaivableCheck } from '../../config/check-ids.js';

/** Where a team's settings came from, so later checks can point at the right line. */
export interface SourceRef {
  file: string;
  /** YAML path, e.g. `images[1]`. */
  path: string;
  line: number;
  column: number;
}

/** Arguments of an `aws_imagebuilder_component`, less `version` and `tags`. */
export interface ComponentArgs {
  name: string;
  platform: ImagePlatform;
  data: string;
  description: string;
  kmsKeyId: string;
}

/**
 * Image Builder's limit for a component's inline `data`, in bytes of UTF-8: the provider checks
 * it with Go's `len` (internal/service/imagebuilder/component.go, `StringLenBetween(1, 16000)`).
 */
export const COMPONENT_DATA_LIMIT = 16_000;

/** Where a document too large for `data` is uploaded; the component then refers to it by `uri`. */
export interface ComponentUpload {
  bucket: string;
  /** Versioned: `components/<team>/<component>/<version>.yaml`. */
  key: string;
}

/** A component resource a team stack owns, made from a shared or team-local document. */
export interface OwnedComponent {
  /** Unique in the team: the document name, plus `-linux`/`-windows` for documents that suit both. */
  key: string;
  /** The document name, as team.yaml refers to it. */
  documentName: string;
  origin: ComponentOrigin;
  file: string;
  parameters: ComponentParameter[];
  args: ComponentArgs;
  version: string;
  /** Set when the document is over COMPONENT_DATA_LIMIT bytes. */
  upload?: ComponentUpload;
}

/** A component in a recipe: one the stack owns, or an AWS-managed one by ARN. */
export type RecipeComponent =
  | { kind: 'owned'; key: string; documentName: string; resourceName: string; version: string; parameters: RecipeParameter[] }
  | { kind: 'managed'; arn: string; parameters: RecipeParameter[] };

export interface RecipeParameter {
  name: string;
  value: string;
  /** The value as team.yaml wrote it, when it names the branch (`{{ golden-ami:branch }}`, model/fleet/branch-parameter.ts). */
  branchTemplate?: string;
}

export interface BlockDevice {
  deviceName: string;
  volumeSize: number;
  volumeType: string;
  iops?: number;
  throughput?: number;
  /** EBS snapshot the volume starts from. */
  snapshotId?: string;
  kmsKeyId: string;
}

/**
 * A shared component an image pins to one version the shared lock recorded (`version:` beside
 * `shared:`): the recipe references that version's ARN, and the shared document's later changes
 * leave the recipe alone.
 */
export interface ComponentPin {
  /** The component's key in the team (as in RecipeComponent). */
  key: string;
  documentName: string;
  version: string;
  /** The shared component's current version. */
  current: string;
  /** How many versions the shared lock recorded above the pin, up to the current one. */
  versionsBehind: number;
  /** The team.yaml `version` line. */
  source: SourceRef;
}

/** Arguments of an `aws_imagebuilder_image_recipe`, less `version` and `tags`. */
export interface RecipeArgs {
  name: string;
  description: string;
  parentImage: string;
  components: RecipeComponent[];
  blockDevices: BlockDevice[];
  /** Audit tags of the AMI built: team, image and every component's version. */
  amiTags: Record<string, string>;
  /** The team's user data text, base64-encoded as Image Builder takes it (it holds no `${`, so it passes the Terraform boundary as is). */
  userDataBase64?: string;
  workingDirectory?: string;
}

/** A parent image reference as Image Builder takes it, plus the family it belongs to. */
export interface ParentImage {
  value: string;
  /** Stable across releases of the same image (e.g. `amazon-linux-2023-x86`); a change is a major bump. */
  family: string;
  /**
   * Whether Image Builder can see a newer parent (a dependency update): a version filter (`x.x.x`)
   * or an SSM parameter whose value changes; never for an AMI id or a fixed image version
   * (EC2 Image Builder API reference, Schedule.pipelineExecutionStartCondition).
   */
  updates: boolean;
  /** A lookup that opted in to deprecated AMIs (`includeDeprecated`): the deprecated-parent check. */
  includesDeprecated?: true;
  /** Another fleet image this one is built on, by name (team.yaml `parentImage: { golden: <team>/<image> }`): lineage. */
  golden?: { team: string; image: string; channel?: string };
}

export interface LaunchTemplateTarget {
  accountId: string;
  launchTemplateId: string;
  setDefaultVersion: boolean;
  /** The team.yaml entry's `id`. */
  source: SourceRef;
}

export interface SsmParameterTarget {
  name: string;
  /** Absent for the build account itself. */
  accountId?: string;
  /** The team.yaml `ssmParameter` line. */
  source: SourceRef;
}

/** Distribution settings for one region. */
export interface DistributionTarget {
  region: string;
  kmsKeyId: string;
  targetAccountIds: string[];
  organizationArns: string[];
  organizationalUnitArns: string[];
  /** Accounts granted launch permission on the build account's AMI (`launch_permission.user_ids`), without a copy. */
  launchPermissionAccountIds: string[];
  /** Every launch template of the region; with channels a build updates only the first channel's (fleet/channels.ts). */
  launchTemplates: LaunchTemplateTarget[];
  /** The parameters a build sets: `ssmParameter`, or with channels the first channel's (fleet/channels.ts). */
  ssmParameters: SsmParameterTarget[];
  /** AMI name pattern in this region, when it is not the image's `amiName`. */
  amiName?: string;
}

export interface Schedule {
  expression: string;
  startCondition: 'EXPRESSION_MATCH_ONLY' | 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE';
  timezone: string;
  /** The longest time between two scheduled runs, in days. */
  longestGapDays: number;
}

/** Which AMIs a lifecycle policy deprecates and deletes. */
export interface Retention {
  /** `never`: the AMIs are kept for good, neither deprecated nor deleted (the ami-deprecation check, waivable). */
  deprecateAfterDays: number | 'never';
  deleteAfterDays: number;
  keepAtLeast: number;
  skipIfLaunchedWithinDays: number;
}

/** A platform check a team waived for one image, with the reason it gave. */
export interface Waiver {
  check: WaivableCheck;
  reason: string;
}

/** Whether an image waived a check (and so gets the relaxed setting). */
export function waives(image: Pick<Image, 'waivers'>, check: WaivableCheck): boolean {
  return image.waivers.some((waiver) => waiver.check === check);
}

/**
 * Whether the build account's AMIs of an image are launched from other accounts (launch
 * permission for the organization, its OUs or named accounts). Copies made in target accounts belong to them.
 */
export function sharesAmis(image: Pick<Image, 'distribution'>): boolean {
  return image.distribution.some(
    (target) =>
      target.organizationArns.length > 0 || target.organizationalUnitArns.length > 0 || target.launchPermissionAccountIds.length > 0,
  );
}

/**
 * Whether some account may launch the image's AMIs without receiving a copy in that region: the
 * organization, organizational units, or a launch-permission account not among the copies' accounts.
 * Findings in such accounts reach no foundation forwarder (foundation/model.ts, findingForwardingOf).
 */
export function launchesWithoutCopies(image: Pick<Image, 'distribution'>): boolean {
  return image.distribution.some(
    (target) =>
      target.organizationArns.length > 0 ||
      target.organizationalUnitArns.length > 0 ||
      target.launchPermissionAccountIds.some((id) => !target.targetAccountIds.includes(id)),
  );
}

/** Whether an image's lifecycle policy deletes its AMIs: never while they are shared, unless the image waives it. */
export function deletesAmis(image: Pick<Image, 'distribution' | 'waivers' | 'retention'>): boolean {
  return deprecatesAmis(image) && (!sharesAmis(image) || waives(image, 'keep-shared-amis'));
}

/** Whether the image's lifecycle policy deprecates its AMIs at all (`deprecateAfterDays: never` keeps them for good). */
export function deprecatesAmis(
  image: Pick<Image, 'retention'>,
): image is Pick<Image, 'retention'> & { retention: { deprecateAfterDays: number } } {
  return image.retention.deprecateAfterDays !== 'never';
}

/** What build instances may read besides the defaults; S3 locations, ARNs of secrets, parameters and keys. */
export interface BuildPermissions {
  /** Read (and list); `bucket` may be a name pattern ending in `*`, which carries a reason. */
  s3: { bucket: string; prefix?: string; reason?: string }[];
  /** Put objects under a prefix, with a reason. */
  s3Writes: { bucket: string; prefix: string; reason: string }[];
  secretArns: string[];
  parameterArns: string[];
  kmsKeyArns: string[];
}

/**
 * One stage of an image's rollout (team.yaml `channels`): a channel name and the accounts that
 * follow it. The first channel moves with every successful build (Image Builder's distribution sets
 * its parameter and launch templates); each later one moves only when `npm run promote` promotes a
 * version into it, after a soak or on approval.
 */
export interface Channel {
  name: string;
  /** The stage's accounts; each account is in at most one channel of an image. */
  accountIds: string[];
  /** `channelParameterName(team, image, name)`, in every account and distribution region of the stage. */
  parameterName: string;
  /**
   * How a version reaches a later channel; absent for the first. `soakDays`: promoted automatically
   * once the version has been in the channel before for that many days with no failed test and no
   * open critical finding; `approval`: only by a person through the approval workflow.
   */
  promotion?: { soakDays?: number; approval: boolean };
  /** The team.yaml `channels[i]` entry. */
  source: SourceRef;
}

/** One golden image of a team: its recipe, how it is built, tested and distributed. */
export interface Image {
  name: string;
  /** `<team>-<image>`: the name of every Image Builder resource of this image. */
  resourceName: string;
  description: string;
  platform: ImagePlatform;
  parentImage: ParentImage;
  recipe: RecipeArgs;
  recipeVersion: string;
  /** Shared components this image pins to an earlier version, in recipe order. */
  componentPins: ComponentPin[];
  /** The recipe's earlier versions (oldest first, from its lock entry): AMIs built by them are retired too. */
  earlierRecipeVersions: string[];
  instanceTypes: string[];
  /** IMDS hop limit of build and test instances. */
  instanceMetadataHopLimit: number;
  /** Absent for an on-demand image: its pipeline has no schedule. */
  schedule?: Schedule;
  /** Whether the deploy workflow starts a build when it deploys a new recipe version. */
  buildOnDeploy: boolean;
  /** Whether a critical Amazon Inspector finding with a fix, on an instance of one of its AMIs, starts a build (at most daily). */
  rebuildOnCriticalFindings: boolean;
  testTimeoutMinutes: number;
  retention: Retention;
  waivers: Waiver[];
  /** AMI name pattern of every region without its own; Image Builder fills in the build date or version. */
  amiName: string;
  distribution: DistributionTarget[];
  /** The rollout stages, in order; empty for one stage (every build goes everywhere at once). */
  channels: Channel[];
  /** The team's tags with the image's over them, less those with build variables; never in a fingerprint (they update in place). */
  tags: Record<string, string>;
  /** The tags whose values hold build variables (`{{ imagebuilder:buildDate }}`): Image Builder fills them in on the AMIs only. */
  buildTimeTags: Record<string, string>;
  logPrefix: string;
  source: SourceRef;
}

export interface Account {
  id: string;
  /** The directory name, when the team used one. */
  name?: string;
}

/** A preview build of a team (model/fleet/preview.ts): its id, the team it previews and the branch it builds. */
export interface Preview {
  id: string;
  team: string;
  branch: string;
}

/** A team: one Terraform stack. */
export interface Team {
  /** The team's name; in a preview, `<team>-preview-<id>`, the stem of every resource name. */
  name: string;
  /** Set on a preview's stack only. */
  preview?: Preview;
  /** `teams/<name>`. */
  folder: string;
  file: string;
  /** Where team-wide settings (account, region) are, for problems about team-level resources. */
  source: SourceRef;
  owners: string[];
  account: Account;
  region: string;
  partition: string;
  deployRoleArn: string;
  /** Read-only role for plans; the deploy role when the platform has none. */
  planRoleArn: string;
  timezone: string;
  /** The S3 backend; `kmsKeyId` is the state key (stateKeyAliasArn) when the platform has a foundation. */
  state: { bucket: string; key: string; region: string; kmsKeyId?: string };
  logBucket: string;
  kmsKeyId: string;
  emails: string[];
  /** Lowest scan finding severity that alerts the team's topic (platform `cveAlertSeverity`). */
  cveAlertSeverity: PlatformSettings['cveAlertSeverity'];
  network?: { subnetId: string; securityGroupIds: string[] };
  /** The team's own tags (team.yaml `tags`), less those with build variables (they go on its AMIs only). */
  tags: Record<string, string>;
  /** Extra read permissions of the build role (`buildInstance.permissions`). */
  buildPermissions: BuildPermissions;
  components: OwnedComponent[];
  images: Image[];
}

/** Everything `cdktf synth` turns into stacks. */
export interface Fleet {
  platform: PlatformSettings;
  teams: Team[];
}

/** The team a stack belongs to, its `Team` tag: the team's name, also for its preview stacks. */
export function owningTeam(team: Pick<Team, 'name' | 'preview'>): string {
  return team.preview?.team ?? team.name;
}
