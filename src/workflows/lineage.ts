/**
 * `npm run lineage`, offline: an image's ancestors and descendants among the fleet's images
 * (`parentImage: { golden }`), each with its recipe version from the locks and how it follows its
 * parent. The AWS side (the AMIs actually built and their parent tags) is src/operations/lineage.
 */
import { closest } from 'fastest-levenshtein';
import type { Fleet, Image, Team } from '../model/fleet/fleet.js';
import { ancestorsOf, descendantsOf, goldenChains, imageKey, type Descendant } from '../model/fleet/lineage.js';

/** One image of a lineage as the fleet model has it. */
export interface LineageImage {
  /** `<team>/<image>`. */
  image: string;
  recipeVersion: string;
  accountId: string;
  region: string;
  /** What Image Builder starts from: `ssm:<parameter>` for a golden parent, else the parent as resolved. */
  parentImage: string;
  /** The fleet image it builds on, `<team>/<image>`, and the channel it follows, if any. */
  golden?: { image: string; channel?: string };
}

export interface LineageDescendant extends LineageImage {
  children: LineageDescendant[];
}

/** An image's lineage: its ancestors (nearest first) and its descendants as a tree. */
export interface Lineage {
  image: LineageImage;
  ancestors: LineageImage[];
  descendants: LineageDescendant[];
}

/** The image named `<team>/<image>` in the fleet, or why there is none (with the names there are). */
export function findImage(fleet: Fleet, key: string): { team: Team; image: Image } | { error: string } {
  for (const team of fleet.teams) {
    for (const image of team.images) if (imageKey(team.name, image.name) === key) return { team, image };
  }
  const names = fleet.teams.flatMap((team) => team.images.map((image) => imageKey(team.name, image.name)));
  return { error: `no image "${key}" in the fleet: did you mean "${closest(key, names)}"? Its images are ${names.join(', ')}` };
}

/** The lineage of `key` (which findImage found) in the fleet model. */
export function lineageOf(fleet: Fleet, key: string): Lineage {
  const byKey = new Map(
    fleet.teams.flatMap((team) => team.images.map((image) => [imageKey(team.name, image.name), lineageImage(team, image)] as const)),
  );
  const { parents } = goldenChains(fleet.teams);
  const tree = (nodes: Descendant[]): LineageDescendant[] =>
    nodes.map((node) => ({ ...byKey.get(node.key)!, children: tree(node.children) }));
  return {
    image: byKey.get(key)!,
    ancestors: ancestorsOf(key, parents).flatMap((ancestor) => byKey.get(ancestor) ?? []),
    descendants: tree(descendantsOf(key, parents)),
  };
}

function lineageImage(team: Team, image: Image): LineageImage {
  const golden = image.parentImage.golden;
  return {
    image: imageKey(team.name, image.name),
    recipeVersion: image.recipeVersion,
    accountId: team.account.id,
    region: team.region,
    parentImage: image.parentImage.value,
    ...(golden
      ? { golden: { image: imageKey(golden.team, golden.image), ...(golden.channel === undefined ? {} : { channel: golden.channel }) } }
      : {}),
  };
}

/** Every image of a lineage once: the ancestors, the image, the descendants (depth first). */
export function lineageImages(lineage: Lineage): LineageImage[] {
  const walk = (nodes: LineageDescendant[]): LineageImage[] => nodes.flatMap((node) => [node, ...walk(node.children)]);
  return [...lineage.ancestors, lineage.image, ...walk(lineage.descendants)];
}

/** How an image follows its parent, for a person: `on platform/container-host (channel stable)` or its resolved parent. */
export function followsLine(image: LineageImage): string {
  if (!image.golden) return `from ${image.parentImage}`;
  return `on ${image.golden.image}${image.golden.channel ? ` (channel ${image.golden.channel})` : ''} via ${image.parentImage}`;
}

/** The lineage as text: ancestors from the root down, the image, then its descendants indented. */
export function renderLineageText(lineage: Lineage): string {
  const line = (image: LineageImage, depth: number, mark = '') =>
    `${'  '.repeat(depth)}${image.image} ${image.recipeVersion}${mark}  ${followsLine(image)}`;
  const ancestors = [...lineage.ancestors].reverse();
  const lines = [
    ...ancestors.map((ancestor, depth) => line(ancestor, depth)),
    line(lineage.image, ancestors.length, '  <'),
    ...descendantLines(lineage.descendants, ancestors.length + 1, line),
  ];
  if (!lineage.descendants.length)
    lines.push(`${'  '.repeat(ancestors.length + 1)}(no image of the fleet builds on ${lineage.image.image})`);
  return lines.join('\n');
}

function descendantLines(nodes: LineageDescendant[], depth: number, line: (image: LineageImage, depth: number) => string): string[] {
  return nodes.flatMap((node) => [line(node, depth), ...descendantLines(node.children, depth + 1, line)]);
}
