/**
 * Text a team or the platform writes reaches AWS byte for byte: Terraform never evaluates it.
 * Terraform reads `${...}` and `%{...}` in every string of a `.tf.json` file; the stacks escape
 * them once, where the resolved fleet becomes a stack, and the checks read them back as Terraform does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVersionedFleet } from '../src/versioning/sync.js';
import { readTerraformLiteral, terraformLiteral } from '../src/core/terraform-text.js';
import { FixtureRepo, resource, resources, synthesize } from './support/fixture.js';

/** Strings Terraform would read as expressions, directives or escapes, and some it would not. */
const HOSTILE = [
  '${file("/proc/self/environ")}',
  '%{ for k, v in { a = 1 } }${k}%{ endfor }',
  '$${already-escaped}',
  '%%{already-escaped}',
  '$$${a}',
  '{{ imagebuilder:buildDate }}',
  'ends with $',
  'ends with %',
  '${a ${b} c}',
  'quote " backslash \\ tab \t done',
];

describe('terraformLiteral', () => {
  it.each(HOSTILE)('is read back by Terraform as exactly %j', (text) => {
    const literal = terraformLiteral(text);
    expect(readTerraformLiteral(literal)).toBe(text);
  });

  it('leaves text without ${ or %{ as it is', () => {
    for (const text of ['plain', '{{ loop.value }}', '$HOME and 100%', '$', '%']) expect(terraformLiteral(text)).toBe(text);
  });

  it('reads an unescaped ${ or %{ as an expression, not a literal', () => {
    expect(readTerraformLiteral('${aws_sns_topic.t.arn}')).toBeUndefined();
    expect(readTerraformLiteral('%{ if true }x%{ endif }')).toBeUndefined();
    expect(readTerraformLiteral('$$${a}')).toBe('$${a}');
  });
});

/** Every string of a synthesised stack, with its place. */
function stringsOf(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsOf(v, `${at}.${k}`));
  return [];
}

describe('hostile text through every field a team writes', () => {
  let repo: FixtureRepo;
  let stacks: Record<string, string>;
  const description = HOSTILE.join(' | ').replace(/[\t"\\]/g, '');
  const parameter = HOSTILE.join('\n');
  const script = HOSTILE.map((line) => `echo '${line.replace(/'/g, '')}'`).join('\n');

  beforeAll(() => {
    repo = new FixtureRepo();
    repo
      .edit(
        'teams/platform/team.yaml',
        'description: Hardened Amazon Linux 2023 host for Session Manager access',
        `description: ${JSON.stringify(description)}`,
      )
      .edit('teams/platform/team.yaml', 'allowIpForwarding: false', `allowIpForwarding: ${JSON.stringify(parameter)}`)
      .write(
        'teams/platform/components/hostile.yaml',
        [
          'name: hostile',
          `description: ${JSON.stringify(description)}`,
          'schemaVersion: 1.0',
          'phases:',
          '  - name: build',
          '    steps:',
          '      - name: Hostile',
          '        action: ExecuteBash',
          '        inputs:',
          '          commands:',
          '            - |',
          ...['set -euo pipefail', ...script.split('\n')].map((line) => `              ${line}`),
          '',
        ].join('\n'),
      )
      .edit(
        'teams/platform/team.yaml',
        '      - shared: cloudwatch-agent\n    tests:',
        '      - shared: cloudwatch-agent\n      - local: hostile\n    tests:',
      )
      .updateVersions();
    stacks = synthesize(repo.fleet());
  });
  afterAll(() => repo.dispose());

  it("writes no string that Terraform would evaluate, except references to the stack's own resources", () => {
    for (const json of Object.values(stacks)) {
      const stack = JSON.parse(json);
      for (const [at, value] of stringsOf(stack.resource)) {
        if (readTerraformLiteral(value) !== undefined) continue;
        // The only expressions are cdktf's own references, e.g. ${aws_iam_role.build-role_role_1A2B3C4D.arn}.
        for (const [expression] of value.matchAll(/(?<!\$)\$\{[^}]*\}/g)) {
          expect(expression, at).toMatch(/^\$\{(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.[a-z_]+\}$/);
          const [, type, id] = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./.exec(expression)!;
          expect(stack.resource[type!]?.[id!], `${at}: ${expression}`).toBeDefined();
        }
        expect(value, at).not.toMatch(/(?<!%)%\{/);
      }
    }
  });

  it('delivers descriptions, parameter values and component documents as written', () => {
    const recipe = resource(stacks.platform!, 'aws_imagebuilder_image_recipe', 'bastion-host');
    expect(readTerraformLiteral(recipe.description)).toBe(description);
    const hardening = recipe.component.find((c: { parameter?: { name: string; value: string }[] }) =>
      c.parameter?.some((p) => p.name === 'allowIpForwarding'),
    );
    expect(readTerraformLiteral(hardening.parameter.find((p: { name: string }) => p.name === 'allowIpForwarding').value)).toBe(parameter);

    const component = resource(stacks.platform!, 'aws_imagebuilder_component', 'hostile');
    expect(readTerraformLiteral(component.description)).toBe(description);
    const data = readTerraformLiteral(component.data)!;
    for (const line of script.split('\n')) expect(data).toContain(line);

    const pipeline = resource(stacks.platform!, 'aws_imagebuilder_image_pipeline', 'bastion-host');
    expect(readTerraformLiteral(pipeline.description)).toBe(description);
  });

  it("escapes the shipped documents' own bash and CloudWatch agent variables", () => {
    const components = Object.values(resources(stacks.platform!, 'aws_imagebuilder_component'));
    const data = components.map((c) => String(c.data)).join('\n');
    expect(data).toContain('net.ipv4.ip_forward = $${FORWARD}');
    expect(data).toContain('"ImageId": "$${aws:ImageId}"');
    expect(data).not.toMatch(/(?<!\$)\$\{FORWARD\}/);
  });

  it('fingerprints the text as written, not as escaped', () => {
    const { fleet } = loadVersionedFleet(repo.root);
    const component = fleet!.teams.find((t) => t.name === 'platform')!.components.find((c) => c.key === 'hostile')!;
    expect(component.args.data).toContain(`echo '\${file("/proc/self/environ")}'`);
    expect(component.args.data).not.toContain('$${file');
  });
});
