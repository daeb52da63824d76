/** The version index finds every version an AWS resource had, whichever lock (team or shared) recorded it. */
import { describe, expect, it } from 'vitest';
import { emptyLock, type Lock, type LockEntry } from '../../src/config/lock-schema.js';
import { SHARED_SCOPE, VersionIndex } from '../../src/versioning/version-index.js';

const entry = (version: string, digit: string) => ({ version, fingerprint: `sha256:${digit.repeat(64)}` }) as LockEntry;
const lockOf = (entries: Record<string, LockEntry>): Lock => ({ ...emptyLock(), entries });

describe('the version index', () => {
  // Team "web" deploys shared component "api-cache" as web-api-cache, the AWS name team "web-api"'s own "cache" has.
  const index = new VersionIndex(new Set(['web', 'web-api', 'data']));
  index.add(SHARED_SCOPE, lockOf({ 'component:api-cache': entry('2.0.0', 'a') }), 'c2');
  index.add('web-api', lockOf({ 'component:cache': entry('1.0.0', 'b') }), 'c1');
  index.add('data', lockOf({ 'component:cache': entry('5.0.0', 'c') }), 'c1');

  it('finds a shared entry under a team whose name has hyphens, and the team entry sharing its AWS name', () => {
    expect([...index.versionsOf('web-api', 'component:cache').keys()].sort()).toEqual(['1.0.0', '2.0.0']);
    expect([...index.versionsOf(SHARED_SCOPE, 'component:api-cache').keys()].sort()).toEqual(['1.0.0', '2.0.0']);
  });

  it('keeps apart resources whose AWS names differ', () => {
    expect([...index.versionsOf('data', 'component:cache').keys()]).toEqual(['5.0.0']);
    expect(index.latest('web-api', 'component:cache')).toMatchObject({ version: '2.0.0', commit: 'c2' });
  });
});
