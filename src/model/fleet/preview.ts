/**
 * A preview build of a team from a branch (issue 28): the team's stack made over into
 * `<team>-preview-<id>`, with
 * - its own state key (`previews/<id>/<team>/terraform.tfstate`) and the preview role
 *   (PREVIEW_ROLE_NAME) in place of the deploy and plan roles;
 * - every resource named from `<team>-preview-<id>` where the team's name stood (Image Builder
 *   resources, roles, topic, rules), logs under `<team>/previews/<id>/`, all tagged
 *   `golden-ami:preview = <id>` (the preview role creates nothing else, the sweep finds them by it);
 * - distribution to the team's preview accounts only: no launch permission, no launch template,
 *   no SSM parameter, no channel;
 * - no schedule and no automatic rebuild (built once, on deploy), and a short lifecycle;
 * - component parameters naming the branch (`{{ golden-ami:branch }}`) set to the preview's branch.
 * Versions are not decided here: versioning/preview-versions.ts gives content versions.
 */
import { AMI_NAME_MAX_BYTES } from '../../config/image-settings.js';
import { withBranch } from './branch-parameter.js';
import type { DistributionTarget, Image, Retention, Team } from './fleet.js';
import {
  alertRuleName,
  alertTopicName,
  PREVIEW_ROLE_NAME,
  previewStackName,
  previewStateKey,
  RELEASE_TAGS,
  roleArn,
  teamLogPrefix,
  teamRoleNames,
} from '../names.js';

/** What a preview is: its id, the branch it builds, and the team's preview accounts (ids, from its platform.yaml). */
export interface PreviewRequest {
  id: string;
  branch: string;
  accountIds: string[];
}

/** Longest preview id: `pr-` and a pull-request number, or a branch slug, short enough for the names it enters. */
export const PREVIEW_ID_MAX = 20;
const PREVIEW_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A preview's AMIs are deprecated after a day and deleted (with their snapshots) after this many days. */
export const PREVIEW_RETENTION: Retention = { deprecateAfterDays: 1, deleteAfterDays: 7, keepAtLeast: 1, skipIfLaunchedWithinDays: 1 };

/** Why a preview id is not usable, or undefined. */
export function previewIdProblem(id: string): string | undefined {
  if (!PREVIEW_ID_PATTERN.test(id) || id.length > PREVIEW_ID_MAX)
    return `preview id "${id}" is not usable: use at most ${PREVIEW_ID_MAX} lower-case letters, digits and single hyphens, e.g. pr-42 or a branch slug`;
  return undefined;
}

/** A branch's preview id: lower case, runs of anything else one hyphen, at most PREVIEW_ID_MAX characters. */
export function previewIdOfBranch(branch: string): string {
  const slug = branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, PREVIEW_ID_MAX).replace(/-+$/, '');
}

/** The AWS names a preview stack creates whose limit its longer stem could break, with their limits. */
function limitedNames(stem: string, team: Pick<Team, 'images' | 'components'>): { what: string; name: string; limit: number }[] {
  const roles = teamRoleNames(stem);
  return [
    { what: 'IAM role', name: roles.build, limit: 64 },
    { what: 'IAM role', name: roles.lifecycle, limit: 64 },
    { what: 'EventBridge rule', name: alertRuleName(stem, 'build-failed', 1), limit: 64 },
    { what: 'EventBridge rule', name: alertRuleName(stem, 'cve-detected', 1), limit: 64 },
    { what: 'SNS topic', name: alertTopicName(stem), limit: 256 },
    ...team.images.map((image) => ({ what: 'Image Builder resource', name: image.resourceName, limit: 128 })),
    ...team.components.map((component) => ({ what: 'Image Builder component', name: component.args.name, limit: 128 })),
  ];
}

/** Why a preview's name is too long, and the longest id that fits, if any. */
function nameTooLong(team: string, id: string, { what, name, limit }: { what: string; name: string; limit: number }): string {
  const room = id.length - (name.length - limit);
  const hint = room > 0 ? `use a preview id of at most ${room} characters` : `team ${team}'s name leaves no room for a preview id`;
  return `team ${team}: preview "${id}" makes the ${what} name ${name} (${name.length} characters; AWS allows ${limit}): ${hint}`;
}

/** The team made over into its preview stack, or the problems that stop it (each names the team, the name and what to do). */
export function previewTeam(team: Team, request: PreviewRequest): { team?: Team; problems: string[] } {
  const idProblem = previewIdProblem(request.id);
  if (idProblem) return { problems: [idProblem] };
  const stem = previewStackName(team.name, request.id);
  const rename = (name: string) => `${stem}${name.slice(team.name.length)}`;
  const images = team.images.map((image) => previewImage(image, team, request, rename));
  const components = team.components.map((component) => ({ ...component, args: { ...component.args, name: rename(component.args.name) } }));
  const over = limitedNames(stem, { images, components }).filter(({ name, limit }) => name.length > limit);
  const worst = over.sort((x, y) => y.name.length - y.limit - (x.name.length - x.limit))[0];
  const problems = [
    ...(worst ? [nameTooLong(team.name, request.id, worst)] : []),
    ...images.flatMap((image) =>
      [image.amiName, ...image.distribution.flatMap((target) => (target.amiName ? [target.amiName] : []))]
        .filter((name) => Buffer.byteLength(name, 'utf8') > AMI_NAME_MAX_BYTES)
        .map(
          (name) =>
            `team ${team.name}, image ${image.name}: the preview AMI name ${name} is over ${AMI_NAME_MAX_BYTES} characters: use a shorter preview id`,
        ),
    ),
    ...team.images
      .filter((image) => image.componentPins.length > 0)
      .map(
        (image) =>
          `team ${team.name}, image ${image.name}: a preview cannot build an image that pins a shared component version (${image.componentPins.map((pin) => `${pin.documentName} ${pin.version}`).join(', ')}): unpin it on the branch to preview it`,
      ),
  ];
  if (problems.length) return { problems };
  const previewRole = roleArn(team.partition, team.account.id, PREVIEW_ROLE_NAME);
  const tags = { ...team.tags, [RELEASE_TAGS.preview]: request.id };
  return {
    problems: [],
    team: withBranch(
      {
        ...team,
        name: stem,
        preview: { id: request.id, team: team.name, branch: request.branch },
        deployRoleArn: previewRole,
        planRoleArn: previewRole,
        state: { ...team.state, key: previewStateKey(request.id, team.name) },
        tags,
        components,
        images,
      },
      request.branch,
    ),
  };
}

function previewImage(image: Image, team: Team, request: PreviewRequest, rename: (name: string) => string): Image {
  const previewTag = { [RELEASE_TAGS.preview]: request.id };
  const amiName = (name: string) => `preview-${request.id}-${name}`;
  return {
    ...image,
    resourceName: rename(image.resourceName),
    recipe: {
      ...image.recipe,
      name: rename(image.recipe.name),
      components: image.recipe.components.map((component) =>
        component.kind === 'owned' ? { ...component, resourceName: rename(component.resourceName) } : component,
      ),
      amiTags: { ...image.recipe.amiTags, ...previewTag },
    },
    earlierRecipeVersions: [],
    schedule: undefined,
    buildOnDeploy: true,
    rebuildOnCriticalFindings: false,
    retention: PREVIEW_RETENTION,
    amiName: amiName(image.amiName),
    distribution: image.distribution.map((target): DistributionTarget => ({
      region: target.region,
      kmsKeyId: target.kmsKeyId,
      targetAccountIds: request.accountIds.filter((id) => id !== team.account.id),
      organizationArns: [],
      organizationalUnitArns: [],
      launchPermissionAccountIds: [],
      launchTemplates: [],
      ssmParameters: [],
      ...(target.amiName ? { amiName: amiName(target.amiName) } : {}),
    })),
    channels: [],
    tags: { ...image.tags, ...previewTag },
    logPrefix: `${teamLogPrefix(team.name, request.id)}/${image.name}`,
  };
}
