/**
 * The synthesised stacks pass hashicorp/aws 6.25.0's own validation, rule by rule: every argument
 * the stacks set has a recorded rule, the example fleet passes all of them, and one failing value
 * per rule is caught.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ValueCheck } from '../src/checks/conformance/argument-rules.js';
import { checkConformance, checkValue } from '../src/checks/conformance/check.js';
import { synthesizeAndCheck } from '../src/synthesis/pipeline.js';
import { checkProviderRules, findingProblems } from '../src/checks/engine.js';
import { AUTOMATION_RULES } from '../src/checks/conformance/rules/automation.js';
import { IMAGEBUILDER_RULES } from '../src/checks/conformance/rules/imagebuilder.js';
import { IAM_SNS_EVENTS_S3_RULES } from '../src/checks/conformance/rules/iam-sns-events-s3.js';
import { PROVIDER_BLOCK_RULES } from '../src/checks/conformance/rules/provider-block.js';
import { synthesizeTeams } from '../src/synthesis/parallel.js';
import { readSynthesizedStacks, type SynthesizedStack } from '../src/checks/synthesized.js';
import { terraformLiteral } from '../src/core/terraform-text.js';
import { Problems } from '../src/core/problems.js';
import { parseYaml } from '../src/core/yaml-source.js';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { breakingValues } from './support/breaking-values.js';
import { FixtureRepo } from './support/fixture.js';

const ALL_RULES = [...IMAGEBUILDER_RULES, ...IAM_SNS_EVENTS_S3_RULES, ...AUTOMATION_RULES];

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
      new Set(
        ALL_RULES.find((r) => r.type === type)!
          .arguments.filter((a) => a.forceNew && !a.argument.includes('.'))
          .map((a) => a.argument),
      );
    // `version` forces replacement too: it changes exactly when the fingerprint does.
    expect(forceNew('aws_imagebuilder_component')).toEqual(
      new Set(['change_description', 'data', 'description', 'kms_key_id', 'name', 'platform', 'supported_os_versions', 'uri', 'version']),
    );
    expect(forceNew('aws_imagebuilder_image_recipe')).toEqual(
      new Set([
        'ami_tags',
        'block_device_mapping',
        'component',
        'description',
        'name',
        'parent_image',
        'systems_manager_agent',
        'user_data_base64',
        'version',
        'working_directory',
      ]),
    );
  });

  it('passes the example fleet', () => {
    for (const stack of stacks) expect(checkConformance(stack), stack.name).toEqual([]);
  });

  const valueRules = ALL_RULES.flatMap((resource) =>
    resource.arguments.flatMap((rule) =>
      (rule.checks ?? []).map((check) => [`${resource.type}.${rule.argument} (${check.kind})`, check] as const),
    ),
  );

  it.each(valueRules)('catches a failing value of %s', (_, check) => {
    const values = breakingValues(check);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values)
      expect(checkValue(typeof value === 'string' ? terraformLiteral(value) : value, check), JSON.stringify(value)).toBeDefined();
  });

  const requiredRules = ALL_RULES.flatMap((resource) =>
    resource.arguments
      .filter((rule) => rule.required)
      .map((rule) => [`${resource.type}.${rule.argument}`, resource.type, rule.argument] as const),
  );

  it('catches each required argument or block the stacks write, when it is missing', () => {
    const exercised: string[] = [];
    for (const [name, type, argument] of requiredRules) {
      const segments = argument.split('.');
      for (const stack of stacks) {
        const copy = structuredClone(stack);
        const holder = Object.values(copy.json.resource?.[type] ?? {})
          .flatMap((config) =>
            segments
              .slice(0, -1)
              .reduce<Record<string, unknown>[]>(
                (blocks, segment) => blocks.flatMap((b) => [b[segment]].flat().filter(Boolean) as Record<string, unknown>[]),
                [config],
              ),
          )
          .find((block) => segments.at(-1)! in block);
        if (!holder) continue;
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the case names the argument to take out of the synthesised JSON
        delete holder[segments.at(-1)!];
        expect(checkConformance(copy), name).toContainEqual(
          expect.objectContaining({ argument, message: 'the provider requires a value' }),
        );
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
      [
        'a required argument',
        (s) => delete only(s, 'aws_imagebuilder_image_recipe', 'container-host').parent_image,
        /parent_image: the provider requires a value/,
      ],
      [
        'exactly one of data and uri',
        (s) => (only(s, 'aws_imagebuilder_component', 'ssm-agent').uri = 's3://b/k'),
        /data: the provider requires exactly one of data, uri \(2 set\)/,
      ],
      [
        'a block over its maximum items',
        (s) => {
          const policy = only(s, 'aws_imagebuilder_lifecycle_policy', 'container-host');
          policy.resource_selection[0].recipe = Array.from({ length: 51 }, (_, i) => ({
            name: 'platform-container-host',
            semantic_version: `1.0.${i}`,
          }));
        },
        /resource_selection.recipe: the provider requires at most 50 items \(has 51\)/,
      ],
      [
        'an x.x.x recipe selection',
        (s) => (only(s, 'aws_imagebuilder_lifecycle_policy', 'container-host').resource_selection[0].recipe[0].semantic_version = 'x.x.x'),
        /semantic_version: .*not "x\.x\.x"/,
      ],
    ];

    it.each(STRUCTURE)('catches %s', (_, mutate, message) => {
      const stack = platform();
      mutate(stack);
      const problems = findingProblems(checkProviderRules([stack], repo.fleet()));
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
    repo.edit(
      'teams/platform/team.yaml',
      'description: Hardened Amazon Linux 2023 host for Session Manager access',
      `description: ${'é'.repeat(600)}`,
    );
    expect(loadVersionedFleet(repo.root).problems.errors).toMatchObject([
      { path: 'images[1].description', message: expect.stringMatching(/1024 bytes/) },
    ]);
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
        expect.objectContaining({
          file: 'teams/platform/team.yaml',
          path: 'images[1]',
          message: expect.stringMatching(/^aws_imagebuilder_image_recipe\.\S+ argument description: the provider requires 1 to 1024 bytes/),
        }),
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
      const recipe = Object.values(platform!.json.resource!.aws_imagebuilder_image_recipe!).find(
        (r) => r.name === 'platform-bastion-host',
      )!;
      recipe.description = terraformLiteral('é'.repeat(600));
      const text = repo
        .read('teams/platform/team.yaml')
        .replace('Hardened Amazon Linux 2023 host for Session Manager access', 'é'.repeat(600));
      const source = parseYaml(text, 'teams/platform/team.yaml', new Problems())!;
      const problems = findingProblems(checkProviderRules([platform!], fleet!, new Map([['platform', source]])));
      const line = text.split('\n').findIndex((l) => l.includes('description: éé')) + 1;
      expect(problems).toEqual([
        expect.objectContaining({ file: 'teams/platform/team.yaml', path: 'images[1].description', line, column: 18 }),
      ]);
      expect(problems[0]!.message).toMatch(
        /^aws_imagebuilder_image_recipe\.\S+ argument description: the provider requires 1 to 1024 bytes \(has 1200\), not "é+\.\.\." \(stack platform\)$/,
      );
      expect(problems[0]!.hint).toMatch(
        /^hashicorp\/aws 6\.25\.0 rejects this at plan time \(internal\/service\/imagebuilder\/image_recipe\.go\)/,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('provider conformance of the automation resources (state machine, event bus, bus policy)', () => {
  type Config = Record<string, any>;
  const ACCOUNT = '123456789012';
  const stackOf = (resources: Record<string, Config>): SynthesizedStack => ({
    name: 'automation',
    json: { resource: Object.fromEntries(Object.entries(resources).map(([type, config]) => [type, { it: config }])) },
  });
  const findingsOf = (type: string, config: Config) => checkConformance(stackOf({ [type]: config }));

  const GOOD: Record<string, () => Config> = {
    aws_sfn_state_machine: () => ({
      name: 'golden-ami-rebuild_1',
      definition: JSON.stringify({ StartAt: 'Start', States: { Start: { Type: 'Pass', End: true } } }),
      role_arn: `arn:aws:iam::${ACCOUNT}:role/golden-ami-rebuild`,
      type: 'STANDARD',
      publish: true,
      region: 'eu-central-1',
      tags: { team: 'platform' },
      // Terraform JSON as cdktf writes MaxItems-1 blocks: one object.
      logging_configuration: {
        level: 'ERROR',
        include_execution_data: false,
        log_destination: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/vendedlogs/states/golden-ami:*`,
      },
      tracing_configuration: { enabled: true },
      encryption_configuration: {
        type: 'CUSTOMER_MANAGED_KMS_KEY',
        kms_key_id: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/abc`,
        kms_data_key_reuse_period_seconds: 300,
      },
    }),
    aws_cloudwatch_event_bus: () => ({
      name: 'golden-ami-findings',
      description: 'Critical Amazon Inspector findings',
      kms_key_identifier: 'alias/golden-ami',
      dead_letter_config: { arn: `arn:aws:sqs:eu-central-1:${ACCOUNT}:findings-dlq` },
      log_config: { include_detail: 'FULL', level: 'INFO' },
      region: 'eu-central-1',
      tags: { team: 'platform' },
    }),
    aws_cloudwatch_event_bus_policy: () => ({
      event_bus_name: 'golden-ami-findings',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'events:PutEvents', Resource: '*' }],
      }),
      region: 'eu-central-1',
    }),
  };

  it.each(Object.keys(GOOD))('passes a good %s, region included', (type) => {
    expect(findingsOf(type, GOOD[type]!())).toEqual([]);
  });

  // [what, type, change to the good config, the finding's argument, its rule]
  const FAILING: [string, string, (c: Config) => void, string, RegExp][] = [
    [
      'a state machine name with a space',
      'aws_sfn_state_machine',
      (c) => (c.name = 'golden ami'),
      'name',
      /^the provider requires the name should only contain 0-9, A-Z, a-z, - and _$/,
    ],
    [
      'an 81-byte state machine name',
      'aws_sfn_state_machine',
      (c) => (c.name = 'a'.repeat(81)),
      'name',
      /^the provider requires 1 to 80 bytes \(has 81\)$/,
    ],
    [
      'a 55-byte name_prefix',
      'aws_sfn_state_machine',
      (c) => {
        delete c.name;
        c.name_prefix = 'a'.repeat(55);
      },
      'name_prefix',
      /^the provider requires 1 to 54 bytes \(has 55\)$/,
    ],
    [
      'state machine type BATCH',
      'aws_sfn_state_machine',
      (c) => (c.type = 'BATCH'),
      'type',
      /^the provider requires one of STANDARD, EXPRESS$/,
    ],
    [
      'a role name for role_arn',
      'aws_sfn_state_machine',
      (c) => (c.role_arn = 'golden-ami-rebuild'),
      'role_arn',
      /^the provider requires an ARN/,
    ],
    ['no definition', 'aws_sfn_state_machine', (c) => delete c.definition, 'definition', /^the provider requires a value$/],
    [
      'a definition over 1 MiB',
      'aws_sfn_state_machine',
      (c) => (c.definition = 'x'.repeat(1048577)),
      'definition',
      /^the provider requires 0 to 1048576 bytes \(has 1048577\)$/,
    ],
    [
      'logging level DEBUG',
      'aws_sfn_state_machine',
      (c) => (c.logging_configuration.level = 'DEBUG'),
      'logging_configuration.level',
      /^the provider requires one of ALL, ERROR, FATAL, OFF$/,
    ],
    [
      'two logging_configuration blocks',
      'aws_sfn_state_machine',
      (c) => (c.logging_configuration = [c.logging_configuration, c.logging_configuration]),
      'logging_configuration',
      /^the provider requires at most 1 items \(has 2\)$/,
    ],
    [
      'two tracing_configuration blocks',
      'aws_sfn_state_machine',
      (c) => (c.tracing_configuration = [{ enabled: true }, { enabled: false }]),
      'tracing_configuration',
      /^the provider requires at most 1 items \(has 2\)$/,
    ],
    [
      'a 59-second data key reuse period',
      'aws_sfn_state_machine',
      (c) => (c.encryption_configuration.kms_data_key_reuse_period_seconds = 59),
      'encryption_configuration.kms_data_key_reuse_period_seconds',
      /^the provider requires a number 60 to 900$/,
    ],
    [
      'encryption type KMS',
      'aws_sfn_state_machine',
      (c) => (c.encryption_configuration.type = 'KMS'),
      'encryption_configuration.type',
      /^the provider requires one of AWS_OWNED_KEY, CUSTOMER_MANAGED_KMS_KEY$/,
    ],
    [
      'the bus name default',
      'aws_cloudwatch_event_bus',
      (c) => (c.name = 'default'),
      'name',
      /^the provider requires cannot be 'default'$/,
    ],
    [
      'a 257-byte bus name',
      'aws_cloudwatch_event_bus',
      (c) => (c.name = 'b'.repeat(257)),
      'name',
      /^the provider requires 1 to 256 bytes \(has 257\)$/,
    ],
    ['no bus name', 'aws_cloudwatch_event_bus', (c) => delete c.name, 'name', /^the provider requires a value$/],
    [
      'a 513-byte bus description',
      'aws_cloudwatch_event_bus',
      (c) => (c.description = 'd'.repeat(513)),
      'description',
      /^the provider requires 0 to 512 bytes \(has 513\)$/,
    ],
    [
      'an empty kms_key_identifier',
      'aws_cloudwatch_event_bus',
      (c) => (c.kms_key_identifier = ''),
      'kms_key_identifier',
      /^the provider requires 1 to 2048 bytes \(has 0\)$/,
    ],
    [
      'a partner source with one segment',
      'aws_cloudwatch_event_bus',
      (c) => (c.event_source_name = 'aws.partner/example.com'),
      'event_source_name',
      /^the provider requires a partner event source/,
    ],
    [
      'a queue name as dead-letter ARN',
      'aws_cloudwatch_event_bus',
      (c) => (c.dead_letter_config.arn = 'findings-dlq'),
      'dead_letter_config.arn',
      /^the provider requires an ARN/,
    ],
    [
      'log level DEBUG',
      'aws_cloudwatch_event_bus',
      (c) => (c.log_config.level = 'DEBUG'),
      'log_config.level',
      /^the provider requires one of OFF, ERROR, INFO, TRACE$/,
    ],
    [
      'include_detail SOME',
      'aws_cloudwatch_event_bus',
      (c) => (c.log_config.include_detail = 'SOME'),
      'log_config.include_detail',
      /^the provider requires one of NONE, FULL$/,
    ],
    [
      'two log_config blocks',
      'aws_cloudwatch_event_bus',
      (c) => (c.log_config = [c.log_config, c.log_config]),
      'log_config',
      /^the provider requires at most 1 items \(has 2\)$/,
    ],
    [
      'a bus policy that is not JSON',
      'aws_cloudwatch_event_bus_policy',
      (c) => (c.policy = '{"Version": '),
      'policy',
      /^the provider requires valid JSON$/,
    ],
    ['no bus policy', 'aws_cloudwatch_event_bus_policy', (c) => delete c.policy, 'policy', /^the provider requires a value$/],
    [
      'an event bus ARN as the policy bus',
      'aws_cloudwatch_event_bus_policy',
      (c) => (c.event_bus_name = `arn:aws:events:eu-central-1:${ACCOUNT}:event-bus/golden-ami-findings`),
      'event_bus_name',
      /^the provider requires an event bus name .*not an ARN$/,
    ],
    [
      'a 257-byte policy bus name',
      'aws_cloudwatch_event_bus_policy',
      (c) => (c.event_bus_name = 'b'.repeat(257)),
      'event_bus_name',
      /^the provider requires 1 to 256 bytes \(has 257\)$/,
    ],
  ];

  it.each(FAILING)('catches %s', (_, type, change, argument, rule) => {
    const config = GOOD[type]!();
    change(config);
    const findings = findingsOf(type, config);
    expect(findings).toContainEqual(
      expect.objectContaining({
        resource: `${type}.it`,
        argument,
        message: expect.stringMatching(rule),
        ruleSource: expect.stringMatching(/^internal\//),
      }),
    );
    expect(findings.every((f) => f.argument === argument)).toBe(true);
  });

  it('catches name together with name_prefix, on both', () => {
    const config = { ...GOOD.aws_sfn_state_machine!(), name_prefix: 'golden-' };
    expect(findingsOf('aws_sfn_state_machine', config).map((f) => [f.argument, f.message])).toEqual([
      ['name', 'the provider requires not together with name_prefix'],
      ['name_prefix', 'the provider requires not together with name'],
    ]);
  });

  // Values at the edge of each recorded limit, and values the provider passes at plan time.
  const PASSING: [string, string, (c: Config) => void][] = [
    ['an 80-byte state machine name', 'aws_sfn_state_machine', (c) => (c.name = 'a'.repeat(80))],
    [
      'a 54-byte name_prefix',
      'aws_sfn_state_machine',
      (c) => {
        delete c.name;
        c.name_prefix = 'a'.repeat(54);
      },
    ],
    ['state machine type EXPRESS', 'aws_sfn_state_machine', (c) => (c.type = 'EXPRESS')],
    ['a role ARN known only at plan time', 'aws_sfn_state_machine', (c) => (c.role_arn = '${aws_iam_role.rebuild.arn}')],
    ['a definition of exactly 1 MiB', 'aws_sfn_state_machine', (c) => (c.definition = 'x'.repeat(1048576))],
    [
      'data key reuse periods 60 and 900',
      'aws_sfn_state_machine',
      (c) => (c.encryption_configuration.kms_data_key_reuse_period_seconds = 60),
    ],
    ['an AWS-owned key', 'aws_sfn_state_machine', (c) => (c.encryption_configuration = { type: 'AWS_OWNED_KEY' })],
    ['logging level OFF', 'aws_sfn_state_machine', (c) => (c.logging_configuration = { level: 'OFF' })],
    ['a 256-byte bus name', 'aws_cloudwatch_event_bus', (c) => (c.name = 'b'.repeat(256))],
    // validCustomEventBusName has no character check: AWS refuses `/` in a custom bus name at apply.
    ['a bus name with / (refused only by AWS)', 'aws_cloudwatch_event_bus', (c) => (c.name = 'golden/ami')],
    ['a bus name starting with aws.', 'aws_cloudwatch_event_bus', (c) => (c.name = 'aws.golden-ami')],
    [
      'a partner event source',
      'aws_cloudwatch_event_bus',
      (c) => {
        c.name = c.event_source_name = 'aws.partner/example.com/123/findings';
      },
    ],
    ['log level OFF without detail', 'aws_cloudwatch_event_bus', (c) => (c.log_config = { level: 'OFF' })],
    ['any JSON as bus policy', 'aws_cloudwatch_event_bus_policy', (c) => (c.policy = ' []')],
    [
      'a policy bus name known only at plan time',
      'aws_cloudwatch_event_bus_policy',
      (c) => (c.event_bus_name = '${aws_cloudwatch_event_bus.findings.name}'),
    ],
    ['the default bus', 'aws_cloudwatch_event_bus_policy', (c) => delete c.event_bus_name],
  ];

  it.each(PASSING)('passes %s', (_, type, change) => {
    const config = GOOD[type]!();
    change(config);
    expect(findingsOf(type, config)).toEqual([]);
    if (config.encryption_configuration?.kms_data_key_reuse_period_seconds === 60) {
      config.encryption_configuration.kms_data_key_reuse_period_seconds = 900;
      expect(findingsOf(type, config)).toEqual([]);
    }
  });

  it('records ForceNew as the provider does', () => {
    const forceNew = (type: string) =>
      new Set(
        AUTOMATION_RULES.find((r) => r.type === type)!
          .arguments.filter((a) => a.forceNew)
          .map((a) => a.argument),
      );
    expect(forceNew('aws_sfn_state_machine')).toEqual(new Set(['name', 'name_prefix', 'type']));
    expect(forceNew('aws_cloudwatch_event_bus')).toEqual(new Set(['event_source_name', 'name']));
    expect(forceNew('aws_cloudwatch_event_bus_policy')).toEqual(new Set(['event_bus_name']));
  });

  it('accepts the 6.x resource-level region on every EventBridge resource the foundation sets it on', () => {
    const stack = stackOf({
      ...Object.fromEntries(Object.entries(GOOD).map(([type, good]) => [type, good()])),
      aws_cloudwatch_event_rule: {
        name: `golden-ami-findings-to-${ACCOUNT}-ap-southeast-4`,
        description: 'Critical Amazon Inspector findings with a fix',
        event_pattern: JSON.stringify({ source: ['aws.inspector2'] }),
        region: 'ap-southeast-4',
      },
      aws_cloudwatch_event_target: {
        rule: '${aws_cloudwatch_event_rule.it.name}',
        target_id: 'findings-bus',
        arn: `arn:aws:events:eu-central-1:${ACCOUNT}:event-bus/golden-ami-findings`,
        role_arn: '${aws_iam_role.forwarder.arn}',
        region: 'ap-southeast-4',
      },
    });
    expect(checkConformance(stack)).toEqual([]);
    // Recorded (no schema check) on the three automation types; rules and targets record none, and
    // the checker judges only recorded arguments, so their region passes unjudged.
    for (const rules of AUTOMATION_RULES)
      expect(
        rules.arguments.map((a) => a.argument),
        rules.type,
      ).toContain('region');
    const supporting = (type: string) => IAM_SNS_EVENTS_S3_RULES.find((r) => r.type === type)!.arguments.map((a) => a.argument);
    expect(supporting('aws_cloudwatch_event_rule')).not.toContain('region');
    expect(supporting('aws_cloudwatch_event_target')).not.toContain('region');
  });
});

describe("provider conformance of aws_iam_policy (the foundation roles' managed policies of team statements)", () => {
  const good = (): Record<string, any> => ({
    name: 'golden-ami-deployer-teams-1',
    description: 'Golden AMI: part 1 of the statements of role golden-ami-deployer on the resources of the teams in this account',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam::123456789012:role/platform-imagebuilder-*' }],
    }),
  });
  const findingsOf = (config: Record<string, any>) =>
    checkConformance({ name: 'iam', json: { resource: { aws_iam_policy: { it: config } } } });

  it('passes the policies the foundation stacks write, with or without a path', () => {
    expect(findingsOf(good())).toEqual([]);
    expect(findingsOf({ ...good(), path: '/golden-ami/' })).toEqual([]);
    expect(findingsOf({ ...good(), name: 'p'.repeat(128) })).toEqual([]);
  });

  const FAILING: [string, (c: Record<string, any>) => void, string, RegExp][] = [
    ['a 129-byte name', (c) => (c.name = 'p'.repeat(129)), 'name', /^the provider requires 1 to 128 bytes \(has 129\)$/],
    ['a name with a space', (c) => (c.name = 'golden ami'), 'name', /must match/],
    [
      'a 103-byte name_prefix',
      (c) => {
        delete c.name;
        c.name_prefix = 'p'.repeat(103);
      },
      'name_prefix',
      /^the provider requires 1 to 102 bytes \(has 103\)$/,
    ],
    ['a path without the trailing slash', (c) => (c.path = '/golden-ami'), 'path', /begin and end with a slash/],
    ['a path with //', (c) => (c.path = '/golden//ami/'), 'path', /consecutive slashes/],
    ['a policy that is not JSON', (c) => (c.policy = '{"Version": '), 'policy', /JSON/],
    ['a policy with leading whitespace', (c) => (c.policy = ` ${c.policy}`), 'policy', /starting with "\{"/],
    ['no policy', (c) => delete c.policy, 'policy', /^the provider requires a value$/],
  ];

  it.each(FAILING)('catches %s', (_, change, argument, rule) => {
    const config = good();
    change(config);
    const findings = findingsOf(config);
    expect(findings).toContainEqual(
      expect.objectContaining({
        resource: 'aws_iam_policy.it',
        argument,
        message: expect.stringMatching(rule),
        ruleSource: expect.stringMatching(/^internal\/service\/iam\/policy\.go/),
      }),
    );
    expect(findings.every((f) => f.argument === argument)).toBe(true);
  });

  it('records ForceNew as the provider does: all but the policy document, which updates in place', () => {
    const rules = IAM_SNS_EVENTS_S3_RULES.find((r) => r.type === 'aws_iam_policy')!.arguments;
    expect(new Set(rules.filter((a) => a.forceNew).map((a) => a.argument))).toEqual(
      new Set(['description', 'name', 'name_prefix', 'path']),
    );
  });
});
