/**
 * The fingerprints of a fixed fleet, written out: a refactor of the project cannot move one (and
 * so bump a version, and with buildOnDeploy rebuild the fleet) unless what AWS receives changes.
 * A deliberate change of what a fingerprint covers is a new fingerprint scheme
 * (src/versioning/fingerprint-schemes.ts), which migrates the locks without a bump; then the
 * values below change with it, in the same commit.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureRepo } from '../support/fixture.js';

const PLATFORM = {
  stateBucket: 'pins-tfstate',
  stateRegion: 'eu-west-2',
  defaultRegion: 'eu-west-2',
  accounts: { builds: '111111111111', prod: '222222222222' },
  owners: ['@pins/platform'],
  deployRole: 'arn:aws:iam::{accountId}:role/deployer',
  logBucket: 'pins-logs',
  componentBucket: 'pins-components',
  kmsKeys: {
    'eu-west-2': 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    'eu-west-1': 'arn:aws:kms:eu-west-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  },
  organizationArn: 'arn:aws:organizations::999999999999:organization/o-pins000001',
  distributionAccounts: { web: ['prod'] },
};

const SHARED = `name: hardening
description: Hardens sshd.
schemaVersion: 1.0
parameters:
  - level:
      type: string
      default: standard
phases:
  - name: build
    steps:
      - name: Harden
        action: ExecuteBash
        inputs:
          commands:
            - echo "{{ level }}" > /etc/hardening-level # comments are not sent
`;

const LOCAL = `name: app
description: Installs the app.
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Install
        action: ExecutePowerShell
        inputs:
          commands:
            - Write-Host install
`;

const TEAM = `owners: ["@pins/web"]
account: builds
notifications:
  emails: [web@example.org]
images:
  - name: api
    description: API servers
    platform: Linux
    parentImage: amazon-linux-2023-x86
    components:
      - shared: hardening
        parameters:
          level: strict
      - aws: update-linux
    tests:
      - aws: simple-boot-test-linux
    blockDevices:
      - device: /dev/xvda
        sizeGiB: 40
        type: gp3
        iops: 4000
      - device: /dev/xvdb
        sizeGiB: 100
        type: gp3
        snapshotId: snap-0123456789abcdef0
    userData: |
      #!/bin/bash
      echo started
    workingDirectory: /opt/build
    distribution:
      - region: eu-west-2
        accounts: [prod]
  - name: desktop
    description: Windows desktops
    platform: Windows
    parentImage: windows-server-2022-english-full-base-x86
    components:
      - aws: update-windows
        version: 1.0.x
      - local: app
`;

describe('the fingerprints of a fixed fleet', () => {
  let repo: FixtureRepo;
  let locks: Record<string, { entries: Record<string, { version: string; fingerprint: string }> }>;
  beforeAll(() => {
    repo = new FixtureRepo({ empty: true });
    writeFileSync(
      repo.path('cdktf.json'),
      JSON.stringify({ language: 'typescript', app: 'node main.ts', context: { platform: PLATFORM } }),
    );
    repo.write('components-yaml/hardening.yaml', SHARED).write('teams/web/team.yaml', TEAM).write('teams/web/components/app.yaml', LOCAL);
    repo.updateVersions();
    locks = {
      shared: JSON.parse(repo.read('components-yaml/versions.lock.json')),
      web: JSON.parse(repo.read('teams/web/versions.lock.json')),
    };
  });
  afterAll(() => repo.dispose());

  it('are exactly these', () => {
    const prints = (lock: (typeof locks)[string]) =>
      Object.fromEntries(Object.entries(lock.entries).map(([key, entry]) => [key, entry.fingerprint]));
    expect(prints(locks.shared!)).toEqual({
      'component:hardening': 'sha256:e02f2db9b57ac1355739c59239becea6128b6ae320d464d8943b50d67a96db6a',
    });
    expect(prints(locks.web!)).toEqual({
      'component:app': 'sha256:cc305d5b681b0f69a5a87fce5f4b531af7b09b457ac56ea554d58d3693e61394',
      'recipe:api': 'sha256:17a104c2c6a73ba85cfdbbadc0ec39f226c5602d018672e4d8df64473244aeff',
      'recipe:desktop': 'sha256:3b10a7be0c88455daacba1cd6977516a78d7783d530df9b8980416d8ed7572f7',
    });
  });
});
