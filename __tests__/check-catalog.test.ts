/**
 * The one catalog of checks: every id a rule can report is in it exactly once, every entry is
 * reported by some rule, and team.yaml accepts a waiver exactly for the entries marked waivable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCatalog, type CatalogEntry } from '../src/checks/catalog.js';
import {
  FOUNDATION_CHECK_IDS,
  POLICY_CHECK_WAIVABLE,
  PROVIDER_BLOCK_CHECK,
  providerCheckOf,
  UNRECORDED_RESOURCE_TYPE_CHECK,
} from '../src/config/check-ids.js';
import type { ArgumentRule, ResourceRules } from '../src/checks/conformance/argument-rules.js';
import { checkConformance } from '../src/checks/conformance/check.js';
import { PROVIDER_RULES } from '../src/checks/conformance/rules/index.js';
import type { SynthesizedStack } from '../src/checks/synthesized.js';
import { terraformLiteral } from '../src/core/terraform-text.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { breakingValues } from './support/breaking-values.js';
import { FixtureRepo } from './support/fixture.js';

const catalog = checkCatalog();
const idsOf = (family: CatalogEntry['family']) => catalog.filter((entry) => entry.family === family).map((entry) => entry.id);

/** One resource of `type` whose config breaks one of its top-level rules: a missing required argument, a failing value, or two conflicting arguments. */
function brokenConfig(rules: ResourceRules): Record<string, unknown> | undefined {
  const topLevel = rules.arguments.filter((rule) => !rule.argument.includes('.'));
  if (topLevel.some((rule) => rule.required)) return {};
  const valued = topLevel.find((rule): rule is ArgumentRule & { checks: NonNullable<ArgumentRule['checks']> } =>
    (rule.checks ?? []).some((check) => breakingValues(check).length > 0),
  );
  if (valued) {
    const value = valued.checks.flatMap(breakingValues)[0];
    return { [valued.argument]: typeof value === 'string' ? terraformLiteral(value) : value };
  }
  const conflicting = topLevel.find((rule) => rule.conflictsWith?.length);
  return conflicting ? { [conflicting.argument]: 'x', [conflicting.conflictsWith![0]!]: 'x' } : undefined;
}

describe('the check catalog', () => {
  it('lists every check once, with its family, severity, waivability, description and source', () => {
    const ids = catalog.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of catalog) {
      expect(entry.severity, entry.id).toBe('error');
      expect(entry.description, entry.id).toMatch(/^\S.*\S$/);
      expect(entry.source, entry.id).toMatch(/^\S.*\S$/);
      expect(entry.description + entry.source, entry.id).not.toContain('\n');
      expect(entry.whenWaived !== undefined, entry.id).toBe(entry.waivable);
    }
  });

  it('holds exactly the ids the policy and foundation rules report, and one provider check per resource type', () => {
    expect(idsOf('policy')).toEqual(Object.keys(POLICY_CHECK_WAIVABLE));
    expect(idsOf('foundation')).toEqual([...FOUNDATION_CHECK_IDS]);
    const types = PROVIDER_RULES.map((rules) => rules.type);
    expect(new Set(types).size, 'a resource type recorded in two rule files').toBe(types.length);
    expect(idsOf('provider')).toEqual([...types.map(providerCheckOf), PROVIDER_BLOCK_CHECK, UNRECORDED_RESOURCE_TYPE_CHECK]);
  });

  it('lets only policy checks be waived', () => {
    expect(catalog.filter((entry) => entry.waivable).map((entry) => entry.id)).toEqual(
      Object.keys(POLICY_CHECK_WAIVABLE).filter((id) => POLICY_CHECK_WAIVABLE[id as keyof typeof POLICY_CHECK_WAIVABLE]),
    );
    expect(catalog.filter((entry) => entry.family !== 'policy' && entry.waivable)).toEqual([]);
  });

  it.each(PROVIDER_RULES.map((rules) => [rules.type, rules] as const))('reports %s findings under its catalog id', (type, rules) => {
    const config = brokenConfig(rules);
    expect(config, `no top-level rule of ${type} to break`).toBeDefined();
    const stack: SynthesizedStack = { name: 'catalog', json: { resource: { [type]: { it: config! } } } };
    const findings = checkConformance(stack);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((finding) => finding.check))).toEqual(new Set([providerCheckOf(type)]));
  });

  it('reports the provider block and an unrecorded resource type under their catalog ids', () => {
    const stack = {
      name: 'catalog',
      json: { provider: { aws: [{ assume_role: [{ role_arn: 'not-an-arn' }] }] }, resource: { aws_unrecorded_thing: { it: {} } } },
    } as SynthesizedStack;
    expect(checkConformance(stack).map((finding) => [finding.check, finding.resource])).toEqual([
      [UNRECORDED_RESOURCE_TYPE_CHECK, 'aws_unrecorded_thing.it'],
      [PROVIDER_BLOCK_CHECK, 'provider.aws'],
    ]);
  });
});

describe('waivers by the catalog', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = new FixtureRepo();
  });
  afterAll(() => repo.dispose());

  it('are accepted for the waivable entries and refused, at their team.yaml line, for all others', () => {
    const exceptions = catalog
      .map((entry) => `      - check: "${entry.id}"\n        reason: the catalog test waives every check\n`)
      .join('');
    repo.edit(
      'teams/platform/team.yaml',
      '    instanceTypes: [t3.small]\n',
      `    instanceTypes: [t3.small]\n    exceptions:\n${exceptions}`,
    );
    const lines = repo.read('teams/platform/team.yaml').split('\n');
    const refused = loadVersionedFleet(repo.root).problems.errors.map((problem) => [
      problem.file,
      problem.path,
      problem.line,
      problem.message,
    ]);
    expect(refused).toEqual(
      catalog.flatMap((entry, index) =>
        entry.waivable
          ? []
          : [
              [
                'teams/platform/team.yaml',
                `images[1].exceptions[${index}].check`,
                lines.indexOf(`      - check: "${entry.id}"`) + 1,
                `"${entry.id}" is not a check that can be waived`,
              ],
            ],
      ),
    );
  });
});
