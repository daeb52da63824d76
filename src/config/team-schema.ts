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
import { goldenParentSchema } from './golden-parent.js';
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
        'With `aws`: version or version pattern (default x.x.x, the newest). With `shared`: pins this image to an earlier version the shared lock recorded, e.g. 0.0.11 (default: always the current one; see "Pinning a shared component" in docs/teams.md). Not for `local` components.',
      ),
    parameters: z
      .record(z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'a parameter name uses letters, digits, _ and -' }), parameterValue)
      .optional()
      .describe("Values for the component document's parameters."),
  })
  .strict()
  .superRefine((ref, ctx) => {
    const kinds = (['shared', 'local', 'aws'] as const).filter((k) => ref[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'a component needs one of "shared", "local" or "aws"'
            : `a component has exactly one of "shared", "local" or "aws", not ${kinds.join(' and ')}`,
        params: { hint: 'write e.g. `- shared: update-os` or `- aws: update-linux`' },
      });
    }
    if (ref.version !== undefined && ref.local !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: 'a local component cannot be pinned: it is deployed only at its current version',
        params: { hint: 'remove "version"; only shared components (components-yaml/) keep their earlier versions for pins' },
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
  .describe('A component: exactly one of shared, local or aws, and optional parameters.');

const { sizeGiB: SIZE, iops: IOPS, throughput: THROUGHPUT } = PROVIDER_LIMITS;

const blockDevice = z
  .object({
    device: z
      .string()
      .regex(/^\/dev\/[a-z0-9]+$/, { error: 'a device name looks like /dev/xvda or /dev/sda1' })
      .describe('Device name, e.g. /dev/xvda or /dev/sda1.'),
    sizeGiB: z
      .number()
      .int()
      .min(SIZE.min)
      .max(SIZE.max)
      .describe('Volume size in GiB; the range of each type is in "EBS volumes" in docs/teams.md.'),
    type: z
      .enum(VOLUME_TYPES)
      .default('gp3')
      .describe('EBS volume type; each has its own size, IOPS and throughput rules ("EBS volumes" in docs/teams.md).'),
    iops: z
      .number()
      .int()
      .min(IOPS.min)
      .max(IOPS.max)
      .optional()
      .describe('Provisioned IOPS: gp3 (default 3000), io1 and io2 (required) only.'),
    throughput: z.number().int().min(THROUGHPUT.min).max(THROUGHPUT.max).optional().describe('MiB/s, gp3 only.'),
    snapshotId: snapshotIdSchema
      .optional()
      .describe('EBS snapshot the volume starts from (snap-...), in the build account and region; sizeGiB at least its size.'),
  })
  .strict()
  .superRefine((volume, ctx) => {
    for (const { field, message, hint } of volumeProblems(volume))
      ctx.addIssue({ code: 'custom', path: [field], message, params: { hint } });
  })
  .describe("An EBS volume; always encrypted with the region's platform key.");

const schedule = z
  .object({
    cron: z
      .string()
      .optional()
      .meta({ default: DEFAULT_SCHEDULE })
      .describe(
        'Image Builder cron expression, six fields separated by single spaces (no padding): cron(min hour day-of-month month day-of-week year), exactly one of day-of-month and day-of-week is ?. Every AWS form works (L, LW, 15W, 6L, FRI#2, SAT#2,4, names, lists, steps, ranges that wrap such as SAT-MON or hours 22-2); an expression that never runs is an error. See "Rebuild cadence" in docs/teams.md.',
      ),
    onDependencyUpdates: z
      .boolean()
      .optional()
      .describe(
        'At the scheduled time, build only if the parent image or a component has a newer version. Default: true where one can (a managed image name, an image ARN with x.x.x, an ssm: parent, or an AWS component with a version filter), false otherwise. true for a parent that never changes (an AMI id, a fixed image version) with no such component is an error: the pipeline would never build.',
      ),
    onDemand: z
      .boolean()
      .default(false)
      .describe(
        'No schedule: the pipeline builds only when started from the console, the CLI or CI. Not together with cron or onDependencyUpdates; needs a rebuild-cadence exception.',
      ),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const field of ['cron', 'onDependencyUpdates'] as const) {
      if (value.onDemand && value[field] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `an on-demand image has no schedule, so no "${field}"`,
          params: { hint: `remove "${field}", or remove onDemand to build on a schedule` },
        });
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
    id: z
      .string()
      .regex(/^lt-[a-z0-9]{17}$/, { error: 'a launch template id looks like lt-0123456789abcdef0' })
      .describe('Launch template id, lt-...'),
    setDefaultVersion: z.boolean().default(true).describe('Make the new version the default one.'),
  })
  .strict();

const distributionRegion = z
  .object({
    region: regionSchema.describe('Region that receives the AMI; it must have a platform KMS key.'),
    accounts: z
      .array(accountRef)
      .default([])
      .describe(
        'Accounts (names or ids) that receive their own encrypted copy of the AMI: each must be the build account or one the platform lists for the team in distributionAccounts, and a key consumer (foundation.keyConsumers).',
      ),
    organization: z.boolean().default(false).describe("Grant launch permission to the platform's AWS Organization (organizationArn)."),
    organizationalUnits: z
      .array(
        z.string().regex(/^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/, {
          error: 'an organizational unit ARN looks like arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-cdef3456',
        }),
      )
      .default([])
      .describe('Organizational units granted launch permission.'),
    launchPermissionAccounts: z
      .array(accountRef)
      .default([])
      .describe(
        'Accounts (names or ids) granted launch permission on the build account\'s AMI (launch_permission.user_ids), without a copy: the AMI stays in the build account and gets no SSM parameter or launch template there. Same rules as accounts: the team\'s own accounts only, in the platform directory unless the image waives organization-sharing; the build account itself is left out. Such AMIs are shared: never deleted (see "Retention" in docs/teams.md).',
      ),
    launchTemplates: z
      .array(launchTemplate)
      .default([])
      .describe(
        'Launch templates that get a new version with the new AMI, each in the build account or one of accounts; no other image may update the same launch template.',
      ),
    amiName: amiNameSchema
      .optional()
      .describe("Name pattern of the AMI in this region, same rules as images[].amiName; default: the image's amiName."),
    // Systems Manager's rules (PutParameter, "Parameter name requirements"): at most 1011
    // characters, 15 levels, no aws or ssm prefix, a leading / when hierarchical; the provider checks 1 to 1011 bytes.
    ssmParameter: z
      .string()
      .regex(/^\/?[a-zA-Z0-9_.\-/]{1,1011}$/, { error: 'an SSM parameter name uses letters, digits and _ . - /' })
      .max(1011, { error: 'an SSM parameter name has at most 1011 characters, the leading / included' })
      .refine((name) => !/^\/?(aws|ssm)/i.test(name), {
        error: 'an SSM parameter name cannot start with "aws" or "ssm": AWS reserves them',
        params: { hint: 'start it with your team, e.g. /golden-ami/<team>/<image>' },
      })
      .refine((name) => name.replace(/^\//, '').split('/').length <= 15, {
        error: 'an SSM parameter name has at most 15 levels (/a/b/...)',
        params: { hint: 'use fewer / in the name' },
      })
      .refine((name) => name.startsWith('/') || !name.includes('/'), {
        error: 'a hierarchical SSM parameter name (one with /) starts with /',
        params: { hint: 'add the leading /, e.g. /golden-ami/<team>/<image>/latest' },
      })
      .optional()
      .describe(
        "Parameter set to the new AMI id (data type aws:ec2:image) in the build account and in each target account; it starts with the platform's ssmParameterPrefix (by default /golden-ami/<team>/, e.g. /golden-ami/web/web-server/latest), and no other image may write it in the same account and region. A name with / starts with /.",
      ),
  })
  .strict();

const retentionFields = z
  .object({
    deprecateAfterDays: z
      .union([z.number().int().min(1).max(1000), z.literal(NEVER_DEPRECATE)])
      .default(DEFAULT_RETENTION.deprecateAfterDays)
      .describe(
        'Deprecate AMIs this many days old; `never` keeps every AMI, neither deprecated nor deleted (needs an ami-deprecation exception with a reason).',
      ),
    deleteAfterDays: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(DEFAULT_RETENTION.deleteAfterDays)
      .describe('Delete AMIs and their snapshots this many days old.'),
    keepAtLeast: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(DEFAULT_RETENTION.keepAtLeast)
      .describe('Never deprecate or delete below this many AMIs.'),
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
  .describe(
    'EC2 Image Builder lifecycle policy for this image\'s AMIs; AMIs tagged Retain=true are never touched. See "Retention" in docs/teams.md.',
  );

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
}, retentionFields);

const exception = z
  .object({
    check: z
      .enum(WAIVABLE_CHECK_IDS, { error: (issue) => `"${String(issue.input)}" is not a check that can be waived` })
      .describe('A waivable check (docs/reference.md, "Checks").'),
    reason: z
      .string()
      .trim()
      .min(10, { error: 'give a reason of at least 10 characters: reviewers read it' })
      .describe('Why, in at least 10 characters: reviewers read it, and validate and the report list it.'),
  })
  .strict()
  .describe('Waives one platform check for this image; listed in the security report.');

/** A channel name is a segment of its SSM parameter's path (`/golden-ami/<team>/<image>/<channel>`): a DNS label, at most 63 characters. */
export const CHANNEL_NAME_MAX = 63;

const promotion = z
  .object({
    soakDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe(
        'Promote automatically once a version has been this many days in the channel before, with no failed test and no open critical finding.',
      ),
    approval: z
      .literal(true, { error: 'approval is `true` or absent' })
      .optional()
      .describe('Promote only when a person approves it, through the promotion workflow behind its environment.'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.soakDays === undefined) === (value.approval === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          value.soakDays === undefined
            ? 'a promotion rule needs soakDays or approval'
            : 'a promotion rule is either soakDays or approval, not both',
        params: { hint: 'write `promotion: { soakDays: 7 }` (automatic after a soak) or `promotion: { approval: true }` (by a person)' },
      });
    }
  })
  .describe('How a version reaches this channel from the one before: { soakDays: <days> } or { approval: true }.');

const channel = z
  .object({
    name: nameSchema('channel', CHANNEL_NAME_MAX).describe(
      "2-63 lower-case letters, digits and single hyphens, unique in the image; the last segment of the channel's SSM parameter /golden-ami/<team>/<image>/<name>.",
    ),
    accounts: z
      .array(accountRef)
      .min(1, { error: 'a channel needs at least one account' })
      .describe(
        "The stage's accounts (names or ids): each a distribution account of the image (accounts or launchPermissionAccounts) or the build account, and in one channel only.",
      ),
    promotion: promotion.optional(),
  })
  .strict()
  .describe('One stage of the rollout: its name, its accounts and (after the first) how a version is promoted into it.');

/**
 * The stages of an image's rollout, in order. Their order and names are checked here; their
 * accounts against the distribution in src/model/fleet/channels.ts.
 */
const channels = z
  .array(channel)
  .superRefine((list, ctx) => {
    if (list.length < 2) {
      ctx.addIssue({
        code: 'custom',
        message: `channels needs at least two stages, not ${list.length}: one stage is what an image without channels does (every build goes everywhere at once)`,
        params: { hint: 'add a later channel (e.g. stable, with a promotion rule), or remove channels' },
      });
    }
    const seen = new Map<string, number>();
    list.forEach((stage, index) => {
      const earlier = seen.get(stage.name);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `channel "${stage.name}" is already channels[${earlier}]`,
          params: { hint: 'give each channel of an image its own name: it names the SSM parameter' },
        });
      } else seen.set(stage.name, index);
      if (index === 0 && stage.promotion) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'promotion'],
          message: `the first channel ("${stage.name}") moves with every successful build, so it has no promotion rule`,
          params: { hint: 'remove promotion here, or put a channel before this one' },
        });
      }
      if (index > 0 && !stage.promotion) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `channel "${stage.name}" has no promotion rule: every channel after the first is moved only by promotion`,
          params: { hint: 'add `promotion: { soakDays: 7 }` (automatic after a soak) or `promotion: { approval: true }` (by a person)' },
        });
      }
    });
  })
  .describe(
    'Rollout stages in order, at least two; absent: one stage, every build moves the SSM parameter and launch templates everywhere. The first channel moves with every successful build; each later one only when `npm run promote` promotes a version into it. Each channel sets the SSM parameter /golden-ami/<team>/<image>/<channel> in its accounts; with channels, distribution takes no ssmParameter. See "Channels" in docs/teams.md.',
  );

const image = z
  .object({
    name: nameSchema('image', IMAGE_NAME_MAX).describe(
      '2-64 lower-case letters, digits and hyphens, unique in the team; its resources are named <team>-<name> in AWS.',
    ),
    description: z
      .string()
      .min(1)
      .refine(fitsDescription, {
        error: `a description has at most ${DESCRIPTION_MAX_BYTES} bytes of UTF-8 (accented letters take 2, most symbols 3): Image Builder counts bytes`,
        params: { hint: 'shorten the description to fit the limit' },
      })
      .describe(`At most ${DESCRIPTION_MAX_BYTES} bytes of UTF-8 (Image Builder counts bytes).`),
    platform: z.enum(['Linux', 'Windows']).describe("The image's operating system; every component's actions must suit it."),
    parentImage: z
      .union([z.string().min(1), parentLookupSchema, goldenParentSchema])
      .describe(
        'A managed image name (amazon-linux-2023-x86 becomes arn:aws:imagebuilder:<region>:aws:image/amazon-linux-2023-x86/x.x.x), ssm:<parameter>, an AMI id, an image ARN, or a lookup { owner, name, architecture } pinned in the lock by npm run pin-parents (see "Parents from other publishers" in docs/operations.md). A managed name must be one Image Builder publishes (src/model/fleet/managed-images.ts); a typo gets a "did you mean", among the fleet\'s images too. Another image of the fleet: { golden: <team>/<image>, channel } (see "Building on another team\'s image" in docs/teams.md).',
      ),
    components: z
      .array(componentRef)
      .min(1, { error: 'an image needs at least one component' })
      .describe(
        'Ordered list of components; an aws: component must be one AWS publishes for the image\'s platform (see "AWS-managed components" in docs/operations.md).',
      ),
    tests: z
      .array(componentRef)
      .default([])
      .describe('Test components, same forms, run after the build; a shared or local document listed here has only a test phase.'),
    instanceTypes: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'an instance type looks like m7i.large' }))
      .min(1)
      .default(DEFAULT_INSTANCE_TYPES)
      .describe(
        "Build and test instance types. They must match the parent image's architecture where both are known: Graviton families (a g after the generation: m7g, c7gn, t4g, im4gn, x2gd, and a1) are arm64, others x86_64 (mac families are not checked); the parent's from a managed name (-x86, -arm64) or an AWS public ssm: parameter ending in x86_64 or arm64. With an arm64 parent set e.g. [m7g.large]: the default does not fit.",
      ),
    blockDevices: z
      .array(blockDevice)
      .optional()
      .describe(
        "EBS volumes, always encrypted with the region's platform key. Default: the root volume, 30 GiB gp3 (Linux /dev/xvda) or 60 GiB (Windows /dev/sda1).",
      ),
    schedule: schedule
      .prefault({})
      .describe('When the pipeline builds; default: monthly, only when something changed. See "Rebuild cadence" in docs/teams.md.'),
    buildOnDeploy: z
      .boolean()
      .default(true)
      .describe(
        'Start a build as soon as a deploy creates a new recipe version, instead of waiting for the schedule; false leaves it to the schedule (or to you, for an on-demand image).',
      ),
    rebuildOnCriticalFindings: z
      .boolean()
      .default(false)
      .describe(
        "Rebuild at once when Amazon Inspector reports a critical vulnerability with a fix available on an instance launched from one of this image's AMIs: at most once a day, never while a build runs.",
      ),
    testTimeoutMinutes: z.number().int().min(60).max(1440).default(DEFAULT_TEST_TIMEOUT_MINUTES).describe('Image test timeout in minutes.'),
    retention: retention.prefault({}),
    exceptions: z
      .array(exception)
      .default([])
      .describe(
        'Waived platform checks, each { check, reason }; validate lists every waiver and the report shows them per image (see "Security defaults" in docs/security.md).',
      ),
    amiName: amiNameSchema
      .optional()
      .describe(
        "AMI name pattern; must hold {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }} (else the second build asks for a name already taken). At most 127 characters as written and the provider's pattern (letters, digits, spaces, _ . -, {{ }} around variables; starts and ends with a letter, digit, _ or -), and no :, {, } or line break outside the variables. Consumers find AMIs by name, so a name starts with <team>- or is the team's alone: its fixed start (the text before the first {{) neither begins nor is begun by another team's AMI name. Default: <team>-<image>-{{ imagebuilder:buildDate }}.",
      ),
    userData: userDataSchema
      .optional()
      .describe(
        'Text run when a build or test instance starts, sent base64-encoded (user_data_base64), at most 21847 base64 characters (16383 bytes of text). It replaces what Image Builder adds to install the SSM agent on Linux, so install the agent yourself if the parent image lacks it.',
      ),
    workingDirectory: workingDirectorySchema
      .optional()
      .describe("Absolute path (/opt/build, C:\\build) of the build and test workflows, at most 1024 bytes; default: Image Builder's."),
    instanceMetadataHopLimit: hopLimitSchema.describe(
      'IMDS hop limit of build and test instances, 1-64; 2 lets containers on the instance reach instance metadata.',
    ),
    tags: tagsSchema.describe(
      "Tags of this image's AMIs, Image Builder resources and build instances; over the team's tags of the same key.",
    ),
    distribution: z
      .array(distributionRegion)
      .min(1)
      .optional()
      .describe('Regions to distribute to; default: the build region, build account only.'),
    channels: channels.optional(),
  })
  .strict();

export const teamSchema = z
  .object({
    owners: z
      .array(z.string().regex(/^@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, { error: 'an owner is a GitHub team like @acme/platform' }))
      .min(1)
      .describe('GitHub teams that own this folder (CODEOWNERS), e.g. "@museum-digital/platform".'),
    account: accountRef.describe(
      "Build account: a name from the platform directory or a 12-digit id (quote an id that starts with 0); one of the platform's foundation.buildAccounts.",
    ),
    region: regionSchema.optional().describe("Build region; default: the platform's defaultRegion. It must have a platform KMS key."),
    timezone: z
      .string()
      .superRefine((zone, ctx) => {
        if (!isTimeZone(zone))
          ctx.addIssue({
            code: 'custom',
            message: `"${zone}" is not an IANA time zone`,
            params: { hint: `did you mean "${closestTimeZone(zone)}"? (names are case-sensitive)` },
          });
      })
      .default('UTC')
      .describe(
        'IANA time zone the schedules run in, e.g. Europe/London: any zone or link of the IANA database (Asia/Kolkata or Asia/Calcutta, Europe/Kyiv or Europe/Kiev, US/Eastern, Etc/UTC), spelt with its exact case.',
      ),
    notifications: z
      .object({
        emails: z
          .array(z.email({ error: 'not a valid email address' }))
          .min(1)
          .describe(
            "Addresses subscribed to the team's build topic (each confirms the subscription email); an address at example.com, the placeholder new-team writes, is an error.",
          ),
      })
      .strict()
      .describe('Where the team hears of failed builds, image scan findings and automatic rebuilds.'),
    network: z
      .object({
        subnetId: z
          .string()
          .regex(/^subnet-[a-f0-9]{8,17}$/)
          .describe('Subnet of the build and test instances (subnet-...).'),
        securityGroupIds: z
          .array(z.string().regex(/^sg-[a-f0-9]{8,17}$/))
          .min(1)
          .describe('Security groups of the build and test instances (sg-...).'),
      })
      .strict()
      .optional()
      .describe('Where build instances run; default: the default VPC of the build account.'),
    tags: tagsSchema.describe(
      'Tags of the team\'s AMIs, Image Builder resources and build instances. Keys are 1-128 letters, digits or _ . : / = + -, values at most 256 characters; at most 20 tags per image, the team\'s included; aws:, golden-ami:, Team, Source, ManagedBy, Image and Retain are refused. See "Tags" in docs/teams.md.',
    ),
    buildInstance: buildInstanceSchema.prefault({}),
    images: z.array(image).min(1, { error: 'a team needs at least one image' }).describe("The team's images, at least one."),
  })
  .strict();

/** A validated team.yaml, defaults applied. */
export type TeamConfig = z.output<typeof teamSchema>;
export type ImageConfig = TeamConfig['images'][number];
export type ComponentRefConfig = ImageConfig['components'][number];
export type DistributionConfig = NonNullable<ImageConfig['distribution']>[number];
export type ChannelConfig = NonNullable<ImageConfig['channels']>[number];
