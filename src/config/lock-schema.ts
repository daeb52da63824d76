/**
 * The shape of a version lock: `{ entries: { "<kind>:<name>": { version, fingerprint, ... } }, retired }`.
 * Versions are what Image Builder accepts: major.minor.patch, each number at most MAX_VERSION_NODE,
 * no pre-release or build suffix.
 */
import canonicalize from 'canonicalize';
import semver from 'semver';
import { z } from 'zod';

/** Image Builder's limit for each of the three version numbers. */
export const MAX_VERSION_NODE = 1073741823;

/** The problem with a version string as Image Builder sees it, or undefined when it is fine. */
export function versionProblem(version: string): string | undefined {
  if (/^\d+\.\d+\.\d+[-+]/.test(version) && semver.valid(version)) {
    return `"${version}" has a pre-release or build suffix, which Image Builder does not accept: a version is major.minor.patch, e.g. 1.2.0`;
  }
  if (semver.valid(version) !== version) return 'a version is major.minor.patch, e.g. 1.2.0';
  const over = version.split('.').find((node) => Number(node) > MAX_VERSION_NODE);
  return over ? `the number ${over} in "${version}" is above Image Builder's limit of ${MAX_VERSION_NODE}` : undefined;
}

export const versionSchema = z.string().superRefine((version, context) => {
  const message = versionProblem(version);
  if (message) context.addIssue({ code: 'custom', message });
});

export const entrySchema = z
  .object({
    version: versionSchema,
    fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    interface: z
      .object({
        parameters: z.array(z.object({ name: z.string(), type: z.string(), required: z.boolean() }).strict()),
        phases: z.array(z.string()),
      })
      .strict()
      .optional(),
    shape: z
      .object({ parentFamily: z.string(), platform: z.string(), components: z.array(z.string()) })
      .strict()
      .optional(),
    /** Digest of each argument AWS receives (src/versioning/arguments.ts): the bump reasons name the ones that moved. */
    arguments: z.record(z.string(), z.string().regex(/^[0-9a-f]{16}$/)).optional(),
    /**
     * Earlier versions still in use, oldest first: a recipe's may have built AMIs that its lifecycle
     * policy still retires; a shared component's are the ones images pin.
     */
    earlier: z.array(versionSchema).optional(),
  })
  .strict();

/** The AMI a parent lookup (`parentImage: { owner, name }`) is pinned to, in the build region. */
export const parentPinSchema = z
  .object({
    owner: z.string(),
    name: z.string(),
    architecture: z.enum(['x86_64', 'arm64']),
    /** The lookup's Marketplace product code, when it names one. */
    productCode: z.string().optional(),
    region: z.string(),
    imageId: z.string().regex(/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/),
    /** The AMI's own name and creation time, for the bump reason and the report. */
    imageName: z.string(),
    created: z.string(),
    /** When EC2 had deprecated the AMI, if it had at pin time (only a lookup with `includeDeprecated` pins one). */
    deprecated: z.string().optional(),
  })
  .strict();

export const lockSchema = z
  .object({
    entries: z.record(z.string(), entrySchema),
    retired: z.record(z.string(), versionSchema).default({}),
    /** The fingerprint scheme of the entries (src/versioning/fingerprint-schemes.ts); absent: scheme 1. */
    fingerprintScheme: z.number().int().min(0).optional(),
    /** Pinned parent AMIs by image name; only in the locks of teams with parent lookups. */
    parents: z.record(z.string(), parentPinSchema).optional(),
  })
  .strict();

export type LockEntry = z.output<typeof entrySchema>;
export type Lock = z.output<typeof lockSchema>;
export type ParentPin = z.output<typeof parentPinSchema>;

export function emptyLock(): Lock {
  return { entries: {}, retired: {} };
}

/** Matches no content: an entry carrying it is always bumped. */
export const UNKNOWN_FINGERPRINT = `sha256:${'0'.repeat(64)}`;

/** Distinct versions, oldest first. */
export function sortedVersions(versions: readonly string[]): string[] {
  return [...new Set(versions)].sort(semver.compare);
}

/** The lock as it is written: canonical key order, two-space indent, trailing newline. */
export function serializeLock(lock: Lock): string {
  return `${JSON.stringify(JSON.parse(canonicalize(lock) ?? '{}'), null, 2)}\n`;
}
