/**
 * `context.platform.foundation` in cdktf.json: what the foundation stacks need beyond the rest of
 * the platform settings. Cross-checks against the other settings (accounts named exist, keys are in
 * the state account, every key region is a foundation region) are in `checkFoundationSettings`.
 */
import { z } from 'zod';
import { componentBucketName, kmsKeyArnSchema, nameSchema, regionOfKeyArn, regionSchema, roleNameOfTemplate } from './aws-names.js';

/** An IAM role ARN template with `{accountId}`, like the platform's deployRole. */
const roleTemplate = z.string().regex(/^arn:aws[a-z-]*:iam::\{accountId\}:role\/[\w+=,.@/-]{1,64}$/, {
  error: 'the foundation role is an IAM role ARN with "{accountId}" where the account id goes',
});
const accountName = nameSchema('account', 64);
/**
 * An IAM Identity Center permission set's name (IAM Identity Center API Reference, CreatePermissionSet:
 * `Name`, 1-32 characters of `[\w+=,.@-]`).
 */
const permissionSet = z.string().regex(/^[\w+=,.@-]{1,32}$/, { error: 'a permission set name: 1 to 32 letters, digits or + = , . @ _ -' });
/** An IAM role ARN, path included, no wildcard (IAM role names: 64 characters of `[\w+=,.@-]`). */
const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, {
  error: 'a role ARN, e.g. "arn:aws:iam::123456789012:role/platform-engineer", without wildcards',
});
/** The people (or their tools) one operator role trusts. */
const operatorPrincipals = (role: string) =>
  z
    .object({
      permissionSets: z
        .array(permissionSet)
        .default([])
        .describe(`IAM Identity Center permission sets (their names) whose roles in the state account may assume ${role}.`),
      roles: z.array(roleArn).default([]).describe(`IAM roles (exact ARNs, any account) that may assume ${role}.`),
    })
    .strict();
const environment = z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { error: 'a GitHub environment name: letters, digits, _ . and -' });

/** The schema of `context.platform.foundation`. */
export const foundationSchema = z
  .object({
    repository: z
      .string()
      .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, {
        error: 'the repository is "<owner>/<name>" on GitHub, e.g. "acme/golden-ami-pipelines"',
      })
      .describe('GitHub repository whose workflows may assume the CI roles (OIDC subject "repo:<owner>/<name>:...").'),
    stateAccount: accountName.describe(
      'Account (name in "accounts") of the state bucket, the GitHub OIDC provider, the CI roles, the KMS keys and the log and component buckets.',
    ),
    buildAccounts: z
      .array(accountName)
      .min(1)
      .describe(
        'Accounts (names in "accounts") that teams build in: the deploy role, the plan role and the team boundary in each (Amazon Inspector EC2 scanning is enabled by hand, see docs/platform.md). A team building elsewhere is an error at its account line.',
      ),
    regions: z
      .array(regionSchema)
      .min(1)
      .describe(
        'Build and distribution regions: one platform KMS key and one component bucket each. Must include stateRegion, defaultRegion, every region of kmsKeys, and every region a team builds or distributes in (else an error at that team.yaml line).',
      ),
    foundationRole: roleTemplate.describe(
      'Role ARN template ({accountId}) the foundation stacks assume in each account, created by hand from npm run platform -- foundation-role (see the runbook in docs/platform.md); it administers the KMS keys. A role of its own: the same role name as planRole or deployRole is an error.',
    ),
    productionEnvironment: environment
      .default('production')
      .describe(
        'GitHub environment of team deploys: the CI deploy role trusts only it, with the workflow files on main. Differs from foundationEnvironment.',
      ),
    foundationEnvironment: environment
      .default('foundation')
      .describe(
        'GitHub environment of foundation deploys: the CI foundation role trusts only it, with the workflow file on main. Differs from productionEnvironment.',
      ),
    promotionEnvironment: environment
      .default('promotion')
      .describe(
        'GitHub environment of promotions by hand (promote.yml, workflow_dispatch): the CI release role trusts it, with the workflow file on main. Give it required reviewers: they approve each promotion.',
      ),
    automaticPromotionEnvironment: environment
      .default('promotion-automatic')
      .describe(
        'GitHub environment of the scheduled automatic promotions (promote.yml on its schedule, npm run promote -- --automatic, which never promotes an approval channel): the CI release role trusts it, with the workflow file on main. No required reviewers, deployment branches main only. Differs from promotionEnvironment.',
      ),
    operators: z
      .object({
        readOnly: operatorPrincipals(
          'golden-ami-operator (state account): cdktf diff, fleet-status, pin-parents, refresh-managed-components',
        )
          .optional()
          .describe(
            'Who may assume golden-ami-operator, which reads what the CI plan role reads; the role is created only when someone is named.',
          ),
        rebuild: operatorPrincipals('golden-ami-rebuilder (each build account): npm run rebuild')
          .optional()
          .describe(
            'Who may assume golden-ami-rebuilder, which starts the pipelines of the team in its session tag; the role is created only when someone is named.',
          ),
        release: operatorPrincipals('golden-ami-releaser (every account of the fleet): npm run promote')
          .optional()
          .describe(
            "Who may assume golden-ami-releaser, which promotes images into channels (channel parameters, the launch templates team.yaml names, promoted tags, copies); CI's golden-ami-ci-release role, from the promotionEnvironment, may always.",
          ),
      })
      .strict()
      .optional()
      .describe(
        'People who work with the platform from their own machines: the operator roles the foundation creates, and whom they trust (see "Working locally as a platform engineer" in docs/platform.md).',
      ),
    logRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(365)
      .describe('Days build logs are kept before the log bucket expires them.'),
    keyConsumers: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Accounts (names in "accounts", or 12-digit ids), or "organization", that may launch instances from AMIs encrypted with the platform keys (the copies they receive), in every foundation region: each key policy lets them use the key through EC2 only. Every account that receives copies must be one (see "Migrating consumers to the platform key" in docs/platform.md).',
      ),
    adoptRoles: z
      .record(
        accountName,
        z.array(z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'an IAM role name: 1-64 letters, digits and + = , . @ _ -' })),
      )
      .default({})
      .describe(
        'Roles the foundation creates that already exist in an account (made by the account baseline), by account name: synth writes a Terraform import block for each, so the foundation adopts the role instead of failing to create it. Written by npm run platform -- import-existing.',
      ),
  })
  .strict();

/** The `keyConsumers` entry that stands for every account of the platform's organization. */
export const ORGANIZATION_CONSUMERS = 'organization';

/** Who may launch from AMIs encrypted with the platform keys besides accounts with launch permission: the organization, and accounts by id. */
export function keyConsumersOf(settings: { accounts: Record<string, string>; foundation?: Pick<FoundationSettings, 'keyConsumers'> }): {
  organization: boolean;
  accountIds: string[];
} {
  const consumers = settings.foundation?.keyConsumers ?? [];
  const accountIds = consumers.flatMap((entry) =>
    /^\d{12}$/.test(entry) ? [entry] : Object.hasOwn(settings.accounts, entry) ? [settings.accounts[entry]!] : [],
  );
  return { organization: consumers.includes(ORGANIZATION_CONSUMERS), accountIds: [...new Set(accountIds)].sort() };
}

/** Validated foundation settings. */
export type FoundationSettings = z.output<typeof foundationSchema>;

/** What the cross-checks read of the platform settings. */
interface CheckedSettings {
  deployRole: string;
  planRole?: string;
  accounts: Record<string, string>;
  componentBucket: string;
  stateRegion: string;
  defaultRegion: string;
  kmsKeys: Partial<Record<string, string>>;
  foundation?: FoundationSettings;
}

/** Cross-checks of `foundation` against the rest of the settings, as schema issues (so they carry file:line). */
export function checkFoundationSettings(settings: CheckedSettings, ctx: z.RefinementCtx): void {
  const { foundation } = settings;
  if (!foundation) return;
  const issue = (path: (string | number)[], message: string, hint: string) =>
    ctx.addIssue({ code: 'custom', path: ['foundation', ...path], message, params: { hint } });
  // A misspelt "planRole" is already reported as an unknown key.
  const misspelt = ctx.issues.some((existing) => existing.code === 'unrecognized_keys');
  if (!settings.planRole && !misspelt) {
    issue(
      [],
      'the foundation needs a planRole: pull-request plans must not run with the deploy role',
      'add "planRole", e.g. "arn:aws:iam::{accountId}:role/golden-ami-planner"',
    );
  }
  checkAliases(settings, foundation, ctx);
  const known = `use a name from "accounts": ${Object.keys(settings.accounts).join(', ')}`;
  if (!Object.hasOwn(settings.accounts, foundation.stateAccount))
    issue(['stateAccount'], `unknown account "${foundation.stateAccount}"`, known);
  foundation.buildAccounts.forEach((name, index) => {
    if (!Object.hasOwn(settings.accounts, name)) issue(['buildAccounts', index], `unknown account "${name}"`, known);
    if (foundation.buildAccounts.indexOf(name) !== index)
      issue(['buildAccounts', index], `account "${name}" is listed twice`, 'list each build account once');
  });
  for (const name of Object.keys(foundation.adoptRoles)) {
    if (!Object.hasOwn(settings.accounts, name)) issue(['adoptRoles', name], `unknown account "${name}"`, known);
  }
  foundation.keyConsumers.forEach((entry, index) => {
    if (entry !== ORGANIZATION_CONSUMERS && !/^\d{12}$/.test(entry) && !Object.hasOwn(settings.accounts, entry)) {
      issue(['keyConsumers', index], `unknown account "${entry}"`, `${known}, a 12-digit account id, or "organization"`);
    }
  });
  foundation.regions.forEach((region, index) => {
    if (foundation.regions.indexOf(region) !== index)
      issue(['regions', index], `region ${region} is listed twice`, 'list each region once');
    const bucket = componentBucketName(settings, region);
    if (bucket.length > 63) {
      issue(['regions', index], `the component bucket of ${region}, "${bucket}", is longer than 63 characters`, 'shorten componentBucket');
    }
  });
  for (const region of new Set([settings.stateRegion, settings.defaultRegion])) {
    if (!foundation.regions.includes(region as never)) {
      issue(
        ['regions'],
        `region ${region} (stateRegion or defaultRegion) is not a foundation region`,
        `add "${region}" to foundation.regions`,
      );
    }
  }
  const stateAccountId = settings.accounts[foundation.stateAccount];
  for (const [region, arn] of Object.entries(settings.kmsKeys)) {
    // A value that is no key ARN is reported by the kmsKeys schema.
    if (!arn || !kmsKeyArnSchema.safeParse(arn).success) continue;
    if (!foundation.regions.includes(region as never)) {
      ctx.addIssue({
        code: 'custom',
        path: ['kmsKeys', region],
        message: `region ${region} has a key but is not a foundation region`,
        params: { hint: `add "${region}" to foundation.regions, or remove the key` },
      });
    } else if (stateAccountId && arn.split(':')[4] !== stateAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['kmsKeys', region],
        message: `the key for ${regionOfKeyArn(arn)} is not in the state account ${foundation.stateAccount} (${stateAccountId}), where the foundation creates it`,
        params: { hint: `deploy the foundation stack of ${foundation.stateAccount} and record the ARN it outputs` },
      });
    }
  }
}

/** A role's name: IAM role names are unique in an account whatever their path, so `role/a/x` is `role/x`. */
const roleNameOf = (template: string): string => roleNameOfTemplate(template).split('/').at(-1)!;

/**
 * Settings that name one thing twice, each of which would hand pull-request plans or team deploys the
 * foundation's power (or make two foundation stacks create the same roles).
 */
function checkAliases(settings: CheckedSettings, foundation: FoundationSettings, ctx: z.RefinementCtx): void {
  const add = (path: (string | number)[], message: string, hint: string) =>
    ctx.addIssue({ code: 'custom', path, message, params: { hint } });
  const foundationRole = roleNameOf(foundation.foundationRole);
  for (const [setting, template] of [
    ['planRole', settings.planRole],
    ['deployRole', settings.deployRole],
  ] as const) {
    if (template && roleNameOf(template) === foundationRole) {
      add(
        ['foundation', 'foundationRole'],
        `the foundation role is ${setting} (${foundationRole}): ${setting === 'planRole' ? 'pull-request plans' : 'team deploys'} would run with the power to change every role and key`,
        'give the foundation stacks a role of their own, e.g. "arn:aws:iam::{accountId}:role/golden-ami-foundation-admin"',
      );
    }
  }
  if (settings.planRole && roleNameOf(settings.planRole) === roleNameOf(settings.deployRole)) {
    add(
      ['planRole'],
      `the plan role is the deployRole (${roleNameOf(settings.deployRole)}): pull-request plans would run with the power to deploy`,
      'give plans a read-only role of their own, e.g. "arn:aws:iam::{accountId}:role/golden-ami-planner"',
    );
  }
  if (foundation.foundationEnvironment === foundation.productionEnvironment) {
    add(
      ['foundation', 'foundationEnvironment'],
      `the foundation environment is the production environment "${foundation.productionEnvironment}": team deploys would get the CI foundation role`,
      'use a GitHub environment of its own, e.g. "foundation", limited to main with required reviewers',
    );
  }
  if (foundation.automaticPromotionEnvironment === foundation.promotionEnvironment) {
    add(
      ['foundation', 'automaticPromotionEnvironment'],
      `the automatic promotion environment is the promotion environment "${foundation.promotionEnvironment}": either promotions by hand go unapproved or the scheduled rule waits for a reviewer`,
      'use an environment of its own without required reviewers, e.g. "promotion-automatic", limited to main',
    );
  }
  const names = new Map<string, string>();
  for (const [name, id] of Object.entries(settings.accounts)) {
    const first = names.get(id);
    if (first === undefined) names.set(id, name);
    else
      add(
        ['accounts', name],
        `account ${id} is listed as "${first}" and again as "${name}": two foundation stacks would create the same roles in it`,
        `list each account once; use "${first}" everywhere`,
      );
  }
}
