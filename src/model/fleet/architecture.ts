/** Processor architectures of parent images and instance types, where their names tell. */
import { isGoldenParent, type GoldenParent } from '../../config/golden-parent.js';
import type { ParentLookup } from '../../config/parent-lookup.js';
import { isManagedImageName } from './managed-images.js';

export type Architecture = 'x86_64' | 'arm64';

/** An instance type of each architecture, for hints. */
export const EXAMPLE_INSTANCE_TYPE: Record<Architecture, string> = { x86_64: 'm7i.large', arm64: 'm7g.large' };

/**
 * The architecture of an instance type from its family (`m7g` of `m7g.large`): Graviton (arm64)
 * when the letters after the generation hold a `g` (m7g, m7gd, c7gn, t4g, im4gn, is4gen, x2gd,
 * g5g, hpc7g) and for a1; x86_64 for every other family (inf2, trn1, g4dn, u7i-12tb). Undefined
 * for mac families (Intel or Apple silicon, with their own AMIs) and names it cannot read.
 */
export function instanceTypeArchitecture(instanceType: string): Architecture | undefined {
  const family = instanceType.split('.')[0] ?? '';
  const match = /^([a-z]+)(\d+)([a-z]*)/.exec(family);
  if (!match || match[1] === 'mac') return undefined;
  const [, series, generation, suffix] = match;
  return (series === 'a' && generation === '1') || suffix!.includes('g') ? 'arm64' : 'x86_64';
}

/**
 * The architecture of a parent image: from a managed image name (`-x86`, `-arm64`), the same in an
 * AWS-owned image ARN, an AWS public SSM parameter ending in `x86_64` or `arm64`, or a lookup's
 * `architecture` (only such AMIs match it). Undefined for
 * AMI ids, your own images and parameters, and for a fleet image (`golden`): its architecture is
 * that of its instance types, which the lineage checks compare (lineage-checks.ts).
 */
export function parentImageArchitecture(reference: string | ParentLookup | GoldenParent): Architecture | undefined {
  if (isGoldenParent(reference)) return undefined;
  if (typeof reference !== 'string') return reference.architecture;
  if (reference.startsWith('ssm:')) {
    const aws = /^ssm:\/?aws\/service\/.*[-_](x86_64|arm64)$/.exec(reference);
    return aws ? (aws[1] as Architecture) : undefined;
  }
  const name = /^arn:[^:]+:imagebuilder:[^:]+:aws:image\/([^/]+)\//.exec(reference)?.[1] ?? reference;
  if (!isManagedImageName(name)) return undefined;
  return /-(arm64|arm)$/.test(name) ? 'arm64' : /-x86$/.test(name) ? 'x86_64' : undefined;
}
