/** Platform settings: the `context.platform` object of cdktf.json, owned by the platform team. */
import { z } from 'zod';
import { accountIdSchema, bucketSchema, kmsKeyArnSchema, nameSchema, regionOfKeyArn, regionSchema, TEAM_NAME_MAX } from './aws-names.js';
import { checkFoundationSettings, foundationSchema } from './foundation-schema.js';

/** An IAM role ARN with `{accountId}` where each build account's id goes. */
function roleTemplate(what: string) {
  return z.string().regex(/^arn:aws[a-z-]*:iam::\{accountId\}:role\/[\w+=,.@/-]{1,64}$/, {
    error: `the ${what} role is an IAM role ARN with "{accountId}" where the account id goes`,
  });
}

/** The default `ssmParameterPrefix`: every team writes under its own folder. */
const DEFAULT_SSM_PARAMETER_PREFIX = '/golden-ami/{team}/';

/**
 * Where a team's SSM parameters go: `{team}` is one whole level, so team `web` cannot write under
 * team `web-api`'s prefix; the prefix starts and ends with `/`.
 */
const ssmParameterPrefix = z
  .string()
  .regex(/^\/(?:[A-Za-z0-9_.-]+\/)*\{team\}\/(?:[A-Za-z0-9_.-]+\/)*$/, {
    error: 'the SSM parameter prefix starts and ends with "/" and has "{team}" as one whole level, e.g. "/golden-ami/{team}/"',
  })
  .refine((prefix) => !/^\/(aws|ssm)/i.test(prefix), { error: 'an SSM parameter prefix cannot start with "/aws" or "/ssm": AWS reserves them' })
  .default(DEFAULT_SSM_PARAMETER_PREFIX);

/** Team → accounts it may distribute to besides its build account: directory names, or ids of accounts outside it. */
const distributionAccounts = z.record(z.string(), z.array(z.string().min(1))).default({});
const teamName = nameSchema('team', TEAM_NAME_MAX);

export const platformSchema = z
  .object({
    stateBucket: bucketSchema.describe('S3 bucket holding every team stack\'s Terraform state.'),
    stateRegion: regionSchema.describe('Region of the state bucket.'),
    defaultRegion: regionSchema.describe('Build region for teams that do not set `region`.'),
    accounts: z
      .record(nameSchema('account', 64), accountIdSchema)
      .refine((accounts) => Object.keys(accounts).length > 0, { error: 'list at least one account' })
      .describe('Account directory: names teams may use instead of 12-digit ids.'),
    owners: z
      .array(z.string().regex(/^@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, { error: 'an owner is a GitHub team like @acme/platform' }))
      .min(1)
      .describe('GitHub teams that own everything outside teams/ (CODEOWNERS).'),
    deployRole: roleTemplate('deploy').describe('Role each stack assumes in its build account to deploy; "{accountId}" is replaced.'),
    planRole: roleTemplate('plan')
      .optional()
      .describe('Read-only role the stacks and commands assume unless GOLDEN_AMI_ROLE=deploy (local diffs, pull-request plans, drift checks, fleet-status).'),
    logBucket: bucketSchema.describe('S3 bucket for build logs; each team writes under its own prefix.'),
    componentBucket: bucketSchema.describe(
      'S3 bucket (in the build region) for component documents over Image Builder\'s 16,000-byte limit.',
    ),
    kmsKeys: z
      .partialRecord(regionSchema, kmsKeyArnSchema)
      .superRefine((keys, ctx) => {
        for (const [region, arn] of Object.entries(keys)) {
          if (arn && kmsKeyArnSchema.safeParse(arn).success && regionOfKeyArn(arn) !== region) {
            ctx.addIssue({ code: 'custom', path: [region], message: `the key for ${region} is in ${regionOfKeyArn(arn)}`, params: { hint: 'give each region a key of that region' } });
          }
        }
      })
      // Empty until the foundation's first deploy creates the keys; `npm run platform -- record-keys` records them.
      .default({})
      .describe('KMS key ARN per build and distribution region, for EBS volumes, AMIs, components and topics; every build account uses it. Written by `npm run platform -- record-keys` after the first foundation deploy.'),
    maxRebuildIntervalDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(90)
      .describe('Longest gap allowed between scheduled builds of an image.'),
    maxPinnedComponentVersionsBehind: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(3)
      .describe(
        'How many versions a shared component pinned by an image (`version:` beside `shared:`) may fall behind the current one; past it, the image needs a pinned-component-age exception.',
      ),
    consumerGraceDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(14)
      .describe('Days a consumer (instance, launch template, SSM parameter) may stay on an AMI after its successor is available; npm run fleet-status reports it as lagging after that.'),
    cveAlertSeverity: z
      .enum(['critical', 'high', 'medium', 'none'])
      .default('high')
      .describe("Lowest Amazon Inspector severity whose findings in a new image's scan alert the team's topic (the CVE Detected event); none: no such alerts."),
    organizationArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/, {
        error: 'the organization ARN looks like arn:aws:organizations::123456789012:organization/o-abcdef1234',
      })
      .describe('AWS Organization that AMIs may be shared with.'),
    ssmParameterPrefix: ssmParameterPrefix.describe(
      'Prefix of every SSM parameter a team writes; "{team}" is replaced with the team name.',
    ),
    distributionAccounts: distributionAccounts.describe(
      'Team → accounts (directory names) it may distribute to besides its build account: target accounts, launch templates, SSM parameters.',
    ),
    foundation: foundationSchema
      .optional()
      .describe('The foundation stacks (foundation-<account>): state bucket, CI identities, keys, buckets, Inspector, receiving-account roles.'),
  })
  .strict()
  .superRefine(checkDistributionAccounts)
  .superRefine(checkFoundationSettings);

/** Every key of `distributionAccounts` is a team name and every entry names an account. */
function checkDistributionAccounts(settings: { accounts: Record<string, string>; distributionAccounts: Record<string, string[]> }, ctx: z.RefinementCtx): void {
  const names = new Map(Object.entries(settings.accounts).map(([name, id]) => [id, name]));
  for (const [team, accounts] of Object.entries(settings.distributionAccounts)) {
    const name = teamName.safeParse(team);
    if (!name.success) {
      ctx.addIssue({ code: 'custom', path: ['distributionAccounts', team], message: name.error.issues[0]!.message, params: { hint: 'use the name of a team folder under teams/' } });
    }
    accounts.forEach((account, index) => {
      const problem = distributionAccountProblem(account, settings.accounts, names);
      if (problem) ctx.addIssue({ code: 'custom', path: ['distributionAccounts', team, index], message: problem.message, params: { hint: problem.hint } });
    });
  }
}

/** Why an entry of `distributionAccounts` (in cdktf.json or a team's platform.yaml) names no account, or undefined. */
export function distributionAccountProblem(
  account: string,
  directory: Record<string, string>,
  names: ReadonlyMap<string, string>,
): { message: string; hint: string } | undefined {
  if (/^\d{12}$/.test(account)) {
    const name = names.get(account);
    return name ? { message: `account ${account} is "${name}" in the account directory`, hint: `write "${name}"` } : undefined;
  }
  if (Object.hasOwn(directory, account)) return undefined;
  return {
    message: `unknown account "${account}"`,
    hint: `use a name from "accounts": ${Object.keys(directory).join(', ')} (or the 12-digit id of an account outside the directory)`,
  };
}

/** Validated platform settings. */
export type PlatformSettings = z.output<typeof platformSchema>;
