/**
 * Every SSM parameter and launch template takes the AMIs of exactly one image. Two images writing
 * the same parameter (an SSM parameter is per account and region) or updating the same launch
 * template (an id is unique per account and region) would overwrite each other's AMI at every build.
 * The parameters of later channels count too: `npm run promote` writes them.
 */
import type { PlatformSettings } from '../../config/platform-schema.js';
import type { Problems } from '../../core/problems.js';
import type { SourceRef, Team } from './fleet.js';
import { parametersMovedByPromotion } from './channels.js';

/** One thing an image writes in one account and region. */
interface Write {
  kind: 'SSM parameter' | 'launch template';
  name: string;
  accountId: string;
  region: string;
  writer: string;
  source: SourceRef;
}

/** Reports every SSM parameter and launch template two images write, once per pair of team.yaml places. */
export function checkSingleWriters(teams: readonly Team[], platform: PlatformSettings, problems: Problems): void {
  const first = new Map<string, Write>();
  const clashes = new Map<string, { earlier: Write; later: Write; accountIds: string[] }>();
  for (const write of teams.flatMap(writesOf)) {
    const key = [write.kind, write.accountId, write.region, write.name].join('\n');
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, write);
      continue;
    }
    const pair = [place(earlier.source), place(write.source)].join('\n');
    const clash = clashes.get(pair);
    if (clash) clash.accountIds.push(write.accountId);
    else clashes.set(pair, { earlier, later: write, accountIds: [write.accountId] });
  }
  const names = new Map(Object.entries(platform.accounts).map(([name, id]) => [id, name]));
  const account = (id: string) => {
    const name = names.get(id);
    return name ? `${id} (${name})` : id;
  };
  for (const { earlier, later, accountIds } of clashes.values()) {
    const where = `${later.region}, account${accountIds.length > 1 ? 's' : ''} ${accountIds.map(account).join(', ')}`;
    problems.add({
      ...later.source,
      message: `${later.writer} writes ${later.kind} ${later.name} (${where}), like ${earlier.writer} at ${place(earlier.source)} (${earlier.source.path})`,
      hint: `${later.kind === 'SSM parameter' ? 'an' : 'a'} ${later.kind} takes the AMIs of one image only: give each image its own`,
    });
  }
}

function writesOf(team: Team): Write[] {
  return team.images.flatMap((image) => {
    const writer = `image ${image.name} of team ${team.name}`;
    // Promotion writes the later channels' parameters: they are the image's too.
    return image.distribution.flatMap((target) => [
      ...[...target.ssmParameters, ...parametersMovedByPromotion(image, target, team.account.id)].map((p) => ({
        kind: 'SSM parameter' as const,
        name: p.name,
        accountId: p.accountId ?? team.account.id,
        region: target.region,
        writer,
        source: p.source,
      })),
      ...target.launchTemplates.map((t) => ({
        kind: 'launch template' as const,
        name: t.launchTemplateId,
        accountId: t.accountId,
        region: target.region,
        writer,
        source: t.source,
      })),
    ]);
  });
}

/** `file:line:column`. */
function place(source: SourceRef): string {
  return `${source.file}:${source.line}:${source.column}`;
}
