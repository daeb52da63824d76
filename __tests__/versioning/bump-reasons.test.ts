/**
 * A bump says which argument moved and where it came from (the team file, a component document,
 * a platform setting in cdktf.json), so a team can tell its own edit from a platform change. And
 * a change of the fingerprint scheme migrates the locks without a bump, saying so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FINGERPRINT_SCHEMES, type FingerprintSchemes } from '../../src/versioning/fingerprint-schemes.js';
import { fingerprint } from '../../src/versioning/fingerprint.js';
import { formatBump, loadVersionedFleet, writeLocks } from '../../src/versioning/sync.js';
import { FixtureRepo } from '../support/fixture.js';

const SHARED_LOCK = 'components-yaml/versions.lock.json';
const PLATFORM_LOCK = 'teams/platform/versions.lock.json';
const KEY_EU_WEST_2 = 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const NEW_KEY_EU_WEST_2 = 'arn:aws:kms:eu-west-2:111111111111:key/99999999-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PLATFORM_KEY = 'platform setting kmsKeys.eu-west-2 in cdktf.json';

describe('bump reasons', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const bumps = (schemes?: FingerprintSchemes) => {
    const { plan, problems } = loadVersionedFleet(repo.root, schemes ? { schemes } : {});
    expect(problems.errors).toEqual([]);
    return new Map(plan!.bumps.map((bump) => [bump.id, formatBump(bump)]));
  };

  it('name the platform key of the region when cdktf.json changes it', () => {
    repo.edit('cdktf.json', KEY_EU_WEST_2, NEW_KEY_EU_WEST_2);
    const lines = bumps();
    expect(lines.get('shared/component:ssm-agent')).toBe(
      `shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: kms_key_id (eu-west-2) changed (${PLATFORM_KEY})`,
    );
    expect(lines.get('collections/component:kiosk-windows')).toBe(
      `collections/component:kiosk-windows  1.0.0 -> 1.0.1 patch: kms_key_id (eu-west-2) changed (${PLATFORM_KEY})`,
    );
    expect(lines.get('platform/recipe:bastion-host')).toBe(
      'platform/recipe:bastion-host  1.0.0 -> 1.0.1 patch: component update-os-linux@1.0.0 -> 1.0.1; component ssm-agent@1.0.0 -> 1.0.1; component cloudwatch-agent@1.0.0 -> 1.0.1; ' +
        `component agents-health-test@1.0.0 -> 1.0.1; block_device_mapping kms_key_id changed (${PLATFORM_KEY})`,
    );
    expect([...lines.values()].join('\n')).not.toContain('content changed');
  });

  it('name the arguments of a shared component that moved (the description is in the document data too), and the team file of a parameter value', () => {
    repo.edit('components-yaml/ssm-agent.yaml', 'description: Ensures amazon-ssm-agent', 'description: Makes sure amazon-ssm-agent');
    repo.edit('teams/platform/team.yaml', 'metricsNamespace: Museum/ContainerHosts', 'metricsNamespace: Museum/Hosts');
    const lines = bumps();
    expect(lines.get('shared/component:ssm-agent')).toBe(
      'shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml)',
    );
    expect(lines.get('platform/recipe:container-host')).toBe(
      'platform/recipe:container-host  1.0.0 -> 1.0.1 patch: component ssm-agent@1.0.0 -> 1.0.1; component cloudwatch-agent parameters changed (team file teams/platform/team.yaml)',
    );
  });
});

describe('a fingerprint scheme change', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  /** A simulated earlier scheme: the fingerprints of other canonical JSON of the same arguments. */
  const scheme0: FingerprintSchemes = {
    current: 0,
    schemes: new Map([
      [0, { component: (document) => fingerprint({ scheme: 0, data: document.data }), recipe: (args) => fingerprint({ scheme: 0, args }) }],
      ...FINGERPRINT_SCHEMES.schemes,
    ]),
  };
  const both: FingerprintSchemes = { ...FINGERPRINT_SCHEMES, schemes: scheme0.schemes };
  const lock = (file: string) => JSON.parse(repo.read(file));

  /** The example's locks as scheme 0 wrote them. */
  const writeScheme0Locks = () => {
    const { plan } = loadVersionedFleet(repo.root, { schemes: scheme0 });
    writeLocks(repo.root, plan!);
    expect(lock(SHARED_LOCK).fingerprintScheme).toBe(0);
  };

  it('counts committed locks without the field as the current scheme: nothing to do', () => {
    for (const file of [SHARED_LOCK, PLATFORM_LOCK]) {
      const { fingerprintScheme: _scheme, ...unmarked } = lock(file);
      repo.write(file, JSON.stringify(unmarked));
    }
    const { plan } = loadVersionedFleet(repo.root);
    expect(plan!.bumps).toEqual([]);
  });

  it('migrates a scheme-0 lock to the current scheme without a bump, and says so', () => {
    const committed = { shared: lock(SHARED_LOCK), platform: lock(PLATFORM_LOCK) };
    writeScheme0Locks();
    expect(lock(SHARED_LOCK).entries['component:ssm-agent'].fingerprint).not.toBe(
      committed.shared.entries['component:ssm-agent'].fingerprint,
    );

    const { plan } = loadVersionedFleet(repo.root, { schemes: both });
    expect(plan!.bumps.every((bump) => bump.kind === 'migrated')).toBe(true);
    expect(plan!.bumps.map(formatBump)).toContain(
      'shared/component:ssm-agent  1.0.0 migrated: fingerprint scheme 0 -> 1: the same content, so 1.0.0 is kept',
    );
    writeLocks(repo.root, plan!);
    // Back where the current scheme puts them: the committed locks, fingerprints and versions.
    expect(lock(SHARED_LOCK)).toEqual(committed.shared);
    expect(lock(PLATFORM_LOCK)).toEqual(committed.platform);
    expect(loadVersionedFleet(repo.root, { schemes: both }).plan!.bumps).toEqual([]);
  });

  it('still bumps what changed while it migrates', () => {
    writeScheme0Locks();
    repo.edit('components-yaml/ssm-agent.yaml', 'description: Ensures amazon-ssm-agent', 'description: Makes sure amazon-ssm-agent');
    const lines = new Map(loadVersionedFleet(repo.root, { schemes: both }).plan!.bumps.map((bump) => [bump.id, formatBump(bump)]));
    expect(lines.get('shared/component:ssm-agent')).toBe(
      'shared/component:ssm-agent  1.0.0 -> 1.0.1 patch: data changed (shared component components-yaml/ssm-agent.yaml); description changed (shared component components-yaml/ssm-agent.yaml)',
    );
    expect(lines.get('shared/component:update-os')).toBe(
      'shared/component:update-os  1.0.0 migrated: fingerprint scheme 0 -> 1: the same content, so 1.0.0 is kept',
    );
  });
});
