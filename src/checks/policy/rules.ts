/** The policy rules: each reads a synthesised stack and returns what breaks one check. */
import { organizationIdOf } from '../../config/aws-names.js';
import { longestGapDays, parseCron } from '../../config/cron.js';
import type { PlatformSettings } from '../../config/platform-schema.js';
import { buildPermissionStatements } from '../../model/fleet/build-permissions.js';
import { owningTeam, type Team } from '../../model/fleet/fleet.js';
import { awsManagedPolicyArn, BUILD_MANAGED_POLICIES, teamLogPrefix, teamRoleNames } from '../../model/names.js';
import { isTeamSsmParameter, ownAccountIds, ssmParameterPrefixOf } from '../../model/fleet/team-boundaries.js';
import type { PolicyCheck } from '../../config/check-ids.js';
import { findingOn, type FindingSubject, type UnlocatedFinding } from '../finding.js';
import {
  blocksOf,
  objectOf,
  resourcesOf,
  shown,
  stringsOf,
  valueAt,
  type ResourceConfig,
  type SynthesizedResource,
  type SynthesizedStack,
} from '../synthesized.js';
import { stateKeyProblems } from '../../model/foundation/state-key.js';

/** What a rule may look at. */
export interface StackContext {
  stack: SynthesizedStack;
  team: Team;
  platform: PlatformSettings;
}

type Rule = (context: StackContext) => UnlocatedFinding[];

const finding = (stack: SynthesizedStack, check: PolicyCheck, subject: FindingSubject, message: string): UnlocatedFinding =>
  findingOn(check, stack.name, subject, message);

/** The platform key a resource of the team must use in a region (none for a region that is not a string). */
function platformKey({ platform }: StackContext, region: unknown): string | undefined {
  return typeof region === 'string' ? platform.kmsKeys[region as keyof PlatformSettings['kmsKeys']] : undefined;
}

/** Applies a per-resource check to every resource of a type. */
function eachOf(type: string, check: (resource: SynthesizedResource, context: StackContext) => UnlocatedFinding[]): Rule {
  return (context) => resourcesOf(context.stack, type).flatMap((resource) => check(resource, context));
}

const ebsEncryption = eachOf('aws_imagebuilder_image_recipe', (recipe, context) => {
  const key = platformKey(context, context.team.region);
  const devices = blocksOf(recipe.config.block_device_mapping);
  if (!devices.length)
    return [finding(context.stack, 'ebs-encryption', recipe, 'has no block device mappings, so volumes keep the parent image encryption')];
  return devices.flatMap((device) =>
    valueAt(device, 'ebs', 'encrypted') === 'true' && valueAt(device, 'ebs', 'kms_key_id') === key
      ? []
      : [finding(context.stack, 'ebs-encryption', recipe, `volume ${shown(device.device_name)} is not encrypted with ${shown(key)}`)],
  );
});

const amiEncryption = eachOf('aws_imagebuilder_distribution_configuration', (distribution, context) =>
  blocksOf(distribution.config.distribution).flatMap((target) => {
    const key = platformKey(context, target.region);
    return valueAt(target, 'ami_distribution_configuration', 'kms_key_id') === key
      ? []
      : [
          finding(
            context.stack,
            'ami-encryption',
            distribution,
            `AMIs distributed to ${shown(target.region)} are not encrypted with ${key ?? 'a platform key'}`,
          ),
        ];
  }),
);

const keyedWith = (check: PolicyCheck, type: string, attribute: string, what: string): Rule =>
  eachOf(type, (resource, context) => {
    const key = platformKey(context, context.team.region);
    return resource.config[attribute] === key
      ? []
      : [finding(context.stack, check, resource, `${what} is not encrypted with ${shown(key)}`)];
  });

const s3ObjectEncryption = eachOf('aws_s3_object', (object, context) => {
  const key = platformKey(context, context.team.region);
  return object.config.server_side_encryption === 'aws:kms' && object.config.kms_key_id === key
    ? []
    : [finding(context.stack, 's3-object-encryption', object, `object ${shown(object.config.key)} is not encrypted with ${shown(key)}`)];
});

const infrastructure = (check: PolicyCheck, holds: (config: ResourceConfig, context: StackContext) => boolean, message: string): Rule =>
  eachOf('aws_imagebuilder_infrastructure_configuration', (resource, context) =>
    holds(resource.config, context) ? [] : [finding(context.stack, check, resource, message)],
  );

const noPublicLaunch = eachOf('aws_imagebuilder_distribution_configuration', (distribution, { stack }) =>
  blocksOf(distribution.config.distribution).flatMap((target) =>
    stringsOf(valueAt(target, 'ami_distribution_configuration', 'launch_permission', 'user_groups')).includes('all')
      ? [finding(stack, 'no-public-launch', distribution, `AMIs in ${shown(target.region)} are public (launch permission group "all")`)]
      : [],
  ),
);

const organizationSharing = eachOf('aws_imagebuilder_distribution_configuration', (distribution, { stack, platform }) => {
  const directory = new Set(Object.values(platform.accounts));
  const organizationId = organizationIdOf(platform.organizationArn);
  return blocksOf(distribution.config.distribution).flatMap((target) => {
    const ami = objectOf(target.ami_distribution_configuration) ?? {};
    const permission = objectOf(ami.launch_permission) ?? {};
    const accounts = [...stringsOf(ami.target_account_ids), ...stringsOf(permission.user_ids)];
    return [
      ...accounts.filter((id) => !directory.has(id)).map((id) => `account ${id} is not in the platform account directory`),
      ...stringsOf(permission.organization_arns)
        .filter((arn) => arn !== platform.organizationArn)
        .map((arn) => `organization ${arn} is not the platform organization`),
      ...stringsOf(permission.organizational_unit_arns)
        .filter((arn) => !arn.includes(`/${organizationId}/`))
        .map((arn) => `organizational unit ${arn} is outside the platform organization`),
    ].map((message) => finding(stack, 'organization-sharing', distribution, `in ${shown(target.region)}: ${message}`));
  });
});

/** A string argument as a list of itself, or nothing when it is absent or empty. */
const nonEmptyText = (value: unknown): string[] => (typeof value === 'string' && value ? [value] : []);

/** Accounts and SSM parameters a distribution writes must be within the team's boundaries. */
const teamBoundaries = eachOf('aws_imagebuilder_distribution_configuration', (distribution, { stack, team, platform }) => {
  // A preview stack is held to its team's boundaries.
  const owner = owningTeam(team);
  const own = ownAccountIds(platform, owner, team.account.id);
  return blocksOf(distribution.config.distribution).flatMap((target) => {
    const parameters = blocksOf(target.ssm_parameter_configuration);
    const accounts = [
      ...stringsOf(valueAt(target, 'ami_distribution_configuration', 'target_account_ids')),
      ...blocksOf(valueAt(target, 'ami_distribution_configuration', 'launch_permission')).flatMap((p) => stringsOf(p.user_ids)),
      ...blocksOf(target.launch_template_configuration).flatMap((t) => nonEmptyText(t.account_id)),
      ...parameters.flatMap((p) => nonEmptyText(p.ami_account_id)),
    ];
    const names = parameters.flatMap((p) => (typeof p.parameter_name === 'string' ? [p.parameter_name] : []));
    return [
      ...[...new Set(accounts)].filter((id) => !own.has(id)).map((id) => `account ${id} is not one of the accounts of team ${owner}`),
      ...[...new Set(names)]
        .filter((name) => !isTeamSsmParameter(platform, owner, name))
        .map((name) => `SSM parameter ${name} is outside ${ssmParameterPrefixOf(platform, owner)}`),
    ].map((message) => finding(stack, 'team-boundaries', distribution, `in ${shown(target.region)}: ${message}`));
  });
});

/** Every policy document a stack holds: inline role policies, trust policies, topic and bucket policies. */
const POLICY_ATTRIBUTES: Record<string, string> = {
  aws_iam_role_policy: 'policy',
  aws_iam_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_s3_bucket_policy: 'policy',
};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** Actions that only read: the one kind a statement may allow on every resource ("*"). */
const READ_ONLY_ACTION = /^[a-z0-9-]+:(Get|List|Describe|Head)[A-Za-z]*$/;

/** What is wrong with one Allow statement: wildcard or IAM actions, `*` resources for writes, Not* elements. */
function overlyBroad(statement: ResourceConfig): string[] {
  if (statement.Effect !== 'Allow') return [];
  const actions = asList(statement.Action ?? []).map(String);
  const resources = asList(statement.Resource ?? []).map(String);
  if (actions.includes('*') && resources.includes('*')) return ['a statement allows every action ("*") on every resource ("*")'];
  return [
    ...actions.filter((a) => a.includes('*')).map((a) => `a statement allows the wildcard action "${a}"`),
    ...actions.filter((a) => /^iam:/i.test(a)).map((a) => `a statement allows the IAM action "${a}"`),
    ...(resources.includes('*')
      ? actions.filter((a) => a !== '*' && !READ_ONLY_ACTION.test(a)).map((a) => `a statement allows "${a}" on every resource ("*")`)
      : []),
    ...['NotAction', 'NotResource'].filter((key) => key in statement).map((key) => `a statement allows with ${key}`),
  ];
}

const iamLeastPrivilege: Rule = ({ stack }) =>
  Object.entries(POLICY_ATTRIBUTES).flatMap(([type, attribute]) =>
    resourcesOf(stack, type).flatMap((resource) => {
      const statements = blocksOf(valueAt(JSON.parse(shown(resource.config[attribute] ?? '{}')), 'Statement'));
      return statements.flatMap(overlyBroad).map((message) => finding(stack, 'iam-least-privilege', resource, message));
    }),
  );

const buildRoleScope: Rule = ({ stack, team, platform }) => {
  const role = resourcesOf(stack, 'aws_iam_role').find((r) => r.config.name === teamRoleNames(team.name).build);
  if (!role) return [];
  const ofRole = (r: SynthesizedResource) => shown(r.config.role ?? '').startsWith(`\${aws_iam_role.${role.id}.`);
  const allowed = new Set(BUILD_MANAGED_POLICIES.map((name) => awsManagedPolicyArn(team.partition, name)));
  const logs = `arn:${team.partition}:s3:::${platform.logBucket}/${teamLogPrefix(owningTeam(team), team.preview?.id)}/*`;
  // Exactly the statements the log prefix and buildInstance.permissions generate, and nothing else.
  const granted = new Set([
    JSON.stringify({ Effect: 'Allow', Action: 's3:PutObject', Resource: logs }),
    ...buildPermissionStatements(team.buildPermissions, team.partition).map((s) => JSON.stringify(s)),
  ]);
  return [
    ...resourcesOf(stack, 'aws_iam_role_policy_attachment')
      .filter((a) => ofRole(a) && !allowed.has(shown(a.config.policy_arn)))
      .map((a) => finding(stack, 'build-role-scope', a, `the build role must not have ${shown(a.config.policy_arn)}`)),
    ...resourcesOf(stack, 'aws_iam_role_policy')
      .filter(ofRole)
      .flatMap((policy) =>
        asList(valueAt(JSON.parse(shown(policy.config.policy)), 'Statement'))
          .filter((s) => !granted.has(JSON.stringify(s)))
          .map(() =>
            finding(
              stack,
              'build-role-scope',
              policy,
              `the build role may only put objects to ${logs} and do what buildInstance.permissions names`,
            ),
          ),
      ),
  ];
};

const stateBackend: Rule = ({ stack, platform }) => {
  const s3 = stack.json.terraform?.backend?.s3;
  if (!s3) return [finding(stack, 'state-backend', 'backend', 'the stack has no S3 backend')];
  return [
    ...(s3.bucket === platform.stateBucket ? [] : [`state is in ${String(s3.bucket)}, not the platform bucket ${platform.stateBucket}`]),
    ...(s3.encrypt === true ? [] : ['state is not encrypted (encrypt = true)']),
    ...stateKeyProblems(s3, platform),
    ...(s3.use_lockfile === true ? [] : ['state has no S3-native locking (use_lockfile = true)']),
  ].map((message) => finding(stack, 'state-backend', 'backend', message));
};

const pipeline = (
  check: PolicyCheck,
  holds: (config: ResourceConfig, context: StackContext) => boolean,
  message: (config: ResourceConfig) => string,
): Rule =>
  eachOf('aws_imagebuilder_image_pipeline', (resource, context) =>
    holds(resource.config, context) ? [] : [finding(context.stack, check, resource, message(resource.config))],
  );

/** The longest gap between scheduled builds, in days; Infinity without a (valid) schedule. */
function scheduleGap(config: ResourceConfig): number {
  const cron = parseCron(shown(valueAt(config, 'schedule', 'schedule_expression') ?? ''));
  return cron.ok ? longestGapDays(cron.fields) : Infinity;
}

/** Lifecycle policies that delete AMIs of an image whose distribution grants launch permission to other accounts. */
const keepSharedAmis: Rule = ({ stack }) => {
  const shared = new Set(
    resourcesOf(stack, 'aws_imagebuilder_distribution_configuration')
      .filter((d) =>
        blocksOf(d.config.distribution).some((target) =>
          blocksOf(valueAt(target, 'ami_distribution_configuration', 'launch_permission')).some((p) =>
            ['organization_arns', 'organizational_unit_arns', 'user_ids', 'user_groups'].some((kind) => stringsOf(p[kind]).length > 0),
          ),
        ),
      )
      .map((d) => d.config.name),
  );
  return resourcesOf(stack, 'aws_imagebuilder_lifecycle_policy')
    .filter((policy) => shared.has(policy.config.name))
    .filter((policy) =>
      blocksOf(policy.config.policy_detail).some((detail) => blocksOf(detail.action).some((action) => action.type === 'DELETE')),
    )
    .map((policy) =>
      finding(stack, 'keep-shared-amis', policy, `deletes AMIs of ${shown(policy.config.name)} that other accounts may still launch`),
    );
};

/** Images whose AMIs no lifecycle policy deprecates: reported on the image's pipeline, where a waiver applies. */
const amiDeprecation: Rule = ({ stack }) => {
  const deprecating = new Set(
    resourcesOf(stack, 'aws_imagebuilder_lifecycle_policy')
      .filter((policy) =>
        blocksOf(policy.config.policy_detail).some((detail) => blocksOf(detail.action).some((action) => action.type === 'DEPRECATE')),
      )
      .map((policy) => policy.config.name),
  );
  return resourcesOf(stack, 'aws_imagebuilder_image_pipeline')
    .filter((pipeline) => !deprecating.has(pipeline.config.name))
    .map((pipeline) =>
      finding(
        stack,
        'ami-deprecation',
        pipeline,
        `no lifecycle policy deprecates the AMIs of ${shown(pipeline.config.name)}: they are kept for good`,
      ),
    );
};

/** Recipes built on a parent lookup that may pin a deprecated AMI (`includeDeprecated: true`). */
const deprecatedParent: Rule = ({ stack, team }) => {
  const optedIn = new Set(team.images.filter((image) => image.parentImage.includesDeprecated).map((image) => image.resourceName));
  return resourcesOf(stack, 'aws_imagebuilder_image_recipe')
    .filter((recipe) => optedIn.has(shown(recipe.config.name)))
    .map((recipe) =>
      finding(
        stack,
        'deprecated-parent',
        recipe,
        `the parent lookup of ${shown(recipe.config.name)} includes deprecated AMIs (includeDeprecated: true): it may pin an AMI its publisher withdrew`,
      ),
    );
};

/** Recipes of images that pin a shared component further behind its current version than the platform allows (the lock history counts, in the model). */
const pinnedComponentAge: Rule = ({ stack, team, platform }) =>
  resourcesOf(stack, 'aws_imagebuilder_image_recipe').flatMap((recipe) => {
    const image = team.images.find((i) => i.recipe.name === recipe.config.name);
    return (image?.componentPins ?? [])
      .filter((pin) => pin.versionsBehind > platform.maxPinnedComponentVersionsBehind)
      .map((pin) =>
        finding(
          stack,
          'pinned-component-age',
          recipe,
          `${pin.documentName} is pinned at ${pin.version}, ${pin.versionsBehind} versions behind ${pin.current}`,
        ),
      );
  });

/** Every rule, in report order. */
const RULES: readonly Rule[] = [
  ebsEncryption,
  amiEncryption,
  keyedWith('component-encryption', 'aws_imagebuilder_component', 'kms_key_id', 'the component'),
  keyedWith('topic-encryption', 'aws_sns_topic', 'kms_master_key_id', 'the topic'),
  s3ObjectEncryption,
  infrastructure(
    'imdsv2',
    (c) => valueAt(c, 'instance_metadata_options', 'http_tokens') === 'required',
    'instances do not require IMDSv2 (http_tokens)',
  ),
  infrastructure('no-key-pair', (c) => !c.key_pair, 'instances get an SSH key pair'),
  infrastructure('terminate-on-failure', (c) => c.terminate_instance_on_failure === true, 'failed build instances are left running'),
  infrastructure(
    'build-logs',
    (c, { team, platform }) =>
      valueAt(c, 'logging', 's3_logs', 's3_bucket_name') === platform.logBucket &&
      shown(valueAt(c, 'logging', 's3_logs', 's3_key_prefix') ?? '').startsWith(`${teamLogPrefix(owningTeam(team), team.preview?.id)}/`),
    'build logs do not go to the platform log bucket under the team prefix',
  ),
  noPublicLaunch,
  organizationSharing,
  teamBoundaries,
  iamLeastPrivilege,
  buildRoleScope,
  stateBackend,
  keepSharedAmis,
  amiDeprecation,
  deprecatedParent,
  pipeline(
    'image-tests',
    (c) => valueAt(c, 'image_tests_configuration', 'image_tests_enabled') === true,
    () => 'image tests are disabled',
  ),
  pipeline(
    'image-scanning',
    (c) => valueAt(c, 'image_scanning_configuration', 'image_scanning_enabled') === true,
    () => 'image scanning is disabled',
  ),
  pipeline(
    'rebuild-cadence',
    // A preview stack builds once, when deployed, and is gone after days (model/fleet/preview.ts).
    (c, { team, platform }) => team.preview !== undefined || scheduleGap(c) <= platform.maxRebuildIntervalDays,
    (c) =>
      !c.schedule
        ? 'the pipeline has no schedule: it builds only when started'
        : Number.isFinite(scheduleGap(c))
          ? `scheduled builds can be ${scheduleGap(c)} days apart`
          : 'the schedule is not a valid cron expression',
  ),
  pinnedComponentAge,
];

/** Every policy rule's findings on one team stack, in report order. */
export function policyRuleFindings(context: StackContext): UnlocatedFinding[] {
  return RULES.flatMap((rule) => rule(context));
}
