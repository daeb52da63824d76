/** The whole front half of the pipeline: files → validated config → resolved fleet. */
import type { ComponentDocument } from '../../components/document.js';
import { loadComponentLibrary } from '../../components/library.js';
import { lintComponentDocument, testPhaseMisfit } from '../../components/lint.js';
import { SHARED_COMPONENTS_FOLDER } from '../../core/paths.js';
import { loadPlatformSettings } from '../../config/platform.js';
import { Problems } from '../../core/problems.js';
import { withTeamGrants } from '../../config/team-grants.js';
import { loadTeams, TEAMS_FOLDER, type LoadedTeam } from '../../config/teams.js';
import { reportAt } from '../../core/yaml-source.js';
import type { Fleet } from './fleet.js';
import { resolveFleet, type FleetSources } from './resolve.js';
import type { VersionResolver } from './versions.js';

/** The outcome of loading: the fleet when every input holds together, and every problem found. */
export interface FleetLoad {
  fleet?: Fleet;
  sources?: FleetSources;
  problems: Problems;
}

/** Reads every input file under `root`; never throws for bad input, never writes. */
export function readFleetSources(root: string, problems: Problems): FleetSources | undefined {
  const teams = loadTeams(root, problems);
  const settings = loadPlatformSettings(root, problems);
  const platform =
    settings &&
    withTeamGrants(
      root,
      settings,
      teams.map((team) => team.name),
      problems,
    );
  const shared = loadComponentLibrary(root, SHARED_COMPONENTS_FOLDER, 'shared', problems);
  const sharedComponents = shared.documents;
  const unreadableComponents = new Set([...shared.unreadable].map((name) => `${SHARED_COMPONENTS_FOLDER}/${name}`));
  const localComponents = new Map<string, Map<string, ComponentDocument>>();
  for (const team of teams) {
    const folder = `${TEAMS_FOLDER}/${team.name}/components`;
    const local = loadComponentLibrary(root, folder, 'local', problems);
    localComponents.set(team.name, local.documents);
    for (const name of local.unreadable) unreadableComponents.add(`${folder}/${name}`);
  }
  const sources = platform ? { platform, teams, sharedComponents, localComponents, unreadableComponents } : undefined;
  lintDocuments(teams, sharedComponents, localComponents, problems);
  return sources;
}

/**
 * Lints every component document once, and reports at its team.yaml line each document listed
 * under `tests` that cannot be a test component.
 */
function lintDocuments(
  teams: readonly LoadedTeam[],
  shared: ReadonlyMap<string, ComponentDocument>,
  local: ReadonlyMap<string, ReadonlyMap<string, ComponentDocument>>,
  problems: Problems,
): void {
  for (const document of [...shared.values(), ...[...local.values()].flatMap((library) => [...library.values()])]) {
    lintComponentDocument(document.source, problems);
  }
  for (const team of teams) {
    team.config.images.forEach((image, imageIndex) =>
      image.tests.forEach((ref, index) => {
        const document =
          ref.shared !== undefined ? shared.get(ref.shared) : ref.local !== undefined ? local.get(team.name)?.get(ref.local) : undefined;
        const misfit = document && testPhaseMisfit(document.phases);
        if (!document || !misfit) return;
        reportAt(
          problems,
          team.source,
          ['images', imageIndex, 'tests', index],
          `component "${document.name}" is listed under tests, but a test component has only a test phase and ${document.file} has ${misfit.found}`,
          'list it under components instead, or move its test steps to a document of their own',
        );
      }),
    );
  }
}

/** Loads, validates and resolves the fleet under `root`, with versions from `versions`. */
export function loadFleet(root: string, versions: (sources: FleetSources) => VersionResolver): FleetLoad {
  const problems = new Problems();
  const sources = readFleetSources(root, problems);
  if (!sources) return { problems };
  const fleet = resolveFleet(sources, versions(sources), problems);
  return problems.hasErrors() ? { sources, problems } : { fleet, sources, problems };
}
