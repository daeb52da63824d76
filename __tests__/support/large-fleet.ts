/**
 * Large platforms for the foundation's size tests: a fleet of copies of the example teams, and the
 * largest policy of each kind its foundation stacks write.
 */
import type { Fleet, Team } from '../../src/model/fleet/fleet.js';
import { policySize as measure } from '../../src/model/foundation/policy-document.js';
import { readTerraformLiteral } from '../../src/core/terraform-text.js';
import type { SynthesizedStack } from '../../src/checks/synthesized.js';

/**
 * A fleet of teams with the names given, copies of the fleet's teams in turn (with their images,
 * distribution and automatic rebuilds), spread in turn over the build accounts given. Each copy has
 * the distribution accounts of the team it copies, and its launch templates: the same ones, or
 * (`ownLaunchTemplates`) templates of its own in the same accounts.
 */
export function teamCopies(
  fleet: Fleet,
  names: readonly string[],
  buildAccounts: readonly { id: string; name: string }[],
  options: { ownLaunchTemplates?: boolean } = {},
): Fleet {
  const distributionAccounts: Record<string, string[]> = {};
  const teams = names.map((name, i): Team => {
    const original = fleet.teams[i % fleet.teams.length]!;
    const own = fleet.platform.distributionAccounts[original.name];
    if (own) distributionAccounts[name] = own;
    const account = buildAccounts[i % buildAccounts.length]!;
    const templateId = (id: string) => (options.ownLaunchTemplates ? `lt-${String(i).padStart(6, '0')}${id.slice(-11)}` : id);
    return {
      ...original,
      name,
      account: { ...original.account, ...account },
      images: original.images.map((image) => ({
        ...image,
        distribution: image.distribution.map((target) => ({
          ...target,
          launchTemplates: target.launchTemplates.map((template) => ({
            ...template,
            launchTemplateId: templateId(template.launchTemplateId),
          })),
        })),
      })),
    };
  });
  return { ...fleet, teams, platform: { ...fleet.platform, distributionAccounts } };
}

/** `count` copies of the fleet's teams named `team-number-<n>` (teamCopies). */
export function largeFleet(
  fleet: Fleet,
  count: number,
  buildAccounts: readonly { id: string; name: string }[],
  options: { ownLaunchTemplates?: boolean } = {},
): Fleet {
  return teamCopies(
    fleet,
    Array.from({ length: count }, (_, i) => `team-number-${i}`),
    buildAccounts,
    options,
  );
}

/** The largest policy of one kind: its size (characters other than whitespace) and where it is. */
export interface Largest {
  size: number;
  where: string;
}

/** The largest policy of each kind the stacks write, and the most managed policies attached to one role. */
export interface PolicySizes {
  roleInline: Largest;
  managed: Largest;
  managedPerRole: Largest;
  trust: Largest;
  bucket: Largest;
  key: Largest;
  eventBus: Largest;
}

/** Measures every policy of the stacks (a role's inline policies together, as IAM counts them). */
export function largestPolicies(stacks: readonly SynthesizedStack[]): PolicySizes {
  const largest = (): Largest => ({ size: 0, where: '(none)' });
  const sizes: PolicySizes = {
    roleInline: largest(),
    managed: largest(),
    managedPerRole: largest(),
    trust: largest(),
    bucket: largest(),
    key: largest(),
    eventBus: largest(),
  };
  const record = (kind: keyof PolicySizes, size: number, where: string) => {
    if (size > sizes[kind].size) sizes[kind] = { size, where };
  };
  // What AWS receives: Terraform's escapes ($${…}) undone.
  const policySize = (text: string) => measure(readTerraformLiteral(text) ?? text);
  for (const stack of stacks) {
    const resources = (type: string) => Object.entries((stack.json.resource?.[type] ?? {}) as Record<string, Record<string, any>>);
    const roleOf = (reference: string) => /^\$\{aws_iam_role\.([^.}]+)\./.exec(reference)?.[1];
    for (const [id, role] of resources('aws_iam_role')) {
      const where = `${stack.name} role ${role.name}`;
      record('trust', policySize(role.assume_role_policy), where);
      const inline = resources('aws_iam_role_policy').filter(([, p]) => roleOf(p.role) === id);
      record(
        'roleInline',
        inline.reduce((sum, [, p]) => sum + policySize(p.policy), 0),
        where,
      );
      record('managedPerRole', resources('aws_iam_role_policy_attachment').filter(([, a]) => roleOf(a.role) === id).length, where);
    }
    for (const [, p] of resources('aws_iam_policy')) record('managed', policySize(p.policy), `${stack.name} policy ${p.name}`);
    for (const [id, p] of resources('aws_s3_bucket_policy')) record('bucket', policySize(p.policy), `${stack.name} ${id}`);
    for (const [id, k] of resources('aws_kms_key')) record('key', policySize(k.policy), `${stack.name} ${id}`);
    for (const [id, p] of resources('aws_cloudwatch_event_bus_policy')) record('eventBus', policySize(p.policy), `${stack.name} ${id}`);
  }
  return sizes;
}

/** The sizes as a table for the test's output. */
export function formatSizes(title: string, sizes: PolicySizes): string {
  return [
    title,
    ...Object.entries(sizes).map(([kind, { size, where }]) => `  ${kind.padEnd(15)} ${String(size).padStart(7)}  ${where}`),
  ].join('\n');
}
