/** Resolves the `{{ }}` expressions of a document's steps and finds variables nobody uses. */
import type { YamlPath } from '../core/yaml-source.js';
import type { ActionModule } from './action-modules.js';
import { BUILD_STAGE_PHASES, LOOP_VARIABLES } from './document-rules.js';
import { closestName, isOneOf, type LintContext } from './lint-context.js';
import type { PhaseInfo, StepInfo } from './lint-steps.js';
import type { DeclaredVariable } from './lint-variables.js';
import { expressionsIn, unbalancedBraces, type Reference } from './references.js';
import { isRecord } from './yaml-tree.js';

/** What is wrong with a reference. */
interface Unresolved {
  message: string;
  hint: string;
}

/** Everything a reference may resolve to, seen from one step. */
interface Scope {
  variables: ReadonlyMap<string, DeclaredVariable>;
  phases: readonly PhaseInfo[];
  /** Every step in document order; steps before `position` have run when the current step runs. */
  steps: readonly StepInfo[];
  position: number;
  used: Set<string>;
}

/** The parts of a step where AWSTOE substitutes expressions. */
const EXPRESSION_FIELDS = ['inputs', 'loop', 'if'] as const;

const CHAINING_HINT = 'a step can use the inputs and outputs of the steps before it only';

/** Checks every expression of every step; warns about parameters and constants no step uses. */
export function lintReferences(context: LintContext, phases: readonly PhaseInfo[], variables: readonly DeclaredVariable[]): void {
  const steps = phases.flatMap((phase) => phase.steps);
  const used = new Set<string>();
  const scope = { variables: new Map(variables.map((v) => [v.name, v])), phases, steps, used };
  steps.forEach((step, position) => {
    const texts = EXPRESSION_FIELDS.flatMap((field) => [...textsIn(step.step[field], [...step.path, field])]);
    const script = texts.map(([, text]) => text).join('\n');
    for (const [path, text] of texts) {
      for (const expression of expressionsIn(text)) {
        const problem = resolve(expression.reference, { ...scope, position });
        if (problem) context.error(path, `${expression.text} ${problem.message}`, problem.hint);
      }
      lintPlaceholders(context, path, text, script, scope);
      lintBraces(context, path, text);
    }
  });
  for (const variable of variables) {
    if (used.has(variable.name)) continue;
    const where = variable.kind === 'parameter' ? 'team.yaml can set it, but ' : '';
    context.warning(
      variable.path,
      `${variable.kind} "${variable.name}" is never used: ${where}no step reads it`,
      `use it as '{{ ${variable.name} }}' in a step's inputs, or remove it`,
      true,
    );
  }
}

/** Reports, at its line, each `{{` never closed and each `}}` never opened: AWSTOE would pass the braces on as written. */
function lintBraces(context: LintContext, path: YamlPath, text: string): void {
  for (const { line, column, excerpt, missing } of unbalancedBraces(text)) {
    const expression = missing === '}}' ? `${excerpt} }}` : `{{ ${excerpt}`;
    context.errorOnLine(
      path,
      line,
      column,
      missing === '}}'
        ? `"${excerpt}" opens an expression with {{ and never closes it`
        : `"${excerpt}" closes an expression with }} that no {{ opens`,
      `write ${expression.replace(/\s+/g, ' ')}: AWSTOE substitutes only a whole {{ ... }} on one line, and would hand the braces to the script as they are`,
    );
  }
}

/** Warns about declared variables written `${Name}`; they count as used (one warning is enough). */
function lintPlaceholders(context: LintContext, path: YamlPath, text: string, script: string, scope: Omit<Scope, 'position'>): void {
  for (const variable of foreignPlaceholders(text, script, scope.variables)) {
    scope.used.add(variable.name);
    context.warning(
      path,
      `\${${variable.name}} is not how AWSTOE reads ${variable.kind} "${variable.name}": it substitutes only {{ ${variable.name} }}`,
      `write '{{ ${variable.name} }}': \${...} is Terraform's and CloudFormation's form, and the script would see an empty variable`,
    );
  }
}

/**
 * Declared variables written as Terraform's or CloudFormation's `${Name}` in a text, leaving out
 * names the step's script assigns itself (`Name=...`, `$Name = ...`, `for Name in`): those are
 * the script's own variables.
 */
function foreignPlaceholders(text: string, script: string, variables: ReadonlyMap<string, DeclaredVariable>): DeclaredVariable[] {
  const names = new Set([...text.matchAll(/\$\{([A-Za-z0-9_-]+)\}/g)].map((m) => m[1]!));
  return [...names].flatMap((name) => {
    const variable = variables.get(name);
    const assigned = new RegExp(`(?:^|[\\s;({])(?:${name}=|\\$${name}\\s*=(?!=)|for\\s+${name}\\s+in\\b)`, 'm');
    return variable && !assigned.test(script) ? [variable] : [];
  });
}

function* textsIn(value: unknown, path: YamlPath): Generator<[YamlPath, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* textsIn(item, [...path, index]);
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) yield* textsIn(item, [...path, key]);
}

function resolve(reference: Reference, scope: Scope): Unresolved | undefined {
  switch (reference.kind) {
    case 'variable':
      return resolveVariable(reference.name, scope);
    case 'loop':
      return resolveLoopVariable(reference.loop, reference.member, scope.steps[scope.position]!);
    case 'chain':
      return resolveChain(reference, scope);
    case 'malformed':
      return {
        message: 'is not an AWSTOE expression',
        hint: 'write {{ parameterName }}, {{ loop.value }}, {{ phase.step.outputs.stdout }} or {{ phase.step.inputs[0].field }}',
      };
  }
}

function resolveVariable(name: string, scope: Scope): Unresolved | undefined {
  if (scope.variables.has(name)) {
    scope.used.add(name);
    return undefined;
  }
  const declared = [...scope.variables.keys()];
  return {
    message: 'is not a parameter or constant of this document',
    hint: declared.length
      ? `did you mean {{ ${closestName(name, declared)} }}? Declared: ${declared.join(', ')}`
      : `declare "${name}" under parameters: (team.yaml can set it) or constants:`,
  };
}

function resolveLoopVariable(loop: string, member: string, step: StepInfo): Unresolved | undefined {
  const names = step.loopNames;
  if (names?.includes(loop)) {
    return isOneOf(LOOP_VARIABLES, member)
      ? undefined
      : {
          message: `refers to "${member}" of a loop`,
          hint: `a loop provides ${LOOP_VARIABLES.map((v) => `{{ ${loop}.${v} }}`).join(' and ')}`,
        };
  }
  if (!names && loop === 'loop') {
    return { message: 'is used in a step without a loop', hint: 'add loop: with forEach: or for: to this step, or remove the expression' };
  }
  const loopVariables = names ? `this step's loop variables are ${names.map((n) => `{{ ${n}.value }}`).join(', ')} and .index; ` : '';
  return {
    message: "is neither a variable of this step's loop nor a chaining expression",
    hint: `${loopVariables}chaining expressions read {{ phase.step.outputs.stdout }}`,
  };
}

function resolveChain(reference: Extract<Reference, { kind: 'chain' }>, scope: Scope): Unresolved | undefined {
  const phase = scope.phases.find((p) => p.name === reference.phase);
  if (!phase) {
    const names = scope.phases.map((p) => p.name);
    return {
      message: `refers to the phase "${reference.phase}", which this document does not have`,
      hint: `did you mean "${closestName(reference.phase, names)}"? Phases: ${names.join(', ')}`,
    };
  }
  const target = phase.steps.find((s) => s.name === reference.step);
  if (!target) {
    const names = phase.steps.flatMap((s) => (s.name ? [s.name] : []));
    return {
      message: `refers to the step "${reference.step}", which the ${phase.name} phase does not have`,
      hint: names.length
        ? `did you mean "${closestName(reference.step, names)}"? Steps of ${phase.name}: ${names.join(', ')}`
        : CHAINING_HINT,
    };
  }
  const position = scope.steps.indexOf(target);
  if (position >= scope.position) {
    return {
      message: position === scope.position ? 'refers to its own step' : `refers to the step "${reference.step}", which runs after this one`,
      hint: CHAINING_HINT,
    };
  }
  if (scope.steps[scope.position]!.phase === 'test' && BUILD_STAGE_PHASES.includes(target.phase)) {
    return {
      message: `refers to the ${target.phase} phase from the test phase`,
      hint: 'Image Builder runs the test phase on a new instance launched from the image, where build-stage inputs and outputs are not available; repeat the step in the test phase',
    };
  }
  return target.module ? resolveField(reference, target, target.module) : undefined;
}

function resolveField(reference: Extract<Reference, { kind: 'chain' }>, target: StepInfo, module: ActionModule): Unresolved | undefined {
  const { phase, step, field } = reference;
  if (reference.direction === 'outputs') {
    if (module.outputs.includes(field)) return undefined;
    return module.outputs.length
      ? {
          message: `refers to the output "${field}", which ${module.name} steps do not have`,
          hint: `${module.name} outputs: ${module.outputs.join(', ')}`,
        }
      : {
          message: `refers to an output of the step "${step}", but ${module.name} steps have no outputs`,
          hint: `refer to one of its inputs instead, e.g. ${inputExample(reference, module)}`,
        };
  }
  if (module.inputs.shape === 'expression') return undefined;
  const fields = Object.keys(module.inputs.fields);
  if (!fields.includes(field)) {
    return {
      message: `refers to the input "${field}", which ${module.name} steps do not have`,
      hint: `did you mean "${closestName(field, fields)}"? ${module.name} inputs: ${fields.join(', ')}`,
    };
  }
  if (module.inputs.shape !== 'list') return undefined;
  if (reference.index === undefined) {
    return {
      message: `does not say which of the ${module.name} operations it reads`,
      hint: `give the operation's index, e.g. {{ ${phase}.${step}.inputs[0].${field} }}`,
    };
  }
  const operations = Array.isArray(target.step.inputs) ? target.step.inputs.length : 0;
  return reference.index < operations
    ? undefined
    : { message: `refers to operation ${reference.index}, but the step "${step}" has ${operations}`, hint: 'indexes start at 0' };
}

/** A chaining expression that reads the first input of the referenced step. */
function inputExample({ phase, step }: Extract<Reference, { kind: 'chain' }>, module: ActionModule): string {
  const spec = module.inputs;
  const field = spec.shape === 'expression' ? 'value' : Object.keys(spec.fields)[0]!;
  return `{{ ${phase}.${step}.inputs${spec.shape === 'list' ? '[0]' : ''}.${field} }}`;
}
