/**
 * AMI names across teams. Consumers find AMIs by name (`aws ec2 describe-images --filters
 * Name=name,Values=<prefix>*`), so one team's AMI name must never match another team's filter. The
 * rule: an AMI name that starts with its own team's prefix (`<team>-`, as the default does) is the
 * team's; any other name must not start with another team's prefix, and its fixed start (the text
 * before the first `{{`) must not overlap another team's AMI name: neither may start with the other.
 */
import type { Problems } from '../../core/problems.js';
import type { LoadedTeam } from '../../config/teams.js';
import { formatPath, pathInFile, positionOf, reportAt, type YamlPath } from '../../core/yaml-source.js';

/** One AMI name pattern a team writes, where it is written. */
interface AmiName {
  team: LoadedTeam;
  name: string;
  path: YamlPath;
  /** The text before the first `{{`: what a consumer's name filter on these AMIs starts with. */
  fixedStart: string;
}

/** The AMI names of a team's images (written or the default) and of their regions, each with its fixed start. */
function amiNamesOf(team: LoadedTeam): AmiName[] {
  return team.config.images.flatMap((image, index) => {
    const names: [string | undefined, YamlPath][] = [
      image.amiName === undefined
        ? [defaultAmiName(team.name, image.name), ['images', index, 'name']]
        : [image.amiName, ['images', index, 'amiName']],
      ...(image.distribution ?? []).map((target, region): [string | undefined, YamlPath] => [
        target.amiName,
        ['images', index, 'distribution', region, 'amiName'],
      ]),
    ];
    return names.flatMap(([name, path]) => (name === undefined ? [] : [{ team, name, path, fixedStart: name.split('{{')[0]! }]));
  });
}

/** The AMI name of an image that sets none: `<team>-<image>-{{ imagebuilder:buildDate }}`. */
export function defaultAmiName(team: string, image: string): string {
  return `${team}-${image}-{{ imagebuilder:buildDate }}`;
}

const ownPrefix = (team: LoadedTeam) => `${team.name}-`;

/** Whether one name's fixed start begins the other's, so that a filter on it finds both. */
const overlap = (a: AmiName, b: AmiName) => a.fixedStart.startsWith(b.fixedStart) || b.fixedStart.startsWith(a.fixedStart);

/**
 * Which of two overlapping names is reported, so that each pair is reported once: a name outside
 * its team's prefix rather than one inside; of two outside, the broader claim (the shorter fixed
 * start), and of two equal ones the later.
 */
function blamed(a: AmiName, b: AmiName, foreign: readonly AmiName[]): AmiName {
  if (!foreign.includes(b)) return a;
  if (a.fixedStart.length !== b.fixedStart.length) return a.fixedStart.length < b.fixedStart.length ? a : b;
  return foreign.indexOf(a) > foreign.indexOf(b) ? a : b;
}

/** Reports every AMI name that could pass for another team's, at its line, naming the other team. */
export function checkAmiNames(teams: readonly LoadedTeam[], problems: Problems): void {
  const names = teams.flatMap(amiNamesOf);
  const foreign = names.filter((n) => !n.name.startsWith(ownPrefix(n.team)));
  const hint = (n: AmiName) =>
    `start it with "${ownPrefix(n.team)}" (the default is ${ownPrefix(n.team)}<image>-{{ imagebuilder:buildDate }}), or choose a name no other team's AMI names share`;
  for (const n of foreign) {
    const owner = teams.find((other) => other !== n.team && n.name.startsWith(ownPrefix(other)));
    if (owner) {
      reportAt(
        problems,
        n.team.source,
        n.path,
        `AMI name "${n.name}" starts with "${ownPrefix(owner)}", the prefix of team ${owner.name}'s AMIs (${owner.source.file})`,
        hint(n),
      );
      continue;
    }
    const other = names.find((m) => m.team !== n.team && overlap(n, m) && blamed(n, m, foreign) === n);
    if (!other) continue;
    const { line } = positionOf(other.team.source, other.path);
    const shorter = n.fixedStart.length <= other.fixedStart.length ? n.fixedStart : other.fixedStart;
    reportAt(
      problems,
      n.team.source,
      n.path,
      `AMI name "${n.name}" overlaps team ${other.team.name}'s "${other.name}" (${other.team.source.file}:${line} at ${formatPath(pathInFile(other.team.source, other.path))}): a consumer filtering on "${shorter}*" would get both teams' AMIs`,
      hint(n),
    );
  }
}
