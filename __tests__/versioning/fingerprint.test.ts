/** Fingerprints change exactly when an argument that forces replacement changes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readComponentDocument, type ComponentDocument } from '../../src/components/document.js';
import { Problems } from '../../src/core/problems.js';
import { parseYaml } from '../../src/core/yaml-source.js';
import type { RecipeArgs, RecipeComponent } from '../../src/model/fleet/fleet.js';
import { componentFingerprint, recipeFingerprint } from '../../src/versioning/fingerprint.js';
import { REPO_ROOT } from '../support/fixture.js';

const KMS_KEYS = { 'eu-west-2': 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' } as const;

const DOCUMENT = `# How the agent is installed
name: ssm-agent
description: Installs the SSM agent.
schemaVersion: 1.0
parameters:
  - channel:
      type: string
      default: stable
phases:
  - name: build
    steps:
      - name: Install
        action: ExecuteBash
        inputs:
          commands:
            - dnf install -y amazon-ssm-agent # the agent
`;

function componentOf(text: string): ComponentDocument {
  const problems = new Problems();
  const source = parseYaml(text, 'components-yaml/ssm-agent.yaml', problems)!;
  return readComponentDocument(source, 'ssm-agent', 'shared', problems)!;
}

const UPDATE: RecipeComponent = {
  kind: 'owned',
  key: 'update-os-linux',
  documentName: 'update-os',
  resourceName: 'web-update-os-linux',
  version: '1.0.0',
  parameters: [],
};
const SSM: RecipeComponent = {
  kind: 'owned',
  key: 'ssm-agent',
  documentName: 'ssm-agent',
  resourceName: 'web-ssm-agent',
  version: '1.2.0',
  parameters: [{ name: 'channel', value: 'stable' }],
};
const BOOT: RecipeComponent = {
  kind: 'managed',
  arn: 'arn:aws:imagebuilder:eu-west-2:aws:component/simple-boot-test-linux/x.x.x',
  parameters: [],
};
const VOLUME = {
  deviceName: '/dev/xvda',
  volumeSize: 30,
  volumeType: 'gp3',
  kmsKeyId: 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};

const RECIPE: RecipeArgs = {
  name: 'web-api',
  description: 'API servers',
  parentImage: 'arn:aws:imagebuilder:eu-west-2:aws:image/amazon-linux-2023-x86/x.x.x',
  components: [UPDATE, SSM, BOOT],
  blockDevices: [VOLUME],
  amiTags: { 'golden-ami:team': 'web', 'golden-ami:component:ssm-agent': '1.2.0' },
};

/** Arguments of a provider resource's config, read from the generated bindings. */
function providerArguments(resource: string): string[] {
  const text = readFileSync(join(REPO_ROOT, 'node_modules/@cdktf/provider-aws/lib', resource, 'index.d.ts'), 'utf8');
  const body = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(text)![1]!;
  return [...body.matchAll(/readonly (\w+)\??:/g)].map((m) => m[1]!).sort();
}

describe('component fingerprints', () => {
  const base = componentOf(DOCUMENT);
  const print = componentFingerprint(base, KMS_KEYS);

  it('is a sha256 of canonical JSON', () => {
    expect(print).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(componentFingerprint(componentOf(DOCUMENT), { ...KMS_KEYS })).toBe(print);
  });

  it.each([
    ['data', DOCUMENT.replace('dnf install -y', 'dnf install -y --refresh')],
    ['description', DOCUMENT.replace('Installs the SSM agent.', 'Installs and starts the SSM agent.')],
    ['platform', DOCUMENT.replace('ExecuteBash', 'ExecutePowerShell')],
  ])('changes with the %s', (_, changed) => {
    expect(componentFingerprint(componentOf(changed), KMS_KEYS)).not.toBe(print);
  });

  it('changes with the KMS key', () => {
    expect(componentFingerprint(base, { 'eu-west-2': 'alias/other-key' })).not.toBe(print);
  });

  it('ignores comment-only edits, because the data sent does not change', () => {
    const commented = componentOf(
      DOCUMENT.replace('# How the agent is installed', '# Reviewed 2026-11 by the platform team').replace(' # the agent', ''),
    );
    expect(commented.data).toBe(base.data);
    expect(componentFingerprint(commented, KMS_KEYS)).toBe(print);
  });

  it('follows key-order edits, because the data sent changes', () => {
    const reordered = componentOf(
      DOCUMENT.replace(
        'name: ssm-agent\ndescription: Installs the SSM agent.\n',
        'description: Installs the SSM agent.\nname: ssm-agent\n',
      ),
    );
    expect(reordered.data).not.toBe(base.data);
    expect(componentFingerprint(reordered, KMS_KEYS)).not.toBe(print);
  });

  it('sends the document without comments, otherwise as written', () => {
    expect(base.data).not.toContain('#');
    expect(parseDocument(base.data).toJS()).toEqual(parseDocument(DOCUMENT).toJS());
  });

  it('covers every replacement-forcing argument the provider has, or the project never sends it', () => {
    const covered = ['data', 'description', 'kmsKeyId', 'name', 'platform'];
    // A large document goes by `uri`, a key that holds the version: it changes exactly when the version does.
    const derivedFromVersion = ['uri'];
    const neverSent = ['changeDescription', 'id', 'region', 'supportedOsVersions'];
    const notForcingReplacement = ['skipDestroy', 'tags', 'tagsAll', 'version'];
    expect(providerArguments('imagebuilder-component')).toEqual(
      [...covered, ...derivedFromVersion, ...neverSent, ...notForcingReplacement].sort(),
    );
  });
});

describe('recipe fingerprints', () => {
  const print = recipeFingerprint(RECIPE);

  it.each<[string, RecipeArgs]>([
    ['parent image', { ...RECIPE, parentImage: 'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }],
    ['component order', { ...RECIPE, components: [SSM, UPDATE, BOOT] }],
    ['component version', { ...RECIPE, components: [UPDATE, { ...SSM, version: '1.2.1' }, BOOT] }],
    ['component parameter value', { ...RECIPE, components: [UPDATE, { ...SSM, parameters: [{ name: 'channel', value: 'beta' }] }, BOOT] }],
    ['component list', { ...RECIPE, components: [UPDATE, SSM] }],
    ['block device size', { ...RECIPE, blockDevices: [{ ...VOLUME, volumeSize: 40 }] }],
    ['block device key', { ...RECIPE, blockDevices: [{ ...VOLUME, kmsKeyId: 'alias/other' }] }],
    ['description', { ...RECIPE, description: 'API servers, hardened' }],
    ['AMI tags', { ...RECIPE, amiTags: { ...RECIPE.amiTags, 'golden-ami:component:ssm-agent': '1.2.1' } }],
    ['user data', { ...RECIPE, userDataBase64: Buffer.from('#!/bin/bash\necho hello\n').toString('base64') }],
    ['working directory', { ...RECIPE, workingDirectory: '/opt/build' }],
    ['block device snapshot', { ...RECIPE, blockDevices: [{ ...VOLUME, snapshotId: 'snap-0123456789abcdef0' }] }],
  ])('changes with the %s', (_, changed) => {
    expect(recipeFingerprint(changed)).not.toBe(print);
  });

  it('does not depend on object key order', () => {
    const shuffled = Object.fromEntries(Object.entries(RECIPE).reverse()) as unknown as RecipeArgs;
    expect(recipeFingerprint(shuffled)).toBe(print);
  });

  it('covers every replacement-forcing argument the provider has, or the project never sends it', () => {
    const covered = [
      'amiTags',
      'blockDeviceMapping',
      'component',
      'description',
      'name',
      'parentImage',
      'userDataBase64',
      'workingDirectory',
    ];
    const neverSent = ['id', 'region', 'systemsManagerAgent'];
    const notForcingReplacement = ['tags', 'tagsAll', 'version'];
    expect(providerArguments('imagebuilder-image-recipe')).toEqual([...covered, ...neverSent, ...notForcingReplacement].sort());
  });
});
