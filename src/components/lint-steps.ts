/** Checks of a component document's phases and steps. */
import type { YamlPath } from '../core/yaml-source.js';
import { ACTION_MODULE_NAMES, ACTION_MODULES, type ActionModule } from './action-modules.js';
import { INFINITE_TIMEOUT, ON_FAILURE_VALUES, PHASE_NAMES, STEP_KEYS, STEP_NAME_MAX, STEP_NAME_PATTERN } from './document-rules.js';
import { closestName, describeValue, isOneOf, type LintContext } from './lint-context.js';
import { lintInputs } from './lint-inputs.js';
import { lintLoop } from './lint-loops.js';
import { isRecord, type YamlRecord } from './yaml-tree.js';

/** A step as later checks need it. */
export interface StepInfo {
  path: YamlPath;
  phase: string;
  /** The step's name when it is a valid, unique one. */
  name?: string;
  /** The step's module when `action` names a known one. */
  module?: ActionModule;
  step: YamlRecord;
  /** Names the step's loop variables go by (`loop` and the loop's own name); undefined without a loop. */
  loopNames?: readonly string[];
}

/** A phase with a valid name and its steps. */
export interface PhaseInfo {
  name: string;
  path: YamlPath;
  steps: StepInfo[];
}

/** Checks `phases` and everything in it; returns the phases with valid, unique names. */
export function lintPhases(context: LintContext, content: YamlRecord): PhaseInfo[] {
  const phases = content.phases;
  if (phases === undefined) {
    context.error([], 'the document has no "phases"', 'add phases: with at least one of build, validate and test, each with its steps');
    return [];
  }
  if (!Array.isArray(phases) || phases.length === 0) {
    context.error(
      ['phases'],
      `"phases" is ${Array.isArray(phases) ? 'an empty list' : describeValue(phases)}`,
      'give a list of phases, e.g. "- name: build" with its steps',
    );
    return [];
  }
  const result: PhaseInfo[] = [];
  phases.forEach((phase, index) => {
    const info = lintPhase(context, phase, ['phases', index], result);
    if (info) result.push(info);
  });
  return result;
}

function lintPhase(context: LintContext, phase: unknown, path: YamlPath, earlier: readonly PhaseInfo[]): PhaseInfo | undefined {
  if (!isRecord(phase)) {
    context.error(
      path,
      `a phase is a mapping with "name" and "steps", not ${describeValue(phase)}`,
      'write "- name: build" and its "steps:" below it',
    );
    return undefined;
  }
  context.unknownKeys(path, phase, ['name', 'steps'], 'a phase');
  const name = lintPhaseName(context, phase.name, path, earlier);
  const steps = lintSteps(context, phase.steps, [...path, 'steps'], name ?? String(phase.name));
  return name === undefined ? undefined : { name, path, steps };
}

function lintPhaseName(context: LintContext, name: unknown, path: YamlPath, earlier: readonly PhaseInfo[]): string | undefined {
  if (name === undefined) {
    context.error(path, 'the phase has no "name"', `add name: with one of ${PHASE_NAMES.join(', ')}`);
    return undefined;
  }
  if (!isOneOf(PHASE_NAMES, name)) {
    const hint = typeof name === 'string' ? `did you mean "${closestName(name, PHASE_NAMES)}"? ` : '';
    context.error(
      [...path, 'name'],
      `${JSON.stringify(name)} is not a phase Image Builder runs`,
      `${hint}Image Builder runs only the ${PHASE_NAMES.join(', ')} phases`,
    );
    return undefined;
  }
  if (earlier.some((phase) => phase.name === name)) {
    context.error([...path, 'name'], `the phase "${name}" appears twice`, `merge the steps of both "${name}" phases into one`);
    return undefined;
  }
  return name;
}

function lintSteps(context: LintContext, steps: unknown, path: YamlPath, phase: string): StepInfo[] {
  if (!Array.isArray(steps) || steps.length === 0) {
    const what =
      steps === undefined ? 'no "steps"' : Array.isArray(steps) ? 'an empty "steps" list' : `"steps" that are ${describeValue(steps)}`;
    context.error(
      steps === undefined ? path.slice(0, -1) : path,
      `the phase "${phase}" has ${what}`,
      'give the phase a list of steps, or remove the phase',
    );
    return [];
  }
  const result: StepInfo[] = [];
  const loopNames = new Set<string>();
  steps.forEach((step, index) => {
    const info = lintStep(context, step, [...path, index], phase, result, loopNames);
    if (info) result.push(info);
  });
  return result;
}

function lintStep(
  context: LintContext,
  step: unknown,
  path: YamlPath,
  phase: string,
  earlier: readonly StepInfo[],
  phaseLoopNames: Set<string>,
): StepInfo | undefined {
  if (!isRecord(step)) {
    context.error(
      path,
      `a step is a mapping with "name", "action" and "inputs", not ${describeValue(step)}`,
      'write "- name: StepName" with action: and inputs: below it',
    );
    return undefined;
  }
  context.unknownKeys(path, step, STEP_KEYS, `step "${String(step.name)}"`);
  const name = lintStepName(context, step.name, path, phase, earlier);
  const module = lintAction(context, step.action, path);
  lintStepSettings(context, step, path, module);
  const loopNames = step.loop === undefined ? undefined : lintLoop(context, step.loop, [...path, 'loop'], phaseLoopNames);
  if (module) lintInputs(context, path, step, module);
  return {
    path,
    phase,
    step,
    ...(name === undefined ? {} : { name }),
    ...(module ? { module } : {}),
    ...(loopNames ? { loopNames } : {}),
  };
}

function lintStepName(
  context: LintContext,
  name: unknown,
  path: YamlPath,
  phase: string,
  earlier: readonly StepInfo[],
): string | undefined {
  if (name === undefined) {
    context.error(path, 'the step has no "name"', 'add name: with a name unique in the phase, e.g. InstallAgent');
    return undefined;
  }
  if (typeof name !== 'string' || !STEP_NAME_PATTERN.test(name) || name.length > STEP_NAME_MAX) {
    context.error(
      [...path, 'name'],
      `${JSON.stringify(name)} is not a valid step name`,
      `use up to ${STEP_NAME_MAX} letters, digits, hyphens and underscores, starting with a letter or digit, e.g. InstallAgent`,
    );
    return undefined;
  }
  if (earlier.some((step) => step.name === name)) {
    context.error([...path, 'name'], `the phase "${phase}" already has a step named "${name}"`, 'give every step of a phase its own name');
    return undefined;
  }
  return name;
}

function lintAction(context: LintContext, action: unknown, path: YamlPath): ActionModule | undefined {
  if (action === undefined) {
    context.error(path, 'the step has no "action"', `add action: with one of the AWSTOE action modules, e.g. ExecuteBash`);
    return undefined;
  }
  const module = typeof action === 'string' ? ACTION_MODULES.get(action) : undefined;
  if (!module) {
    const suggestion = typeof action === 'string' ? `did you mean "${closestName(action, ACTION_MODULE_NAMES)}"? ` : '';
    context.error(
      [...path, 'action'],
      `${JSON.stringify(action)} is not an AWSTOE action module`,
      `${suggestion}Action modules: ${ACTION_MODULE_NAMES.join(', ')}`,
    );
  }
  return module;
}

function lintStepSettings(context: LintContext, step: YamlRecord, path: YamlPath, module: ActionModule | undefined): void {
  const { timeoutSeconds, onFailure, maxAttempts } = step;
  if (
    timeoutSeconds !== undefined &&
    (!Number.isInteger(timeoutSeconds) || ((timeoutSeconds as number) < 1 && timeoutSeconds !== INFINITE_TIMEOUT))
  ) {
    context.error(
      [...path, 'timeoutSeconds'],
      `timeoutSeconds is ${describeValue(timeoutSeconds)}`,
      'give a whole number of seconds of at least 1 (the default is 7200), or -1 for no timeout',
    );
  }
  if (onFailure !== undefined && !isOneOf(ON_FAILURE_VALUES, onFailure)) {
    const suggestion = typeof onFailure === 'string' ? `did you mean "${closestName(onFailure, ON_FAILURE_VALUES)}"? ` : '';
    context.error(
      [...path, 'onFailure'],
      `onFailure is ${JSON.stringify(onFailure)}`,
      `${suggestion}use one of ${ON_FAILURE_VALUES.join(', ')}`,
    );
  }
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1)) {
    context.error(
      [...path, 'maxAttempts'],
      `maxAttempts is ${describeValue(maxAttempts)}`,
      'give a whole number of at least 1 (the default)',
    );
  }
  if (module?.name === 'ExecuteDocument') {
    if (timeoutSeconds !== undefined && timeoutSeconds !== INFINITE_TIMEOUT) {
      context.error(
        [...path, 'timeoutSeconds'],
        'ExecuteDocument steps cannot set a timeout',
        'remove timeoutSeconds (AWSTOE fixes it at -1)',
      );
    }
    if (maxAttempts !== undefined && maxAttempts !== 1) {
      context.error([...path, 'maxAttempts'], 'ExecuteDocument steps run exactly once', 'remove maxAttempts (AWSTOE fixes it at 1)');
    }
  }
}
