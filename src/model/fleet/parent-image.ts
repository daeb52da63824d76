/** Turning a team's `parentImage` into what Image Builder takes, so the newest is used at build time. */
import { lookupLabel, type ParentLookup } from '../../config/parent-lookup.js';
import type { Problem } from '../../core/problems.js';
import { pinFits } from './parent-pins.js';
import type { ParentPin } from '../../config/lock-schema.js';
import type { ParentImage } from './fleet.js';
import { isManagedImageName } from './managed-images.js';
import { parentSuggestion, type FleetImageName } from './parent-suggestions.js';
import { isGoldenParent, type GoldenParent } from '../../config/golden-parent.js';
import { resolveGoldenParent } from './golden-parent.js';

const MANAGED_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const IMAGE_ARN = /^arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:(aws|\d{12}):image\/([a-z0-9-_]+)\/([0-9x]+\.[0-9x]+\.[0-9x]+)(\/\d+)?$/;
const SSM = /^ssm:\/?[a-zA-Z0-9_.\-/]+$/;

export type ParentImageResult = { ok: true; image: ParentImage } | { ok: false; error: string; hint: string };

/** Where the parent is resolved: the build region, and for a lookup the AMI the team's lock pins. */
export interface ParentContext {
  team: string;
  region: string;
  partition: string;
  pin?: ParentPin;
  /** The fleet's images, for "did you mean" when the reference names one of them. */
  fleetImages?: readonly FleetImageName[];
}

/**
 * Resolves a parent image reference:
 * - a managed image name (`amazon-linux-2023-x86`, one of MANAGED_IMAGE_NAMES) becomes its `x.x.x` ARN in the build region;
 * - `ssm:<parameter>`, an AMI id or an Image Builder image ARN are used as given;
 * - a lookup `{ owner, name }` becomes the AMI id its lock pins (`npm run pin-parents`);
 * - another fleet image `{ golden: <team>/<image> }` becomes `ssm:` its parameter (golden-parent.ts).
 */
export function resolveParentImage(
  reference: string | ParentLookup | GoldenParent,
  { team, region, partition, pin, fleetImages = [] }: ParentContext,
): ParentImageResult {
  if (isGoldenParent(reference)) return resolveGoldenParent(reference, region, fleetImages);
  if (typeof reference !== 'string') return pinnedParent(reference, team, region, pin);
  if (reference.startsWith('ssm:')) {
    return SSM.test(reference)
      ? { ok: true, image: { value: reference, family: reference, updates: true } }
      : {
          ok: false,
          error: `"${reference}" is not a valid SSM parameter reference`,
          hint: 'write ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 or a parameter of your own',
        };
  }
  if (reference.startsWith('ami-')) {
    return AMI_ID.test(reference)
      ? { ok: true, image: { value: reference, family: 'ami', updates: false } }
      : { ok: false, error: `"${reference}" is not a valid AMI id`, hint: 'an AMI id is ami- followed by 8 or 17 hexadecimal digits' };
  }
  if (reference.startsWith('arn:')) {
    const match = IMAGE_ARN.exec(reference);
    return match
      ? { ok: true, image: { value: reference, family: match[2]!, updates: match[3]!.includes('x') } }
      : {
          ok: false,
          error: `"${reference}" is not an Image Builder image ARN`,
          hint: 'use arn:aws:imagebuilder:<region>:<owner>:image/<name>/<version>, or just the managed image name',
        };
  }
  if (MANAGED_NAME.test(reference)) {
    return isManagedImageName(reference)
      ? {
          ok: true,
          image: { value: `arn:${partition}:imagebuilder:${region}:aws:image/${reference}/x.x.x`, family: reference, updates: true },
        }
      : {
          ok: false,
          error: `Image Builder publishes no managed image "${reference}"`,
          hint: parentSuggestion(reference, fleetImages),
        };
  }
  const fleetImage = fleetImages.find((image) => `${image.team}/${image.image}` === reference);
  return {
    ok: false,
    error: `"${reference}" is not a parent image reference`,
    hint: fleetImage
      ? parentSuggestion(reference, [fleetImage])
      : 'use a managed image name (amazon-linux-2023-x86), ssm:<parameter>, an AMI id or an image ARN',
  };
}

/** How the errors of a lookup without a pin that fits begin; `pin-parents` reports the lookup itself instead. */
const NO_PIN = 'no AMI is pinned for the parent lookup ';
const UNFIT_PIN = 'the pinned AMI ';

/** Whether a problem says that an image's parent lookup has no pin that fits (what `pin-parents` is there to change). */
export function awaitsPin(problem: Pick<Problem, 'path' | 'message'>): boolean {
  return problem.path.endsWith('.parentImage') && (problem.message.startsWith(NO_PIN) || problem.message.startsWith(UNFIT_PIN));
}

/** A lookup's pinned AMI; a family that stays the same when the pin moves, so a new pin is a patch bump. */
function pinnedParent(lookup: ParentLookup, team: string, region: string, pin: ParentPin | undefined): ParentImageResult {
  const hint = `run \`npm run pin-parents -- --team ${team}\` with credentials that may call ec2:DescribeImages in ${region}, then commit teams/${team}/versions.lock.json`;
  if (!pin) return { ok: false, error: `${NO_PIN}${lookupLabel(lookup)} (${lookup.architecture})`, hint };
  if (!pinFits(pin, lookup, region)) {
    const answers =
      pin.deprecated !== undefined && !lookup.includeDeprecated
        ? `was deprecated on ${pin.deprecated}, and the lookup no longer includes deprecated AMIs`
        : `answers ${pin.owner}/${pin.name} (${pin.architecture}) in ${pin.region}, not this lookup in ${region}`;
    return { ok: false, error: `${UNFIT_PIN}${pin.imageId} ${answers}`, hint };
  }
  const family = `lookup:${lookupLabel(lookup)}:${lookup.architecture}`;
  return {
    ok: true,
    image: { value: pin.imageId, family, updates: false, ...(lookup.includeDeprecated ? { includesDeprecated: true as const } : {}) },
  };
}
