/**
 * The catalog of AWS-managed components: checked against by every `aws:` reference, refreshed from
 * a mocked Image Builder ListComponents (aws-sdk-client-mock) whose responses are shaped as the API
 * reference documents ComponentVersion, hostile ones included; an unknown name never reaches a lock.
 */
import { ImagebuilderClient, ListComponentsCommand, type ComponentVersion } from '@aws-sdk/client-imagebuilder';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CATALOG_FILE,
  closestManagedComponent,
  managedComponentPlatforms,
  serializeCatalog,
  type ManagedComponentCatalog,
} from '../src/model/fleet/managed-component-catalog.js';
import { listManagedComponents, MAX_PAGES } from '../src/operations/managed-components/list.js';
import { refreshCatalog } from '../src/operations/managed-components/refresh.js';
import { runCli } from './support/cli.js';
import { COLLECTIONS } from './support/bad-input.js';
import { FixtureRepo, REPO_ROOT } from './support/fixture.js';

function version(
  name: string,
  platform: string,
  semver = '1.0.0',
  arn = `arn:aws:imagebuilder:eu-west-2:aws:component/${name}/${semver}/1`,
): ComponentVersion {
  return {
    arn,
    name,
    version: semver,
    platform: platform as ComponentVersion['platform'],
    type: 'BUILD',
    owner: 'Amazon',
    dateCreated: '2026-11-02T10:00:00.000Z',
    description: `${name} from AWS`,
  };
}

describe('the committed catalog', () => {
  const text = readFileSync(join(REPO_ROOT, CATALOG_FILE), 'utf8');
  const catalog = JSON.parse(text) as ManagedComponentCatalog;

  it('is dated, names its source and is written as the refresh writes it', () => {
    expect(catalog.date).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(catalog.source).toMatch(/ListComponents/);
    expect(serializeCatalog(catalog)).toBe(text);
  });

  it('knows the names AWS publishes per platform, and the nearest name of a platform for a typo', () => {
    expect(managedComponentPlatforms('amazon-cloudwatch-agent-linux')).toEqual(['Linux']);
    expect(managedComponentPlatforms('chocolatey')).toEqual(['Windows']);
    expect(managedComponentPlatforms('amazon-cloudwatch-agnet-linux')).toEqual([]);
    expect(closestManagedComponent('amazon-cloudwatch-agnet-linux', 'Linux')).toBe('amazon-cloudwatch-agent-linux');
  });
});

const imagebuilder = mockClient(ImagebuilderClient);
afterEach(() => imagebuilder.reset());
afterAll(() => imagebuilder.restore());

describe('listing the AWS-managed components (ListComponents, mocked)', () => {
  const client = () => new ImagebuilderClient({ region: 'eu-west-2' });

  it('asks for owner Amazon page by page, and keeps each name once per platform, sorted', async () => {
    imagebuilder
      .on(ListComponentsCommand)
      .resolvesOnce({
        componentVersionList: [version('update-linux', 'Linux', '1.0.2'), version('update-windows', 'Windows')],
        nextToken: 'page-2',
      })
      .resolvesOnce({
        componentVersionList: [
          version('update-linux', 'Linux', '1.0.3'),
          version('aws-cli-version-2-linux', 'Linux'),
          version('update-macos', 'macOS'),
        ],
      });
    expect(await listManagedComponents(client())).toEqual({
      components: { Linux: ['aws-cli-version-2-linux', 'update-linux'], Windows: ['update-windows'], macOS: ['update-macos'] },
      refused: [],
    });
    const inputs = imagebuilder.commandCalls(ListComponentsCommand).map((call) => call.args[0].input);
    // The SDK's paginator reuses one input object for every page, so only the last is as it was sent.
    expect(inputs).toHaveLength(2);
    expect(inputs[1]).toEqual({ owner: 'Amazon', maxResults: 25, nextToken: 'page-2' });
  });

  it('stops at a page token it has seen before', async () => {
    imagebuilder.on(ListComponentsCommand).resolves({ componentVersionList: [version('update-linux', 'Linux')], nextToken: 'same' });
    await expect(listManagedComponents(client())).rejects.toThrow(
      'imagebuilder:ListComponents returned a paging token it had already returned (page 2); the listing was stopped',
    );
    expect(imagebuilder.commandCalls(ListComponentsCommand)).toHaveLength(2);
  });

  it(`reads at most ${MAX_PAGES} pages`, async () => {
    let page = 0;
    imagebuilder.on(ListComponentsCommand).callsFake(() => ({ componentVersionList: [], nextToken: `token-${++page}` }));
    await expect(listManagedComponents(client())).rejects.toThrow(
      `imagebuilder:ListComponents had more than ${MAX_PAGES} pages; the listing was stopped`,
    );
    expect(imagebuilder.commandCalls(ListComponentsCommand)).toHaveLength(MAX_PAGES);
  });

  it('leaves out entries that are not AWS-owned component ARNs of a known platform, with escape sequences removed', async () => {
    imagebuilder.on(ListComponentsCommand).resolves({
      componentVersionList: [
        version('update-linux', 'Linux'),
        version('squatter', 'Linux', '1.0.0', 'arn:aws:imagebuilder:eu-west-2:123456789012:component/squatter/1.0.0/1'),
        version('evil', 'Linux', '1.0.0', 'arn:aws:imagebuilder:eu-west-2:aws:component/evil\u001b]8;;https://x.example\u0007/1.0.0/1'),
        version('beos-tools', 'BeOS'),
        { name: 'no-arn' },
      ],
    });
    const listing = await listManagedComponents(client());
    expect(listing.components).toEqual({ Linux: ['update-linux'], Windows: [], macOS: [] });
    expect(listing.refused).toEqual([
      'arn:aws:imagebuilder:eu-west-2:123456789012:component/squatter/1.0.0/1 (platform Linux)',
      'arn:aws:imagebuilder:eu-west-2:aws:component/evil/1.0.0/1 (platform Linux)',
      'arn:aws:imagebuilder:eu-west-2:aws:component/beos-tools/1.0.0/1 (platform BeOS)',
      'undefined (platform undefined)',
    ]);
  });
});

describe('refreshing the catalog', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'golden-ami-catalog-'));
    mkdirSync(join(root, dirname(CATALOG_FILE)), { recursive: true });
    writeFileSync(
      join(root, CATALOG_FILE),
      serializeCatalog({
        date: '2026-01-01',
        source: 'seed',
        components: { Linux: ['update-linux', 'php-7_4-linux'], Windows: ['update-windows'], macOS: [] },
      }),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const client = () => new ImagebuilderClient({ region: 'eu-west-2' });
  const catalogText = () => readFileSync(join(root, CATALOG_FILE), 'utf8');

  it('writes the names with the date and source, and says what changed', async () => {
    imagebuilder.on(ListComponentsCommand).resolves({
      componentVersionList: [version('update-linux', 'Linux'), version('php-8_2-linux', 'Linux'), version('update-windows', 'Windows')],
    });
    const outcome = await refreshCatalog(root, client(), 'eu-west-2', '2026-12-07');
    expect(outcome).toEqual({
      written: true,
      report: [
        'Updated src/model/fleet/aws-managed-components.json: 2 Linux, 1 Windows, 0 macOS components; changes:',
        '  Linux: +1 (php-8_2-linux), -1 (php-7_4-linux)',
      ],
      errors: [],
    });
    expect(JSON.parse(catalogText())).toEqual({
      date: '2026-12-07',
      source: 'Image Builder ListComponents, owner Amazon, in eu-west-2 (npm run refresh-managed-components)',
      components: { Linux: ['php-8_2-linux', 'update-linux'], Windows: ['update-windows'], macOS: [] },
    });
  });

  it('writes nothing when the listing is empty, fails or does not end', async () => {
    const before = catalogText();
    imagebuilder.on(ListComponentsCommand).resolves({ componentVersionList: [] });
    expect(await refreshCatalog(root, client(), 'eu-west-2', '2026-12-07')).toEqual({
      written: false,
      report: [],
      errors: ['ListComponents listed no AWS-managed component in eu-west-2. The catalog was not changed.'],
    });
    imagebuilder.reset();
    imagebuilder
      .on(ListComponentsCommand)
      .rejects(
        Object.assign(new Error('User is not authorized to perform: imagebuilder:ListComponents'), { name: 'AccessDeniedException' }),
      );
    expect((await refreshCatalog(root, client(), 'eu-west-2', '2026-12-07')).errors).toEqual([
      'AccessDeniedException: User is not authorized to perform: imagebuilder:ListComponents (the role needs imagebuilder:ListComponents). The catalog was not changed.',
    ]);
    imagebuilder.reset();
    imagebuilder.on(ListComponentsCommand).resolves({ componentVersionList: [version('update-linux', 'Linux')], nextToken: 'again' });
    expect((await refreshCatalog(root, client(), 'eu-west-2', '2026-12-07')).written).toBe(false);
    expect(catalogText()).toBe(before);
  });
});

describe('an AWS-managed component Image Builder does not publish', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('is never recorded in a lock: versions refuses it at its line and validate fails', async () => {
    repo.edit(COLLECTIONS, 'aws: amazon-cloudwatch-agent-windows', 'aws: amazon-cloudwatch-agnet-windows');
    const lock = repo.read('teams/collections/versions.lock.json');
    const versions = await runCli(repo.root, 'versions');
    expect(versions.code).toBe(1);
    expect(versions.stderr).toMatch(
      /teams\/collections\/team\.yaml:\d+:\d+ error at images\[1\]\.components\[1\]\.aws: Image Builder publishes no AWS-managed component "amazon-cloudwatch-agnet-windows"/,
    );
    expect(versions.stderr).toContain('did you mean "amazon-cloudwatch-agent-windows"?');
    expect(repo.read('teams/collections/versions.lock.json')).toBe(lock);
    expect((await runCli(repo.root, 'validate')).code).toBe(1);
  });
});
