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
  .refine((prefix) => !/^\/(aws|ssm)/i.test(prefix), {
    error: 'an SSM parameter prefix cannot start with "/aws" or "/ssm": AWS reserves them',
  })
  .default(DEFAULT_SSM_PARAMETER_PREFIX);

/** Team → accounts it may distribute to besides its build account: directory names, or ids of accounts outside it. */
const distributionAccounts = z.record(z.string(), z.array(z.string().min(1))).default({});
const teamName = nameSchema('team', TEAM_NAME_MAX);

export const platformSchema = z
  .object({
    stateBucket: bucketSchema.describe("S3 bucket holding every team stack's Terraform state."),
    stateRegion: regionSchema.describe('Region of the state bucket.'),
    defaultRegion: regionSchema.describe('Build region for teams that do not set `region`.'),
    accounts: z
      .record(nameSchema('account', 64), accountIdSchema)
      .refine((accounts) => Object.keys(accounts).length > 0, { error: 'list at least one account' })
      .describe('Account directory: name → 12-digit id; teams and settings use the names instead of ids.'),
    owners: z
      .array(z.string().regex(/^@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, { error: 'an owner is a GitHub team like @acme/platform' }))
      .min(1)
      .describe('GitHub teams that own everything outside teams/ (CODEOWNERS).'),
    deployRole: roleTemplate('deploy').describe(
      'Role each stack assumes in its build account to deploy, with "{accountId}" where the id goes, e.g. arn:aws:iam::{accountId}:role/golden-ami-deployer.',
    ),
    planRole: roleTemplate('plan')
      .optional()
      .describe(
        "Read-only role the stacks' providers and the read-only commands assume unless GOLDEN_AMI_ROLE=deploy (local cdktf diff, pull-request plans, drift checks, fleet-status); optional without foundation, required with it.",
      ),
    logBucket: bucketSchema.describe('S3 bucket for build logs; each team writes under its own prefix.'),
    componentBucket: bucketSchema.describe(
      "Name stem of the component buckets for documents over Image Builder's 16,000-byte limit: one bucket per foundation region, <componentBucket>-<region> (bucket names are global, buckets regional); the team stack of a region uploads to that region's bucket.",
    ),
    kmsKeys: z
      .partialRecord(regionSchema, kmsKeyArnSchema)
      .superRefine((keys, ctx) => {
        for (const [region, arn] of Object.entries(keys)) {
          if (arn && kmsKeyArnSchema.safeParse(arn).success && regionOfKeyArn(arn) !== region) {
            ctx.addIssue({
              code: 'custom',
              path: [region],
              message: `the key for ${region} is in ${regionOfKeyArn(arn)}`,
              params: { hint: 'give each region a key of that region' },
            });
          }
        }
      })
      // Empty until the foundation's first deploy creates the keys; `npm run platform -- record-keys` records them.
      .default({})
      .describe(
        'KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>, of that region) per build and distribution region, for EBS volumes, AMIs, components, uploaded documents and topics; every build account uses it. Aliases are refused: AWS stores and reads back the key ARN, so with an alias components and recipe volumes would be replaced and documents re-uploaded on every plan, and other accounts cannot use an alias for their copies (aws kms describe-key --key-id alias/<name> --query KeyMetadata.Arn prints the ARN). With a foundation: empty until its first apply, then written by `npm run platform -- record-keys`; the keys are in the stateAccount.',
      ),
    maxRebuildIntervalDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(90)
      .describe('Longest gap allowed between scheduled builds of an image, in days (a longer one needs a rebuild-cadence exception).'),
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
      .describe(
        'Days a consumer (instance, launch template, SSM parameter) may stay on an AMI after its successor is available; npm run fleet-status reports it as lagging after that.',
      ),
    cveAlertSeverity: z
      .enum(['critical', 'high', 'medium', 'none'])
      .default('high')
      .describe(
        "Lowest Amazon Inspector severity whose findings in a new image's scan alert the team's topic (the CVE Detected event); none: no such alerts.",
      ),
    organizationArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/, {
        error: 'the organization ARN looks like arn:aws:organizations::123456789012:organization/o-abcdef1234',
      })
      .describe('AWS Organization that AMIs may be shared with.'),
    ssmParameterPrefix: ssmParameterPrefix.describe(
      'Prefix of every SSM parameter a team writes, "{team}" replaced with the team name. It starts and ends with /, has {team} as one whole level (so team web cannot write under web-api\'s prefix) and does not start with /aws or /ssm.',
    ),
    distributionAccounts: distributionAccounts.describe(
      'Team → the accounts it may distribute to besides its build account (copies, launch permissions, launch templates, SSM parameters): names from accounts, or the 12-digit id of an account outside the directory (which the image must also waive organization-sharing for). For a new team use teams/<team>/platform.yaml instead (distributionAccounts: [...]): a change there re-plans that team alone; a team listed in both places is an error. See "Team boundaries" in docs/teams.md.',
    ),
    defaultBranch: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, { error: 'a branch name here has letters, digits, ".", "_", "/" and "-" only' })
      .default('main')
      .describe(
        'The branch stacks deploy from: what a component parameter value {{ golden-ami:branch }} becomes outside a preview (a preview puts its own branch there).',
      ),
    foundation: foundationSchema
      .optional()
      .describe(
        'The foundation stacks (foundation-<account>): state bucket, CI identities, keys, buckets, receiving-account roles. Without it none are synthesised and everything they create must exist already (see docs/platform.md).',
      ),
  })
  .strict()
  .superRefine(checkDistributionAccounts)
  .superRefine(checkFoundationSettings);

/** Every key of `distributionAccounts` is a team name and every entry names an account. */
function checkDistributionAccounts(
  settings: { accounts: Record<string, string>; distributionAccounts: Record<string, string[]> },
  ctx: z.RefinementCtx,
): void {
  const names = new Map(Object.entries(settings.accounts).map(([name, id]) => [id, name]));
  for (const [team, accounts] of Object.entries(settings.distributionAccounts)) {
    const name = teamName.safeParse(team);
    if (!name.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['distributionAccounts', team],
        message: name.error.issues[0]!.message,
        params: { hint: 'use the name of a team folder under teams/' },
      });
    }
    accounts.forEach((account, index) => {
      const problem = distributionAccountProblem(account, settings.accounts, names);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: ['distributionAccounts', team, index],
          message: problem.message,
          params: { hint: problem.hint },
        });
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
