/** Resolving an image's schedule, or none for an on-demand image, held to the platform's rebuild cadence. */
import { longestGapDays, parseCron } from '../../config/cron.js';
import type { ImageConfig } from '../../config/team-schema.js';
import type { YamlPath } from '../../core/yaml-source.js';
import type { TeamScope } from './distribution.js';
import type { Schedule } from './fleet.js';

const WAIVER_HINT = 'add an exception { check: rebuild-cadence, reason: ... } to this image';

/**
 * The pipeline's schedule (`{}` for an on-demand image), or undefined when the cron is invalid.
 * Builds further apart than the platform's maximum, or none scheduled at all, need the
 * rebuild-cadence waiver.
 */
export function resolveSchedule(
  scope: TeamScope,
  config: ImageConfig['schedule'],
  path: YamlPath,
  cadenceWaived: boolean,
  timezone: string,
  onDependencyUpdates: boolean,
): { schedule?: Schedule } | undefined {
  const maxGap = scope.platform.maxRebuildIntervalDays;
  if (config.onDemand) {
    if (!cadenceWaived) {
      scope.fail(
        [...path, 'schedule', 'onDemand'],
        `an on-demand image has no schedule, so nothing rebuilds it within the platform maximum of ${maxGap} days`,
        `build on a schedule (remove onDemand), or ${WAIVER_HINT}`,
      );
    }
    return {};
  }
  const cron = parseCron(config.cron);
  if (!cron.ok) {
    scope.fail([...path, 'schedule', 'cron'], `invalid schedule: ${cron.error}`, 'see "Rebuild cadence" in docs/teams.md');
    return undefined;
  }
  const longestGap = longestGapDays(cron.fields);
  if (longestGap > maxGap && !cadenceWaived) {
    scope.fail(
      [...path, 'schedule', 'cron'],
      `scheduled builds can be ${longestGap} days apart, more than the platform maximum of ${maxGap} days`,
      `build at least monthly (the default), or ${WAIVER_HINT}`,
    );
  }
  return {
    schedule: {
      expression: config.cron,
      startCondition: onDependencyUpdates ? 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE' : 'EXPRESSION_MATCH_ONLY',
      timezone,
      longestGapDays: longestGap,
    },
  };
}
