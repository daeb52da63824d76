/** Schedule time zones: every IANA name and link AWS accepts, the same on every Node.js version. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import tzdata from 'tzdata' with { type: 'json' };
import { closestTimeZone, isTimeZone } from '../src/config/time-zones.js';

const PROVIDER_PATTERN = /^[0-9A-Za-z]{2,}(?:\/[0-9a-zA-z_+-]+)*/;

describe('time zones', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it.each([
    'UTC',
    'Etc/UTC',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'Europe/Kyiv',
    'Europe/Kiev',
    'US/Eastern',
    'America/Ciudad_Juarez',
    'Etc/GMT+5',
    'EST5EDT',
  ])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['europe/london', 'Europe/Londn', 'Mars/Olympus_Mons', 'GB', 'NZ', 'W-SU', 'Factory', '', 'Europe/London '])(
    'rejects %j',
    (zone) => {
      expect(isTimeZone(zone)).toBe(false);
    },
  );

  it('accepts every zone and link of the pinned IANA database that the AWS provider accepts', () => {
    const names = Object.keys(tzdata.zones).filter((name) => isTimeZone(name));
    expect(names.length).toBeGreaterThan(590);
    for (const name of names) {
      expect(PROVIDER_PATTERN.test(name) && Buffer.byteLength(name) >= 3 && Buffer.byteLength(name) <= 100, name).toBe(true);
    }
  });

  it('does not depend on what this Node.js build says it supports', async () => {
    vi.spyOn(Intl, 'supportedValuesOf').mockReturnValue([]);
    vi.resetModules();
    const fresh = await import('../src/config/time-zones.js');
    expect(fresh.isTimeZone('Asia/Kolkata') && fresh.isTimeZone('US/Eastern')).toBe(true);
  });

  it('names a zone this Node.js can also compute with', () => {
    for (const name of Object.keys(tzdata.zones).filter((zone) => isTimeZone(zone))) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: name }), name).not.toThrow();
    }
  });

  it('suggests the zone meant', () => {
    expect(closestTimeZone('europe/london')).toBe('Europe/London');
    expect(closestTimeZone('Asia/Kolkatta')).toBe('Asia/Kolkata');
  });
});
