/**
 * The HCL review copy (`synth -- --hcl`) means what the JSON means. Every copy is read back with
 * @cdktf/hcl2json, which returns Terraform JSON in its own shape: every block body in an array,
 * maps as objects, strings as template source (literal text decoded, `$${` and `%%{` kept,
 * interpolations re-printed from their expression), references such as depends_on as `${...}`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { synthesizeFleet } from '../src/synthesis/pipeline.js';
import { hclString } from '../src/synthesis/hcl.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';
import { folderContents } from './support/folder-contents.js';

/** Strings as they stand in cdk.tf.json; each must come back from the HCL exactly. */
const TEMPLATES = [
  '$${file("/proc/self/environ")}',
  '%%{ if x }y%%{ endif }',
  '$$${a}',
  '$$$${a}',
  '%%%{b}',
  '{{ imagebuilder:buildDate }}',
  'say "quotes"',
  'C:\\Windows\\',
  'a heredoc would end here\nEOF\nbut this goes on\n',
  'crlf\r\nline',
  'tab\tstop',
  'nul\u0000 bell\u0007 escape\u001b del\u007f next-line\u0085',
  'emoji 😀, family 👨‍👩‍👧, Grüße, 日本語, right-to-left \u202eoverride\u202c, zero\u200bwidth',
  'costs 5$',
  '100%',
  '$',
  '%',
  '$"{not a sequence}',
  '{"Version":"2012-10-17","Statement":[{"Resource":"${aws_sns_topic.t.arn}","Condition":{"StringEquals":{"aws:SourceAccount":"1"}}}]}',
  'backslash before a reference \\${aws_iam_role.r.arn} and after\\',
  '${jsonencode({"a" = "}\\""})} nested quotes and braces',
];

/** Reads one native expression back through hcl2json. */
async function readBack(expression: string): Promise<unknown> {
  return ((await parse('value.tf', `value = ${expression}\n`)) as { value: unknown }).value;
}

describe('hclString', () => {
  it.each(TEMPLATES)('writes %j as one quoted string Terraform reads as the same template', async (template) => {
    const quoted = hclString(template);
    expect(quoted).toMatch(/^"[^\n\r]*"$/);
    expect(await readBack(quoted)).toBe(template);
  });

  it('shows control and invisible characters as escapes', () => {
    expect(hclString('a\u0000b\u202ec\u200bd\u{e0001}')).toBe('"a\\u0000b\\u202ec\\u200bd\\U000e0001"');
  });

  it('refuses a template sequence that never ends', () => {
    expect(() => hclString('${aws_iam_role.r.arn')).toThrow('unterminated template sequence');
    expect(() => hclString('${f("}')).toThrow('unterminated template sequence');
  });
});

/** Whether the provider declares a JSON object under `name` in a `type` resource as a nested block or a map. */
function providerKind(type: string, name: string): 'block' | 'map' {
  const folder = type === 'provider' ? 'provider' : type.replace(/^aws_/, '').replaceAll('_', '-');
  const source = readFileSync(join(REPO_ROOT, 'node_modules/@cdktf/provider-aws/lib', folder, 'index.js'), 'utf8');
  const pattern = new RegExp(`\\n\\s+${name}: \\{\\n\\s+value: .*\\n\\s+isBlock: (true|false),\\n\\s+type: "(\\w+)"`, 'g');
  // The same name may also be a scalar argument elsewhere in the resource (`amis = true`); only objects matter here.
  const kinds = new Set(
    [...source.matchAll(pattern)].flatMap(([, isBlock, kind]) =>
      isBlock === 'true' ? ['block' as const] : kind === 'map' ? ['map' as const] : [],
    ),
  );
  if (kinds.size !== 1)
    throw new Error(`the provider has ${kinds.size ? 'both blocks and maps' : 'no block or map'} named ${name} in ${type}`);
  return [...kinds][0]!;
}

/** What hcl2json should read back from a block body of `type`: `//` and null gone, nested blocks in arrays. */
function expectedBody(body: Record<string, unknown>, type: string): Record<string, unknown> {
  const entries = Object.entries(body).filter(([name, value]) => name !== '//' && value !== null);
  return Object.fromEntries(
    entries.map(([name, value]) => {
      if (name === 'depends_on') return [name, (value as string[]).map((ref) => `\${${ref}}`)];
      if (name === 'lifecycle') return [name, [expectedBody(value as Record<string, unknown>, type)]];
      if (name === 'ignore_changes') return [name, (value as string[]).map((ref) => `\${${ref}}`)];
      const isObjects = Array.isArray(value)
        ? value.length > 0 && value.every((item) => typeof item === 'object')
        : typeof value === 'object';
      // An output's value is an expression: an object there is an object, never a block; its precondition is a block.
      if (type === 'output' && name === 'precondition')
        return [name, (value as Record<string, unknown>[]).map((nested) => expectedBody(nested, type))];
      if (!isObjects || type === 'output' || providerKind(type, name) === 'map') return [name, value];
      return [name, (Array.isArray(value) ? value : [value]).map((nested) => expectedBody(nested, type))];
    }),
  );
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

/** A whole stack's Terraform JSON in the shape hcl2json reads its HCL back in. */
function expectedStack(json: any): unknown {
  const { '//': _metadata, terraform, provider, resource, output, ...rest } = json;
  expect(Object.keys(rest)).toEqual([]);
  return {
    terraform: [
      { ...terraform, backend: mapValues(terraform.backend, (config) => [config]), required_providers: [terraform.required_providers] },
    ],
    provider: mapValues(provider, (bodies: any[]) => bodies.map((body) => expectedBody(body, 'provider'))),
    resource: Object.fromEntries(
      Object.entries(resource).map(([type, byName]) => [type, mapValues(byName as any, (body: any) => [expectedBody(body, type)])]),
    ),
    output: mapValues(output, (body: any) => [expectedBody(body, 'output')]),
  };
}

describe('synth --hcl on the example fleet', () => {
  /** A parameter value as a team writes it: Terraform syntax, quotes, backslashes, a heredoc end, control characters. */
  const HOSTILE_PARAMETER = [
    '${file("/proc/self/environ")}',
    '%{ if x }y%{ endif }',
    '$${a}',
    'say "quotes" C:\\Windows\\',
    'EOF',
    'crlf\r',
    'tab\t nul\u0000 😀 Grüße',
    'costs 5$',
    '100%',
  ].join('\n');
  let repo: FixtureRepo;
  let jsonRun: Record<string, string>;
  let hclRun: Record<string, string>;
  let teams: string[];
  /** Team and foundation stacks. */
  let stackNames: string[];

  beforeAll(async () => {
    repo = new FixtureRepo();
    // A document over the data limit (an S3 object and depends_on) and a parameter of hostile text.
    const filler = Array.from({ length: 400 }, (_, i) => `              echo "configuration line ${i}"`).join('\n');
    repo
      .edit('teams/collections/components/iiif-image-server.yaml', /( {14}set -euo pipefail\n)/, `$1${filler}\n`)
      .edit('teams/platform/team.yaml', 'allowIpForwarding: false', `allowIpForwarding: ${JSON.stringify(HOSTILE_PARAMETER)}`)
      .updateVersions();
    const outdir = repo.path('cdktf.out');
    expect(await synthesizeFleet(repo.root, { ci: true, outdir, threads: 2 })).toBe(0);
    jsonRun = folderContents(outdir);
    // As `cdktf synth --hcl` runs the app: cdktf itself is asked for HCL, in the main thread and the worker.
    vi.stubEnv('SYNTH_HCL_OUTPUT', 'true');
    try {
      expect(await synthesizeFleet(repo.root, { ci: true, outdir, hcl: true, threads: 2 })).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
    hclRun = folderContents(outdir);
    stackNames = Object.keys(JSON.parse(hclRun['manifest.json']!).stacks);
    teams = stackNames.filter((name) => !name.startsWith('foundation-'));
  }, 60_000);
  afterAll(() => repo.dispose());

  it('keeps the JSON stacks and manifest exactly, and adds hcl/<team>/cdk.tf beside stacks/', () => {
    expect(teams.sort()).toEqual(['collections', 'platform', 'website']);
    const hcl = Object.keys(hclRun).filter((path) => path.startsWith('hcl/'));
    expect(Object.fromEntries(Object.entries(hclRun).filter(([path]) => !hcl.includes(path)))).toEqual(jsonRun);
    expect(hcl.sort()).toEqual(stackNames.map((stack) => `hcl/${stack}/cdk.tf`).sort());
    expect(Object.keys(hclRun).filter((path) => path.startsWith('stacks/') && !path.endsWith('/cdk.tf.json'))).toEqual([]);
  });

  it('writes HCL that means the same as the JSON, block by block and argument by argument', async () => {
    for (const team of teams) {
      const json = JSON.parse(hclRun[`stacks/${team}/cdk.tf.json`]!);
      const read = await parse('cdk.tf', hclRun[`hcl/${team}/cdk.tf`]!);
      const expected = expectedStack(json) as any;
      expect(Object.keys(read).sort()).toEqual(Object.keys(expected).sort());
      expect(read.terraform, team).toEqual(expected.terraform);
      expect(read.provider, team).toEqual(expected.provider);
      expect(read.output, team).toEqual(expected.output);
      expect(Object.keys(read.resource).sort()).toEqual(Object.keys(expected.resource).sort());
      for (const [type, byName] of Object.entries<any>(expected.resource)) {
        expect(Object.keys(read.resource[type]).sort(), type).toEqual(Object.keys(byName).sort());
        for (const [name, body] of Object.entries(byName)) expect(read.resource[type][name], `${team}: ${type}.${name}`).toEqual(body);
      }
    }
  });

  it('writes the foundation stacks as HCL with the same blocks, and their plan-time key checks', async () => {
    const foundation = stackNames.filter((name) => name.startsWith('foundation-'));
    expect(foundation.length).toBeGreaterThan(0);
    for (const stack of foundation) {
      const json = JSON.parse(hclRun[`stacks/${stack}/cdk.tf.json`]!);
      const read = await parse('cdk.tf', hclRun[`hcl/${stack}/cdk.tf`]!);
      expect(read.terraform, stack).toEqual([
        {
          ...json.terraform,
          backend: Object.fromEntries(Object.entries(json.terraform.backend).map(([k, v]) => [k, [v]])),
          required_providers: [json.terraform.required_providers],
        },
      ]);
      for (const [type, byName] of Object.entries<any>(json.resource))
        expect(Object.keys(read.resource[type]).sort(), `${stack}: ${type}`).toEqual(Object.keys(byName).sort());
    }
    // The key checks are preconditions of the key ARN outputs: blocks, as Terraform requires.
    const outputs = (await parse('cdk.tf', hclRun['hcl/foundation-image-factory/cdk.tf']!)).output as Record<string, any>;
    const conditions = Object.values(outputs).flatMap((output: any) => output[0].precondition?.map((p: any) => p.condition) ?? []);
    expect(conditions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\$\{\(aws_kms_key\.state_platform-key-eu-west-2_key_\w+\.arn == "arn:aws:kms:eu-west-2:111111111111:key\/[0-9a-f-]+"\)\}$/,
        ),
      ]),
    );
  });

  it('covers what the example needs: references, lifecycle, maps, repeated blocks, hostile text', () => {
    const collections = hclRun['hcl/collections/cdk.tf']!;
    expect(collections).toMatch(/\n {2}depends_on += \[aws_s3_object\.component-document-iiif-image-server\]\n/);
    expect(collections).toMatch(/\n {2}lifecycle \{\n {4}create_before_destroy = true\n {2}\}\n/);
    expect(collections).toMatch(/\n {2}ami_tags = \{\n {4}"golden-ami:component:[^"]+" += "/);
    expect(collections.match(/\n {2}component \{\n/g)!.length).toBeGreaterThan(1);
    const platform = hclRun['hcl/platform/cdk.tf']!;
    const recipes = Object.values<any>(JSON.parse(hclRun['stacks/platform/cdk.tf.json']!).resource.aws_imagebuilder_image_recipe);
    const hostile = recipes
      .flatMap((recipe) => recipe.component)
      .flatMap((component) => component.parameter ?? [])
      .find((p) => p.name === 'allowIpForwarding');
    expect(platform).toContain(`value = ${hclString(hostile.value)}\n`);
    expect(platform).toContain('$${file(\\"/proc/self/environ\\")}\\n%%{ if x }y%%{ endif }');
    expect(platform).not.toMatch(/ = <<-?\w+$/m);
  });

  it('is laid out as terraform fmt lays it out', async () => {
    for (const team of teams) expect(await format(hclRun[`hcl/${team}/cdk.tf`]!)).toBe(hclRun[`hcl/${team}/cdk.tf`]);
  });

  it('is removed by a later synth without --hcl, which replaces the whole output folder', async () => {
    expect(await synthesizeFleet(repo.root, { ci: true, outdir: repo.path('cdktf.out'), threads: 2 })).toBe(0);
    expect(existsSync(repo.path('cdktf.out/hcl'))).toBe(false);
    expect(folderContents(repo.path('cdktf.out'))).toEqual(jsonRun);
  });
});
