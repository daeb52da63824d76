/**
 * The schema of `teams/<team>/team.yaml`. It is the single source of truth for validation,
 * for the defaults and for the editor JSON Schema in `schema/team.schema.json`.
 */
import { z } from 'zod';
import { WAIVABLE_CHECK_IDS } from './check-ids.js';
import { QUOTE_ACCOUNT_ID_HINT } from './account-ids.js';
import { closestTimeZone, isTimeZone } from './time-zones.js';
import { amiNameSchema, hopLimitSchema, snapshotIdSchema, userDataSchema, workingDirectorySchema } from './image-settings.js';
import { buildInstanceSchema } from './build-permissions.js';
import { tagsSchema } from './tags.js';
import { PROVIDER_LIMITS, VOLUME_TYPES, volumeProblems } from './ebs-volumes.js';
import { parentLookupSchema } from './parent-lookup.js';
import { COMPONENT_NAME_MAX, DESCRIPTION_MAX_BYTES, fitsDescription, IMAGE_NAME_MAX, nameSchema, regionSchema } from './aws-names.js';

/** Image Builder's monthly default: 00:00 on the first day of each month. */
export const DEFAULT_SCHEDULE = 'cron(0 0 1 * ? *)';
export const DEFAULT_INSTANCE_TYPES = ['m7i.large'];
export const DEFAULT_TEST_TIMEOUT_MINUTES = 720;
/** `retention.deprecateAfterDays` of an image whose AMIs are kept for good (a waivable check). */
export const NEVER_DEPRECATE = 'never';
export const DEFAULT_RETENTION = { deprecateAfterDays: 90, deleteAfterDays: 180, keepAtLeast: 3, skipIfLaunchedWithinDays: 30 };

/**
 * An account name from the platform's directory, or a 12-digit account id. Unquoted, an id is a
 * YAML number: one of 12 digits is the id as written (account-ids.ts checks the text); any other
 * lost its leading zeros or has a typo, and is never padded.
 */
const accountRef = z
  .union([
    z.string().min(1),
    z
      .number()
      .refine((id) => Number.isInteger(id) && id >= 100_000_000_000 && id <= 999_999_999_999, {
        error: (issue) => `an unquoted account id is a number, and ${String(issue.input)} does not have 12 digits`,
        params: { hint: QUOTE_ACCOUNT_ID_HINT },
      })
      // The editor JSON Schema's view of the rule (a refinement does not show there).
      .meta({ type: 'integer', minimum: 100_000_000_000, maximum: 999_999_999_999 }),
  ])
  .transform(String)
  .describe('Account name from the platform directory, or a 12-digit id.');

const parameterValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const componentRef = z
  .object({
    shared: nameSchema('component', COMPONENT_NAME_MAX).optional().describe('Document in components-yaml/ (file name without .yaml).'),
    local: nameSchema('component', COMPONENT_NAME_MAX).optional().describe("Document in this team's components/ folder."),
    aws: z
      .string()
      // As the name appears in the component's ARN (ComponentVersion.arn: `[a-z0-9-_]+`), e.g. php-8_2-linux.
      .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'an AWS-managed component name is lower-case, as in its ARN, e.g. "update-linux"' })
      .optional()
      .describe('AWS-managed component name, e.g. update-linux.'),
    version: z
      .string()
      .regex(/^(\d+|x)\.(\d+|x)\.(\d+|x)$/, { error: 'a component version is like "1.0.2" (or, for an AWS-managed one, "1.x.x")' })
      .optional()
      .describe(
        'With `aws`: version or version pattern (default x.x.x, the newest). With `shared`: pins this image to an earlier version the shared lock recorded (default: always the current one).',
      ),
    parameters: z
      .record(z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'a parameter name uses letters, digits, _ and -' }), parameterValue)
      .optional()
      .describe('Values for the component document\'s parameters.'),
  })
  .strict()
  .superRefine((ref, ctx) => {
    const kinds = (['shared', 'local', 'aws'] as const).filter((k) => ref[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: kinds.length === 0 ? 'a component needs one of "shared", "local" or "aws"' : `a component has exactly one of "shared", "local" or "aws", not ${kinds.join(' and ')}`,
        params: { hint: 'write e.g. `- shared: update-os` or `- aws: update-linux`' },
      });
    }
    if (ref.version !== undefined && ref.local !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: 'a local component cannot be pinned: it is deployed only at its current version',
        params: { hint: "remove \"version\"; only shared components (components-yaml/) keep their earlier versions for pins" },
      });
    }
    if (ref.version !== undefined && ref.shared !== undefined && ref.version.includes('x')) {
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: `a pinned shared component names one exact version, not the pattern "${ref.version}"`,
        params: { hint: 'write the version the shared lock recorded, e.g. 1.0.2, or remove "version" to always use the current one' },
      });
    }
  })
  .describe('A component: exactly one of shared, local or aws.');

const { sizeGiB: SIZE, iops: IOPS, throughput: THROUGHPUT } = PROVIDER_LIMITS;

const blockDevice = z
  .object({
    device: z.string().regex(/^\/dev\/[a-z0-9]+$/, { error: 'a device name looks like /dev/xvda or /dev/sda1' }),
    sizeGiB: z.number().int().min(SIZE.min).max(SIZE.max).describe('Volume size in GiB; the range of each type in the config reference.'),
    type: z.enum(VOLUME_TYPES).default('gp3'),
    iops: z.number().int().min(IOPS.min).max(IOPS.max).optional().describe('Provisioned IOPS: gp3 (default 3000), io1 and io2 (required) only.'),
    throughput: z.number().int().min(THROUGHPUT.min).max(THROUGHPUT.max).optional().describe('MiB/s, gp3 only.'),
    snapshotId: snapshotIdSchema.optional().describe('EBS snapshot the volume starts from (snap-...), in the build account and region; sizeGiB at least its size.'),
  })
  .strict()
  .superRefine((volume, ctx) => {
    for (const { field, message, hint } of volumeProblems(volume)) ctx.addIssue({ code: 'custom', path: [field], message, params: { hint } });
  })
  .describe('An EBS volume; always encrypted with the region\'s platform key.');

const schedule = z
  .object({
    cron: z
      .string()
      .optional()
      .meta({ default: DEFAULT_SCHEDULE })
      .describe('Image Builder cron expression, six fields separated by single spaces: cron(min hour day-of-month month day-of-week year).'),
    onDependencyUpdates: z
      .boolean()
      .optional()
      .describe(
        'At the scheduled time, build only if the parent image or a component has a newer version. Default: true where one can (a managed image name, an image ARN with x.x.x, an ssm: parent, or an AWS component with a version filter), false otherwise.',
      ),
    onDemand: z
      .boolean()
      .default(false)
      .describe('No schedule: the pipeline builds only when started from the console, the CLI or CI. Needs a rebuild-cadence exception.'),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const field of ['cron', 'onDependencyUpdates'] as const) {
      if (value.onDemand && value[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `an on-demand image has no schedule, so no "${field}"`, params: { hint: `remove "${field}", or remove onDemand to build on a schedule` } });
      }
    }
  })
  // The default cron applies to scheduled images only; an on-demand one has none.
  .transform(({ onDemand, cron, onDependencyUpdates }) =>
    onDemand ? { onDemand: true as const } : { onDemand: false as const, cron: cron ?? DEFAULT_SCHEDULE, onDependencyUpdates },
  );

const launchTemplate = z
  .object({
    account: accountRef,
    id: z.string().regex(/^lt-[a-z0-9]{17}$/, { error: 'a launch template id looks like lt-0123456789abcdef0' }),
    setDefaultVersion: z.boolean().default(true).describe('Make the new version the default one.'),
  })
  .strict();

const distributionRegion = z
  .object({
    region: regionSchema,
    accounts: z.array(accountRef).default([]).describe("Accounts that receive their own copy of the AMI: the platform's distributionAccounts for the team."),
    organization: z.boolean().default(false).describe('Grant launch permission to the whole AWS Organization.'),
    organizationalUnits: z
      .array(z.string().regex(/^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/, { error: 'an organizational unit ARN looks like arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-cdef3456' }))
      .default([])
      .describe('Organizational units granted launch permission.'),
    launchPermissionAccounts: z
      .array(accountRef)
      .default([])
      .describe("Accounts granted launch permission on the build account's AMI, without a copy: the platform's distributionAccounts for the team."),
    launchTemplates: z.array(launchTemplate).default([]).describe('Launch templates updated with the new AMI.'),
    amiName: amiNameSchema.optional().describe("Name pattern of the AMI in this region; default: the image's amiName."),
    // Systems Manager's rules (PutParameter, "Parameter name requirements"): at most 1011
    // characters, 15 levels, no aws or ssm prefix, a leading / when hierarchical; the provider checks 1 to 1011 bytes.
    ssmParameter: z
      .string()
      .regex(/^\/?[a-zA-Z0-9_.\-/]{1,1011}$/, { error: 'an SSM parameter name uses letters, digits and _ . - /' })
      .max(1011, { error: 'an SSM parameter name has at most 1011 characters, the leading / included' })
      .refine((name) => !/^\/?(aws|ssm)/i.test(name), { error: 'an SSM parameter name cannot start with "aws" or "ssm": AWS reserves them', params: { hint: 'start it with your team, e.g. /golden-ami/<team>/<image>' } })
      .refine((name) => name.replace(/^\//, '').split('/').length <= 15, { error: 'an SSM parameter name has at most 15 levels (/a/b/...)', params: { hint: 'use fewer / in the name' } })
      .refine((name) => name.startsWith('/') || !name.includes('/'), { error: 'a hierarchical SSM parameter name (one with /) starts with /', params: { hint: 'add the leading /, e.g. /golden-ami/<team>/<image>/latest' } })
      .optional()
      .describe("Parameter set to the new AMI id in the build account and in each target account; under the platform's ssmParameterPrefix, by default /golden-ami/<team>/."),
  })
  .strict();

const retentionFields = z
  .object({
    deprecateAfterDays: z
      .union([z.number().int().min(1).max(1000), z.literal(NEVER_DEPRECATE)])
      .default(DEFAULT_RETENTION.deprecateAfterDays)
      .describe('Deprecate AMIs this many days old; `never` keeps every AMI, neither deprecated nor deleted (needs an ami-deprecation exception with a reason).'),
    deleteAfterDays: z.number().int().min(1).max(1000).default(DEFAULT_RETENTION.deleteAfterDays).describe('Delete AMIs and their snapshots this many days old.'),
    keepAtLeast: z.number().int().min(1).max(10).default(DEFAULT_RETENTION.keepAtLeast).describe('Never deprecate or delete below this many AMIs.'),
    skipIfLaunchedWithinDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(DEFAULT_RETENTION.skipIfLaunchedWithinDays)
      .describe('Leave AMIs alone that launched an instance within this many days.'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.deprecateAfterDays !== NEVER_DEPRECATE && value.deprecateAfterDays >= value.deleteAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['deleteAfterDays'],
        message: `AMIs must be deprecated before they are deleted: deleteAfterDays (${value.deleteAfterDays}) must be more than deprecateAfterDays (${value.deprecateAfterDays})`,
        params: { hint: 'raise deleteAfterDays or lower deprecateAfterDays' },
      });
    }
  })
    .describe('EC2 Image Builder lifecycle policy for this image\'s AMIs; AMIs tagged Retain=true are never touched.');

/** Retention; `deprecateAfterDays: never` keeps AMIs for good, so a deletion age beside it is a contradiction. */
const retention = z.preprocess((input, ctx) => {
  const given = input as { deprecateAfterDays?: unknown; deleteAfterDays?: unknown } | null;
  if (given && typeof given === 'object' && given.deprecateAfterDays === NEVER_DEPRECATE && given.deleteAfterDays !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['deleteAfterDays'],
      input: given.deleteAfterDays,
      message: 'AMIs that are never deprecated are never deleted either: deleteAfterDays cannot go with deprecateAfterDays: never',
      params: { hint: 'remove deleteAfterDays, or give deprecateAfterDays a number of days' },
    });
  }
  return input;
}, retentionFields)

const exception = z
  .object({
    check: z.enum(WAIVABLE_CHECK_IDS, { error: (issue) => `"${String(issue.input)}" is not a check that can be waived` }),
    reason: z.string().trim().min(10, { error: 'give a reason of at least 10 characters: reviewers read it' }),
  })
  .strict()
  .describe('Waives one platform check for this image; listed in the security report.');

const image = z
  .object({
    name: nameSchema('image', IMAGE_NAME_MAX),
    description: z
      .string()
      .min(1)
      .refine(fitsDescription, {
        error: `a description has at most ${DESCRIPTION_MAX_BYTES} bytes of UTF-8 (accented letters take 2, most symbols 3): Image Builder counts bytes`,
        params: { hint: 'shorten the description to fit the limit' },
      }),
    platform: z.enum(['Linux', 'Windows']),
    parentImage: z
      .union([z.string().min(1), parentLookupSchema])
      .describe('Managed image name (amazon-linux-2023-x86), ssm:<parameter>, an AMI id, an image ARN, or { owner, name } of AMIs pinned by npm run pin-parents.'),
    components: z.array(componentRef).min(1, { error: 'an image needs at least one component' }),
    tests: z.array(componentRef).default([]).describe('Test components, run after the build.'),
    instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'an instance type looks like m7i.large' })).min(1).default(DEFAULT_INSTANCE_TYPES),
    blockDevices: z.array(blockDevice).optional().describe('Default: the root volume, 30 GiB gp3 (Linux /dev/xvda) or 60 GiB (Windows /dev/sda1).'),
    schedule: schedule.prefault({}),
    buildOnDeploy: z
      .boolean()
      .default(true)
      .describe('Start a build as soon as a deploy creates a new recipe version, instead of waiting for the schedule; false leaves it to the schedule (or to you, for an on-demand image).'),
    rebuildOnCriticalFindings: z
      .boolean()
      .default(false)
      .describe(
        'Rebuild at once when Amazon Inspector reports a critical vulnerability with a fix available on an instance launched from one of this image\'s AMIs: at most once a day, never while a build runs.',
      ),
    testTimeoutMinutes: z.number().int().min(60).max(1440).default(DEFAULT_TEST_TIMEOUT_MINUTES),
    retention: retention.prefault({}),
    exceptions: z.array(exception).default([]),
    amiName: amiNameSchema.optional().describe('AMI name pattern with {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }}; default: <team>-<image>-{{ imagebuilder:buildDate }}.'),
    userData: userDataSchema.optional().describe("Text run when a build or test instance starts, instead of Image Builder's (which installs the SSM agent on Linux when the parent lacks it)."),
    workingDirectory: workingDirectorySchema.optional().describe("Working directory of the build and test workflows; default: Image Builder's."),
    instanceMetadataHopLimit: hopLimitSchema.describe('IMDS hop limit of build and test instances, 1-64; 2 lets containers on the instance reach instance metadata.'),
    tags: tagsSchema.describe("Tags of this image's AMIs, Image Builder resources and build instances; over the team's tags of the same key."),
    distribution: z
      .array(distributionRegion)
      .min(1)
      .optional()
      .describe('Regions to distribute to; default: the build region, build account only.'),
  })
  .strict();

export const teamSchema = z
  .object({
    owners: z
      .array(z.string().regex(/^@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, { error: 'an owner is a GitHub team like @acme/platform' }))
      .min(1)
      .describe('GitHub teams that own this folder.'),
    account: accountRef.describe('Build account: a name from the platform directory or a 12-digit id.'),
    region: regionSchema.optional().describe('Build region; default: the platform default region.'),
    timezone: z
      .string()
      .superRefine((zone, ctx) => {
        if (!isTimeZone(zone)) ctx.addIssue({ code: 'custom', message: `"${zone}" is not an IANA time zone`, params: { hint: `did you mean "${closestTimeZone(zone)}"? (names are case-sensitive)` } });
      })
      .default('UTC')
      .describe('IANA time zone of the schedules, e.g. Europe/London; links such as Asia/Calcutta or US/Eastern work too.'),
    notifications: z
      .object({
        emails: z.array(z.email({ error: 'not a valid email address' })).min(1),
      })
      .strict(),
    network: z
      .object({
        subnetId: z.string().regex(/^subnet-[a-f0-9]{8,17}$/),
        securityGroupIds: z.array(z.string().regex(/^sg-[a-f0-9]{8,17}$/)).min(1),
      })
      .strict()
      .optional()
      .describe('Where build instances run; default: the default VPC of the build account.'),
    tags: tagsSchema.describe("Tags of the team's AMIs, Image Builder resources and build instances."),
    buildInstance: buildInstanceSchema.prefault({}),
    images: z.array(image).min(1, { error: 'a team needs at least one image' }),
  })
  .strict();

/** A validated team.yaml, defaults applied. */
export type TeamConfig = z.output<typeof teamSchema>;
export type ImageConfig = TeamConfig['images'][number];
export type ComponentRefConfig = ImageConfig['components'][number];
export type DistributionConfig = NonNullable<ImageConfig['distribution']>[number];
