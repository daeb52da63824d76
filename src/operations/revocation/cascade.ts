/**
 * A revocation's whole plan: the image named, then with `--cascade` every descendant built on its
 * AMIs, recursively. Descendants are the fleet images whose team.yaml builds on it by name
 * (`parentImage.golden`); of those, the builds whose `golden-ami:parent-ami` tag (lineage) names one
 * of the revoked AMIs. A descendant's own AMIs then reach its descendants in turn.
 */
import type { Fleet, Image, Team } from '../../model/fleet/fleet.js';
import { RELEASE_TAGS } from '../../model/names.js';
import type { RevocationClients } from './changes.js';
import { planImage, type ImagePlan, type RevocationRequest, type VersionSelector } from './plan.js';

/** Builds whose AMIs exist. */
const HAS_AMIS = new Set(['AVAILABLE', 'DEPRECATED']);

/** The fleet images built on `team/image` by name. */
export function childrenOf(fleet: Fleet, team: string, image: string): { team: Team; image: Image }[] {
  return fleet.teams.flatMap((candidate) =>
    candidate.images
      .filter((child) => child.parentImage.golden?.team === team && child.parentImage.golden.image === image)
      .map((child) => ({ team: candidate, image: child })),
  );
}

/** The builds of a descendant made on one of `parentAmis`, or why none is known. */
function builtOn(parentAmis: ReadonlySet<string>, parent: string): VersionSelector {
  return (builds) => {
    const withAmis = builds.filter((build) => HAS_AMIS.has(build.status));
    if (withAmis.length && withAmis.every((build) => !build.parentAmi))
      return `none of its builds carries ${RELEASE_TAGS.parentAmi}, so which were built on ${parent} is unknown: check them with npm run lineage and revoke them by version`;
    return withAmis.filter((build) => build.parentAmi && parentAmis.has(build.parentAmi)).map((build) => build.version);
  };
}

/**
 * Plans the image's revocation (or restore) and, with `cascade`, its descendants', parents first.
 * A descendant is planned once, however many of its parents' builds it was built on.
 */
export async function planRevocation(
  fleet: Fleet,
  root: { team: Team; image: Image },
  select: VersionSelector,
  request: RevocationRequest,
  clients: RevocationClients,
  cascade: boolean,
): Promise<ImagePlan[]> {
  const plans = [await planImage(root.team, root.image, select, request, clients)];
  const planned = new Set([`${root.team.name}/${root.image.name}`]);
  for (let index = 0; cascade && index < plans.length; index++) {
    const parent = plans[index]!;
    if (!parent.amiIds.length) continue;
    const parentName = `${parent.team}/${parent.image} ${parent.versions.join(', ')}`;
    for (const child of childrenOf(fleet, parent.team, parent.image)) {
      const key = `${child.team.name}/${child.image.name}`;
      if (planned.has(key)) continue;
      planned.add(key);
      const childRequest = {
        ...request,
        // Image Builder tag values take no commas or brackets.
        reason: `parent ${parent.team}/${parent.image} ${parent.versions.join(' ')} ${request.mode === 'revoke' ? 'revoked' : 'restored'}: ${request.reason}`,
      };
      const plan = await planImage(child.team, child.image, builtOn(new Set(parent.amiIds), parentName), childRequest, clients, parentName);
      if (plan.versions.length || plan.notes.length || plan.problems.length) plans.push(plan);
    }
  }
  return plans;
}
