/**
 * Fingerprint schemes. A lock records the scheme its fingerprints were computed with
 * (`fingerprintScheme`; a lock without it is scheme 1, the first). When the project changes how
 * fingerprints are computed, it adds a scheme and keeps the previous one: an entry whose stored
 * fingerprint is what an earlier scheme gives for today's content has the same content, so it
 * keeps its version and only its fingerprint is rewritten (a `migrated` change, printed as such).
 */
import type { ComponentDocument } from '../components/document.js';
import type { PlatformSettings } from '../config/platform-schema.js';
import type { RecipeArgs } from '../model/fleet/fleet.js';
import { componentFingerprint, recipeFingerprint } from './fingerprint.js';

/** How one scheme computes the fingerprint of each kind of versioned resource. */
export interface FingerprintScheme {
  component(document: ComponentDocument, kmsKeys: PlatformSettings['kmsKeys']): string;
  recipe(args: RecipeArgs): string;
}

/** The scheme new fingerprints use, and every scheme a lock may still have been written with. */
export interface FingerprintSchemes {
  current: number;
  schemes: ReadonlyMap<number, FingerprintScheme>;
}

/** The scheme of a lock written before locks recorded one. */
export const UNMARKED_LOCK_SCHEME = 1;

export const FINGERPRINT_SCHEMES: FingerprintSchemes = {
  current: 1,
  schemes: new Map([[1, { component: componentFingerprint, recipe: recipeFingerprint }]]),
};

/** One content's fingerprint under the current scheme, and under every scheme by number. */
export interface Fingerprints {
  current: string;
  bySchemes: ReadonlyMap<number, string>;
}

/** The fingerprints of one content under every known scheme. */
export function fingerprintsOf(schemes: FingerprintSchemes, of: (scheme: FingerprintScheme) => string): Fingerprints {
  const bySchemes = new Map([...schemes.schemes].map(([number, scheme]) => [number, of(scheme)]));
  return { current: bySchemes.get(schemes.current)!, bySchemes };
}

/** Whether a stored fingerprint is this content's under some known scheme. */
export function sameContent(prints: Fingerprints, stored: string | undefined): boolean {
  return stored !== undefined && [...prints.bySchemes.values()].includes(stored);
}
