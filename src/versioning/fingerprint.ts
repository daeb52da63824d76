/**
 * Fingerprints: sha256 over canonical JSON (RFC 8785) of every argument that forces a
 * resource to be replaced, except `version` and `tags`. Same fingerprint, same version.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { ComponentDocument } from '../components/document.js';
import type { PlatformSettings } from '../config/platform-schema.js';
import type { RecipeArgs } from '../model/fleet/fleet.js';

/** `sha256:<hex>` of the canonical JSON of a value. */
export function fingerprint(value: unknown): string {
  return `sha256:${createHash('sha256')
    .update(canonicalize(value) ?? 'null')
    .digest('hex')}`;
}

/**
 * What decides a component document's version: the exact `data` sent, its description, the
 * platform its actions imply, and the platform's KMS keys (the `kms_key_id` of every copy).
 * A component's `name` is the lock entry's key, so a rename is a new entry.
 */
export function componentFingerprint(document: ComponentDocument, kmsKeys: PlatformSettings['kmsKeys']): string {
  return fingerprint({
    data: document.data,
    description: document.description,
    platform: document.platform ?? null,
    kmsKeys,
  });
}

/**
 * A recipe's fingerprint covers all its arguments: parent image, ordered components with their
 * versions and parameters, block devices (snapshots included), description, AMI tags, user data
 * and working directory. Any argument added to RecipeArgs is covered without further work.
 */
export function recipeFingerprint(args: RecipeArgs): string {
  return fingerprint(args);
}
