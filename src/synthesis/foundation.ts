/**
 * The foundation in a synth or validate run: the model from the fleet (with the problems of teams it
 * cannot serve), the bootstrap switch, and the provider and security checks of the synthesised
 * foundation stacks as problems located at `context.platform.foundation` in cdktf.json.
 */
import { join, resolve } from 'node:path';
import { checkFoundation, findingProblems } from '../checks/engine.js';
import { PLATFORM_FILE, PLATFORM_PATH } from '../config/platform.js';
import { Problems, type Problem } from '../core/problems.js';
import { formatPath, loadYamlFile, positionOf, type YamlPath } from '../core/yaml-source.js';
import type { Fleet } from '../model/fleet/fleet.js';
import type { SynthesizedStack } from '../checks/synthesized.js';
import type { FoundationOptions } from '../stacks/foundation/foundation-app.js';
import { unknownAdoptedRoleProblem, unknownAdoptedRoles } from '../stacks/foundation/adopted-roles.js';
import { foundationOf } from '../model/foundation/foundation.js';
import { isFoundationStack } from '../model/names.js';

/** Set to 1 for the bootstrap's first step: the state account's stack keeps local state (docs/platform.md, "Setting up the platform"). */
export const BOOTSTRAP_VARIABLE = 'GOLDEN_AMI_BOOTSTRAP';
/** Where that local state is kept, relative to the project root (outside cdktf.out, which every synth replaces). */
export const BOOTSTRAP_STATE_FILE = '.bootstrap/terraform.tfstate';

/** The foundation to synthesise with the fleet, if the platform has one, and the problems of teams it cannot serve. */
export function planFoundation(
  fleet: Fleet,
  root = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): { options?: FoundationOptions; problems: Problem[] } {
  const { foundation, problems } = foundationOf(fleet);
  if (!foundation) return { problems };
  const bootstrap = env[BOOTSTRAP_VARIABLE] === '1';
  return { options: { model: foundation, ...(bootstrap ? { bootstrapStatePath: resolve(root, BOOTSTRAP_STATE_FILE) } : {}) }, problems };
}

/** Provider-rule and security findings on the foundation stacks, as problems at the foundation settings. */
export function foundationStackProblems(
  stacks: readonly SynthesizedStack[],
  options: FoundationOptions | undefined,
  root = process.cwd(),
): Problem[] {
  if (!options) return [];
  const where = foundationSettingsPosition(root);
  const foundationStacks = stacks.filter((stack) => isFoundationStack(stack.name));
  const checks = findingProblems(
    checkFoundation(stacks, options.model, { bootstrap: Boolean(options.bootstrapStatePath), settings: where }),
  );
  const adopted = unknownAdoptedRoles(foundationStacks, options.model.settings).map((unknown) =>
    unknownAdoptedRoleProblem(unknown, foundationSettingsPosition(root, ['adoptRoles', unknown.account, unknown.index])),
  );
  return [...checks, ...adopted];
}

/** file, path, line and column of `context.platform.foundation` (or of a setting in it). */
function foundationSettingsPosition(root: string, within: YamlPath = []): Pick<Problem, 'file' | 'path' | 'line' | 'column'> {
  const path = [...PLATFORM_PATH, 'foundation', ...within];
  const source = loadYamlFile(join(root, PLATFORM_FILE), PLATFORM_FILE, new Problems());
  return { file: PLATFORM_FILE, path: formatPath(path), ...(source ? positionOf(source, path, within.length === 0) : {}) };
}
