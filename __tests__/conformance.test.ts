/**
 * The synthesised stacks pass hashicorp/aws 6.25.0's own validation, rule by rule: every argument
 * the stacks set has a recorded rule, the example fleet passes all of them, and one failing value
 * per rule is caught.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ValueCheck } from '../src/conformance/argument-rules.js';
import { checkConformance, checkValue } from '../src/conformance/check.js';
import { synthesizeAndCheck } from '../src/cli/synth.js';
import { conformanceProblems } from '../src/conformance/problems.js';
import { IMAGEBUILDER_RULES } from '../src/conformance/rules/imagebuilder.js';
import { PROVIDER_BLOCK_RULES, SUPPORTING_RULES } from '../src/conformance/rules/supporting.js';
import { synthesizeTeams } from '../src/synthesis/parallel.js';
import { readSynthesizedStacks, type SynthesizedStack } from '../src/policy/synthesized.js';
import { terraformLiteral } from '../src/stacks/terraform-text.js';
import { Problems } from '../src/config/problems.js';
import { parseYaml } from '../src/config/yaml-source.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { FixtureRepo } from './support/fixture.js';

const ALL_RULES = [...IMAGEBUILDER_RULES, ...SUPPORTING_RULES];

/** Argument paths a stack sets, per resource type (map-typed arguments as a whole). */
function argumentsSet(stacks: readonly SynthesizedStack[]): Map<string, Set<string>> {
  const MAPS = new Set(['tags', 'ami_tags', 'resource_tags', 'tag_map']);
  const META = new Set(['//', 'lifecycle', 'depends_on', 'provider']);
  const found = new Map<string, Set<string>>();
  const walk = (type: string, prefix: string, value: unknown) => {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (!prefix && META.has(key)) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const blocks = Array.isArray(child) ? child : [child];
      if (!MAPS.has(key) && blocks.length && blocks.every((b) => typeof b === 'object' && b !== null && !Array.isArray(b))) {
        blocks.forEach((block) => walk(type, path, block));
      } else {
        found.set(type, (found.get(type) ?? new Set()).add(path));
      }
    }
  };
  for (const stack of stacks) {
    for (const [type, byId] of Object.entries(stack.json.resource ?? {})) for (const config of Object.values(byId)) walk(type, '', config);
  }
  return found;
}

/** Values that break a check: bytes over the limit in multibyte text, off-list values, out-of-range numbers. */
function breaking(check: ValueCheck): unknown[] {
  switch (check.kind) {
    case 'bytes':
      return [
        ...(check.max !== undefined ? ['é'.repeat(Math.floor(check.max / 2) + 1)] : []),
        ...(check.min !== undefined && check.min > 0 ? [''] : []),
      ];
    case 'pattern':
      return ['', ' leading space', 'UPPER lower !@#$ ', 'x'.repeat(2048), '“quoted”', '‘quoted’', '-', '1', 'arn:aws:iam::123456789012:role/x'].filter((v) => check.pattern.test(v) === Boolean(check.negate)).slice(0, 1);
    case 'enum':
      return ['not-a-listed-value'];
    case 'range':
      return [...(check.max !== undefined ? [check.max + 1] : []), ...(check.min !== undefined ? [check.min - 1] : [])];
    case 'json':
      return ['{"Version": '];
    case 'arn':
      return ['not-an-arn'];
    case 'account-id':
      return ['12345'];
  }
}

describe('provider conformance', () => {
  let repo: FixtureRepo;
  let outdir: string;
  let stacks: SynthesizedStack[];

  beforeAll(async () => {
    repo = new FixtureRepo();
    outdir = mkdtempSync(join(tmpdir(), 'golden-ami-conformance-'));
    await synthesizeTeams(repo.fleet().teams, outdir);
    stacks = readSynthesizedStacks(outdir);
  });
  afterAll(() => {
    repo.dispose();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('has a rule, with its provider source, for every argument the example stacks set', () => {
    const byType = new Map(ALL_RULES.map((rules) => [rules.type, new Set(rules.arguments.map((a) => a.argument))]));
    for (const [type, paths] of argumentsSet(stacks)) {
      expect(byType.has(type), type).toBe(true);
      for (const path of paths) expect(byType.get(type)!.has(path), `${type}.${path}`).toBe(true);
    }
    for (const rule of [...ALL_RULES.flatMap((r) => r.arguments), ...PROVIDER_BLOCK_RULES]) {
      expect(rule.source, rule.argument).toMatch(/^internal\/(service|provider|conns|verify)\//);
    }
  });

  it('records as ForceNew exactly what the fingerprints version (src/versioning/fingerprint.ts)', () => {
    const forceNew = (type: string) =>
      new Set(ALL_RULES.find((r) => r.type === type)!.arguments.filter((a) => a.forceNew && !a.argument.includes('.')).map((a) => a.argument));
    // `version` forces replacement too: it changes exactly when the fingerprint does.
    expect(forceNew('aws_imagebuilder_component')).toEqual(
      new Set(['change_description', 'data', 'description', 'kms_key_id', 'name', 'platform', 'supported_os_versions', 'uri', 'version']),
    );
    expect(forceNew('aws_imagebuilder_image_recipe')).toEqual(
      new Set(['ami_tags', 'block_device_mapping', 'component', 'description', 'name', 'parent_image', 'systems_manager_agent', 'user_data_base64', 'version', 'working_directory']),
    );
  });

  it('passes the example fleet', () => {
    for (const stack of stacks) expect(checkConformance(stack), stack.name).toEqual([]);
  });

  const valueRules = ALL_RULES.flatMap((resource) =>
    resource.arguments.flatMap((rule) => (rule.checks ?? []).map((check) => [`${resource.type}.${rule.argument} (${check.kind})`, check] as const)),
  );

  it.each(valueRules)('catches a failing value of %s', (_, check) => {
    const values = breaking(check);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(checkValue(typeof value === 'string' ? terraformLiteral(value) : value, check), JSON.stringify(value)).toBeDefined();
  });

  const requiredRules = ALL_RULES.flatMap((resource) =>
    resource.arguments.filter((rule) => rule.required).map((rule) => [`${resource.type}.${rule.argument}`, resource.type, rule.argument] as const),
  );

  it('catches each required argument or block the stacks write, when it is missing', () => {
    const exercised: string[] = [];
    for (const [name, type, argument] of requiredRules) {
      const segments = argument.split('.');
      for (const stack of stacks) {
        const copy = structuredClone(stack);
        const holder = Object.values(copy.json.resource?.[type] ?? {})
          .flatMap((config) =>
            segments.slice(0, -1).reduce<Record<string, unknown>[]>((blocks, segment) => blocks.flatMap((b) => [b[segment]].flat().filter(Boolean) as Record<string, unknown>[]), [config]),
          )
          .find((block) => segments.at(-1)! in block);
        if (!holder) continue;
        delete holder[segments.at(-1)!];
        expect(checkConformance(copy), name).toContainEqual(expect.objectContaining({ argument, rule: 'required' }));
        exercised.push(name);
        break;
      }
    }
    // The 48 required arguments and blocks the example stacks write, each removed once.
    expect(exercised.length).toBeGreaterThanOrEqual(48);
  });

  it('counts bytes, not characters, and reads escaped text as Terraform does', () => {
    const check: ValueCheck = { kind: 'bytes', min: 1, max: 10 };
    expect(checkValue('ééééé', check)).toBeUndefined();
    expect(checkValue('éééééé', check)).toBe('1 to 10 bytes (has 12)');
    // Written as $${abcdefgh} (12 characters), read by Terraform as ${abcdefgh} (11 bytes).
    expect(checkValue(terraformLiteral('${abcdefgh}'), check)).toBe('1 to 10 bytes (has 11)');
  });

  it('skips values Terraform only knows at plan time', () => {
    expect(checkValue('${aws_iam_role.build_role.arn}', { kind: 'arn' })).toBeUndefined();
    expect(checkValue('$${not-a-reference}', { kind: 'arn' })).toBeDefined();
  });

  describe('on a synthesised stack', () => {
    const platform = () => structuredClone(stacks.find((s) => s.name === 'platform')!);
    const only = (stack: SynthesizedStack, type: string, part: string) =>
      Object.entries(stack.json.resource![type]!).find(([id]) => id.includes(part))![1] as Record<string, any>;

    const STRUCTURE: [string, (stack: SynthesizedStack) => void, RegExp][] = [
      ['a required argument', (s) => delete only(s, 'aws_imagebuilder_image_recipe', 'container-host').parent_image, /parent_image: the provider requires a value/],
      ['exactly one of data and uri', (s) => (only(s, 'aws_imagebuilder_component', 'ssm-agent').uri = 's3://b/k'), /data: the provider requires exactly one of data, uri \(2 set\)/],
      ['a block over its maximum items', (s) => {
        const policy = only(s, 'aws_imagebuilder_lifecycle_policy', 'container-host');
        policy.resource_selection[0].recipe = Array.from({ length: 51 }, (_, i) => ({ name: 'platform-container-host', semantic_version: `1.0.${i}` }));
      }, /resource_selection.recipe: the provider requires at most 50 items \(has 51\)/],
      ['an x.x.x recipe selection', (s) => (only(s, 'aws_imagebuilder_lifecycle_policy', 'container-host').resource_selection[0].recipe[0].semantic_version = 'x.x.x'), /semantic_version: .*not "x\.x\.x"/],
    ];

    it.each(STRUCTURE)('catches %s', (_, mutate, message) => {
      const stack = platform();
      mutate(stack);
      const problems = conformanceProblems([stack], repo.fleet());
      expect(problems.map((p) => p.message).join('\n')).toMatch(message);
      expect(problems.every((p) => p.file === 'teams/platform/team.yaml' && p.hint?.includes('hashicorp/aws 6.25.0'))).toBe(true);
    });
  });
});

describe('provider conformance findings', () => {
  let repo: FixtureRepo;
  beforeEach(() => (repo = new FixtureRepo()));
  afterEach(() => repo.dispose());

  it('are caught first by the schema for values a team types, with their line', () => {
    repo.edit('teams/platform/team.yaml', 'description: Hardened Amazon Linux 2023 host for Session Manager access', `description: ${'é'.repeat(600)}`);
    expect(loadVersionedFleet(repo.root).problems.errors).toMatchObject([{ path: 'images[1].description', message: expect.stringMatching(/1024 bytes/) }]);
  });

  it('are reported by the check synth and validate run, beside the policy checks', async () => {
    const fleet = repo.fleet();
    // Past the schema, as a value the provider refuses would be if the schema missed it.
    const bastion = fleet.teams.find((t) => t.name === 'platform')!.images.find((i) => i.name === 'bastion-host')!;
    bastion.recipe.description = 'é'.repeat(600);
    const outdir = mkdtempSync(join(tmpdir(), 'golden-ami-conformance-'));
    try {
      const { violations, conformance } = await synthesizeAndCheck(fleet, outdir);
      expect(violations).toEqual([]);
      expect(conformance).toEqual([
        expect.objectContaining({ file: 'teams/platform/team.yaml', path: 'images[1]', message: expect.stringMatching(/^aws_imagebuilder_image_recipe\.\S+ argument description: the provider requires 1 to 1024 bytes/) }),
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('point at the team.yaml line of a value that reached the stack', async () => {
    const { fleet } = loadVersionedFleet(repo.root);
    const outdir = mkdtempSync(join(tmpdir(), 'golden-ami-conformance-'));
    try {
      await synthesizeTeams(fleet!.teams, outdir);
      const [platform] = readSynthesizedStacks(outdir).filter((s) => s.name === 'platform');
      // A value the provider refuses, as if it had come through from team.yaml.
      const recipe = Object.values(platform!.json.resource!.aws_imagebuilder_image_recipe!).find((r) => r.name === 'platform-bastion-host')!;
      recipe.description = terraformLiteral('é'.repeat(600));
      const text = repo.read('teams/platform/team.yaml').replace('Hardened Amazon Linux 2023 host for Session Manager access', 'é'.repeat(600));
      const source = parseYaml(text, 'teams/platform/team.yaml', new Problems())!;
      const problems = conformanceProblems([platform!], fleet!, new Map([['platform', source]]));
      const line = text.split('\n').findIndex((l) => l.includes('description: éé')) + 1;
      expect(problems).toEqual([
        expect.objectContaining({ file: 'teams/platform/team.yaml', path: 'images[1].description', line, column: 18 }),
      ]);
      expect(problems[0]!.message).toMatch(
        /^aws_imagebuilder_image_recipe\.\S+ argument description: the provider requires 1 to 1024 bytes \(has 1200\), not "é+\.\.\." \(stack platform\)$/,
      );
      expect(problems[0]!.hint).toMatch(/^hashicorp\/aws 6\.25\.0 rejects this at plan time \(internal\/service\/imagebuilder\/image_recipe\.go\)/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
