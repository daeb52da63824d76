/** The whole front half of the pipeline: files → validated config → resolved fleet. */
import type { ComponentDocument } from '../components/document.js';
import { loadComponentLibrary } from '../components/library.js';
import { SHARED_COMPONENTS_FOLDER } from '../config/paths.js';
import { loadPlatformSettings } from '../config/platform.js';
import { Problems } from '../config/problems.js';
import { loadTeams, TEAMS_FOLDER } from '../config/teams.js';
import type { Fleet } from './model.js';
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
  const platform = loadPlatformSettings(root, problems);
  const teams = loadTeams(root, problems);
  const sharedComponents = loadComponentLibrary(root, SHARED_COMPONENTS_FOLDER, 'shared', problems);
  const localComponents = new Map<string, Map<string, ComponentDocument>>();
  for (const team of teams) {
    localComponents.set(team.name, loadComponentLibrary(root, `${TEAMS_FOLDER}/${team.name}/components`, 'local', problems));
  }
  return platform ? { platform, teams, sharedComponents, localComponents } : undefined;
}

/** Loads, validates and resolves the fleet under `root`, with versions from `versions`. */
export function loadFleet(root: string, versions: (sources: FleetSources) => VersionResolver): FleetLoad {
  const problems = new Problems();
  const sources = readFleetSources(root, problems);
  if (!sources) return { problems };
  const fleet = resolveFleet(sources, versions(sources), problems);
  return problems.hasErrors() ? { sources, problems } : { fleet, sources, problems };
}
