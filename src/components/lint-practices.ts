/** Warnings: things AWSTOE accepts that are most likely mistakes. */
import type { YamlPath } from '../core/yaml-source.js';
import { ACTION_MODULES } from './action-modules.js';
import type { LintContext } from './lint-context.js';
import type { StepInfo } from './lint-steps.js';
import { canHideFailure, commandLines, SCRIPT_LANGUAGES } from './scripts.js';
import { isRecord } from './yaml-tree.js';

const REBOOT_EXIT_CODES = new Set([...ACTION_MODULES.values()].flatMap((m) => m.rebootExitCodes ?? []));

/** Checks every step for likely mistakes and reports them as warnings. */
export function lintPractices(context: LintContext, steps: readonly StepInfo[]): void {
  for (const step of steps) {
    lintScript(context, step);
    lintRebootPlacement(context, step);
    lintChecksThatCannotFail(context, step);
    lintDownloads(context, step);
  }
}

function rebootHint(phase: string): string {
  return `reboot in the build phase: the ${phase} phase should check the image, not change it, and a step that reboots runs again after the reboot`;
}

function lintScript(context: LintContext, { step, path, phase, module }: StepInfo): void {
  const language = module && SCRIPT_LANGUAGES[module.name];
  const commands = isRecord(step.inputs) ? step.inputs.commands : undefined;
  if (!language || !Array.isArray(commands) || !commands.every((c) => typeof c === 'string')) return;
  const commandsPath = [...path, 'inputs', 'commands'];
  if (canHideFailure(commandLines(commands, language), language)) {
    context.warning(
      commandsPath,
      `the script of step "${String(step.name)}" does not stop at the first failing command`,
      `start it with "${language.failFastStatement}": without it ${language.withoutFailFast}`,
    );
  }
  commands.forEach((command, index) => {
    for (const code of language.exitCodes(commandLines([command], language).join('\n'))) {
      lintExitCode(context, [...commandsPath, index], code, module.rebootExitCodes ?? [], module.name, phase);
    }
  });
}

function lintExitCode(
  context: LintContext,
  path: YamlPath,
  code: number,
  ownCodes: readonly number[],
  module: string,
  phase: string,
): void {
  if (ownCodes.includes(code)) {
    if (phase !== 'build') context.warning(path, `exit ${code} reboots the instance during the ${phase} phase`, rebootHint(phase));
  } else if (REBOOT_EXIT_CODES.has(code)) {
    context.warning(
      path,
      `exit ${code} does not reboot in an ${module} step: it fails the step`,
      `${module} reboots and runs the step again on exit ${ownCodes.join(' or ')}`,
    );
  }
}

function lintRebootPlacement(context: LintContext, { step, path, phase, module }: StepInfo): void {
  if (module?.name !== 'Reboot') return;
  if (phase !== 'build') context.warning([...path, 'action'], `a Reboot step in the ${phase} phase`, rebootHint(phase));
  if (step.timeoutSeconds !== undefined) {
    context.warning(
      [...path, 'timeoutSeconds'],
      'timeoutSeconds has no effect on a Reboot step',
      'remove it: AWSTOE does not time Reboot steps',
    );
  }
}

function lintChecksThatCannotFail(context: LintContext, { step, path, phase }: StepInfo): void {
  if (step.onFailure !== 'Ignore' || phase === 'build') return;
  context.warning(
    [...path, 'onFailure'],
    `step "${String(step.name)}" of the ${phase} phase ignores its failure, so it can never fail the image`,
    'remove onFailure (Abort is the default), or use Continue to run the remaining checks and still fail',
  );
}

function lintDownloads(context: LintContext, { step, path, module }: StepInfo): void {
  if (module?.name !== 'WebDownload' || !Array.isArray(step.inputs)) return;
  step.inputs.forEach((operation, index) => {
    if (!isRecord(operation)) return;
    const operationPath = [...path, 'inputs', index];
    if (typeof operation.source === 'string' && operation.source.startsWith('http://') && operation.checksum === undefined) {
      context.warning(
        [...operationPath, 'source'],
        'the download uses plain HTTP and is not verified',
        'use https://, or add checksum and algorithm so that a tampered download fails the build',
      );
    }
    if (operation.ignoreCertificateErrors === true) {
      context.warning(
        [...operationPath, 'ignoreCertificateErrors'],
        'the download skips TLS certificate validation',
        "remove ignoreCertificateErrors; for a private CA, install the CA's certificate in an earlier step",
      );
    }
  });
}
