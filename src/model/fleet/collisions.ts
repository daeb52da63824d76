/**
 * Names that would collide in AWS. Every Image Builder resource is named `<team>-<name>`, so team
 * `web` with image `api-server` and team `web-api` with image `server` would both make
 * `web-api-server`; in one account and region, the second stack would fail to create it.
 */
import type { Problems } from '../../core/problems.js';
import type { Team } from './fleet.js';

interface NamedThing {
  /** Account, region and kind: where a name must be unique. */
  scope: string;
  name: string;
  owner: string;
  file: string;
  path: string;
  line?: number;
  column?: number;
}

/** Reports every resource name used twice in one account, region and kind of resource. */
export function checkNameCollisions(teams: readonly Team[], problems: Problems): void {
  const seen = new Map<string, NamedThing>();
  for (const thing of teams.flatMap(namedThings)) {
    const key = `${thing.scope}/${thing.name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, thing);
      continue;
    }
    problems.add({
      file: thing.file,
      path: thing.path,
      line: thing.line,
      column: thing.column,
      message: `${thing.owner} would be named "${thing.name}" in AWS, like ${first.owner} (${first.file})`,
      hint: 'rename one of them: names join the team and the image or component with a hyphen',
    });
  }
}

function namedThings(team: Team): NamedThing[] {
  const where = `${team.account.id}/${team.region}`;
  return [
    ...team.images.map((image) => ({
      scope: `${where}/image`,
      name: image.resourceName,
      owner: `image ${image.name} of team ${team.name}`,
      ...image.source,
    })),
    ...team.components.map((component) => ({
      scope: `${where}/component`,
      name: component.args.name,
      owner: `component ${component.key} of team ${team.name}`,
      file: component.file,
      path: '',
    })),
  ];
}
