/**
 * A small interpreter of Amazon States Language in JSONata mode, for tests: it runs a
 * definition against an input and answers every Task from a mock. It knows only the subset
 * our definitions use; anything else throws, so a test cannot pass on a feature it ignores.
 * Semantics: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html and
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import jsonata from 'jsonata';

export interface TaskCall {
  resource: string;
  arguments: unknown;
  state: string;
}

/** A named Step Functions error, e.g. thrown by a task mock as `Sfn.ExecutionAlreadyExistsException`. */
export class TaskError extends Error {
  constructor(
    readonly error: string,
    override readonly cause?: string,
  ) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'TaskError';
  }
}

export interface RunOptions {
  input: unknown;
  context?: { executionName?: string; startTime?: string };
  /** What the task returns, or a promise of it. */
  task: (call: TaskCall) => unknown;
  maxSteps?: number;
}

export interface RunResult {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** States entered, in order, Map iterations included (a retry is not a new entry). */
  path: string[];
  calls: TaskCall[];
}

type Fields = Record<string, unknown>;
interface Machine {
  StartAt: string;
  States: Record<string, State>;
}
interface State extends Fields {
  Type: string;
  Next?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
}
interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
}
interface Catcher extends Fields {
  ErrorEquals: string[];
  Next: string;
}
interface Run {
  options: RunOptions;
  execution: Fields;
  path: string[];
  calls: TaskCall[];
  steps: number;
}
interface Step {
  output: unknown;
  next?: string;
}
type Vars = Record<string, unknown>;

const QUERY_ERROR = 'States.QueryEvaluationError';
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Output', 'Assign', 'Next', 'End'];
const FIELDS: Record<string, string[]> = {
  Pass: FLOW,
  Wait: ['Seconds', 'Timestamp', ...FLOW],
  Task: ['Resource', 'Arguments', 'Retry', 'Catch', ...FLOW],
  Map: ['Items', 'ItemSelector', 'ItemProcessor', 'MaxConcurrency', 'Retry', 'Catch', ...FLOW],
  Choice: ['Choices', 'Default', 'Output', 'Assign'],
  Succeed: ['Output'],
  Fail: ['Error', 'Cause'],
};
const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const queryError = (message: string) => new TaskError(QUERY_ERROR, message);

/** Step Functions' own JSONata functions; `$eval` is not available there. */
const FUNCTIONS = {
  partition: (array: unknown[], size: number) =>
    Array.from({ length: Math.ceil(array.length / size) }, (_, i) => array.slice(i * size, (i + 1) * size)),
  range: (start: number, end: number, step: number) =>
    Array.from({ length: Math.max(0, Math.floor((end - start) / step) + 1) }, (_, i) => start + i * step),
  hash: (value: string, algorithm: string) => {
    const name = HASHES[algorithm];
    if (typeof value !== 'string' || !name) throw queryError(`$hash needs a string and one of ${Object.keys(HASHES).join(', ')}`);
    return createHash(name).update(value).digest('hex');
  },
  random: () => Math.random(),
  uuid: () => randomUUID(),
  parse: (text: string) => JSON.parse(text) as unknown,
  eval: () => {
    throw queryError('$eval is not available in Step Functions; use $parse');
  },
};

const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: object) => {
  errors: { 'Error code': string; Message: string }[];
};

/** asl-validator's errors for `definition`, [] when valid (the validator mutates its argument, so it gets a copy). */
export function validateDefinition(definition: object): string[] {
  return aslValidator(structuredClone(definition)).errors.map((e) => `${e['Error code']}: ${e.Message}`);
}

/** Runs `definition` to completion; a States error ends it FAILED, a bug in the definition or runner throws. */
export async function runStateMachine(definition: object, options: RunOptions): Promise<RunResult> {
  const machine = definition as Machine & Fields;
  if (machine.QueryLanguage !== 'JSONata') throw new Error('state machine runner: only "QueryLanguage": "JSONata" is supported');
  checkMachine(machine, ['QueryLanguage']);
  const name = options.context?.executionName ?? 'test-execution';
  const execution = {
    Id: `arn:aws:states:us-east-1:123456789012:execution:test-state-machine:${name}`,
    Name: name,
    StartTime: options.context?.startTime ?? '2025-01-01T00:00:00.000Z',
    Input: options.input,
  };
  const run: Run = { options, execution, path: [], calls: [], steps: 0 };
  try {
    const output = await runStates(machine, options.input, {}, run);
    return { status: 'SUCCEEDED', output, path: run.path, calls: run.calls };
  } catch (e) {
    if (!(e instanceof TaskError)) throw e;
    return { status: 'FAILED', error: e.error, cause: e.cause, path: run.path, calls: run.calls };
  }
}

/** Rejects, before running, every state type and field outside the supported subset. */
function checkMachine(machine: Machine & Fields, extra: string[]): void {
  allow('definition', machine, ['StartAt', 'States', 'Comment', ...extra]);
  for (const [name, state] of Object.entries(machine.States)) {
    const fields = FIELDS[state.Type];
    if (!fields) throw new Error(`state machine runner: state ${name} has unsupported Type ${state.Type}`);
    allow(name, state, [...COMMON, ...fields]);
    if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONata')
      throw new Error(`state machine runner: ${name} is not JSONata`);
    state.Retry?.forEach((r) =>
      allow(`${name}.Retry`, r, [
        'ErrorEquals',
        'MaxAttempts',
        'IntervalSeconds',
        'BackoffRate',
        'MaxDelaySeconds',
        'JitterStrategy',
        'Comment',
      ]),
    );
    state.Catch?.forEach((c) => allow(`${name}.Catch`, c, ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment']));
    (state.Choices as Fields[] | undefined)?.forEach((c) =>
      allow(`${name}.Choices`, c, ['Condition', 'Next', 'Output', 'Assign', 'Comment']),
    );
    const processor = state.ItemProcessor as (Machine & Fields) | undefined;
    if (processor) {
      const mode = (processor.ProcessorConfig as Fields | undefined)?.Mode ?? 'INLINE';
      if (mode !== 'INLINE')
        throw new Error(
          `state machine runner: ${name} is a ${typeof mode === 'string' ? mode : JSON.stringify(mode)} Map; only INLINE is supported`,
        );
      checkMachine(processor, ['ProcessorConfig']);
    }
  }
}

function allow(where: string, object: object, fields: string[]): void {
  const unknown = Object.keys(object).filter((k) => !fields.includes(k));
  if (unknown.length > 0) throw new Error(`state machine runner: ${where} has unsupported field(s) ${unknown.join(', ')}`);
}

/** Runs one (sub-)workflow from StartAt to its end, with `vars` as its variable scope. */
async function runStates(machine: Machine, input: unknown, vars: Vars, run: Run): Promise<unknown> {
  let name = machine.StartAt;
  let data = input;
  for (;;) {
    if (++run.steps > (run.options.maxSteps ?? 1000))
      throw new Error(`state machine runner: more than ${run.options.maxSteps ?? 1000} steps`);
    const state = machine.States[name];
    if (!state) throw new Error(`state machine runner: no state named ${name}`);
    run.path.push(name);
    const step = await runWithErrorHandling(name, state, data, vars, run);
    if (step.next === undefined) return step.output;
    [name, data] = [step.next, step.output];
  }
}

/** Runs a state, applying its Retry (first matching retrier, no waiting) and then its Catch. */
async function runWithErrorHandling(name: string, state: State, input: unknown, vars: Vars, run: Run): Promise<Step> {
  const retries = new Map<Retrier, number>();
  for (;;) {
    try {
      return await runState(name, state, input, vars, run);
    } catch (e) {
      if (!(e instanceof TaskError)) throw e;
      const retrier = state.Retry?.find((r) => matches(r.ErrorEquals, e.error));
      if (retrier && (retries.get(retrier) ?? 0) < (retrier.MaxAttempts ?? 3)) {
        retries.set(retrier, (retries.get(retrier) ?? 0) + 1);
        continue;
      }
      const catcher = state.Catch?.find((c) => matches(c.ErrorEquals, e.error));
      if (!catcher) throw e;
      const errorOutput = { Error: e.error, Cause: e.cause };
      return finish(catcher, bindings(vars, run, name, { input, errorOutput }), errorOutput, vars, catcher.Next);
    }
  }
}

/** `States.ALL` matches every error; `States.TaskFailed` every error but `States.Timeout` (ASL spec). */
function matches(errorEquals: string[], error: string): boolean {
  return errorEquals.some((e) => e === error || e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout'));
}

async function runState(name: string, state: State, input: unknown, vars: Vars, run: Run): Promise<Step> {
  const env = bindings(vars, run, name, { input });
  switch (state.Type) {
    case 'Pass':
      return finish(state, env, input, vars, state.Next);
    case 'Wait':
      await evaluate(state.Seconds ?? state.Timestamp, env, 'Seconds/Timestamp');
      return finish(state, env, input, vars, state.Next);
    case 'Succeed':
      return finish(state, env, input, vars, undefined);
    case 'Fail': {
      if (state.Error === undefined) throw new Error(`state machine runner: Fail state ${name} needs an Error`);
      const cause = state.Cause === undefined ? undefined : String(await evaluate(state.Cause, env, 'Cause'));
      throw new TaskError(String(await evaluate(state.Error, env, 'Error')), cause);
    }
    case 'Choice':
      for (const rule of state.Choices as (Fields & { Next: string })[]) {
        const condition = await evaluate(rule.Condition, env, 'Condition');
        if (typeof condition !== 'boolean') throw queryError(`Condition of ${name} is not a boolean`);
        if (condition) {
          const assign = { ...(state.Assign as Fields | undefined), ...(rule.Assign as Fields | undefined) };
          return finish({ Output: rule.Output ?? state.Output, Assign: assign }, env, input, vars, rule.Next);
        }
      }
      if (state.Default === undefined) throw new TaskError('States.NoChoiceMatched', `no Choice rule of ${name} matched`);
      return finish(state, env, input, vars, state.Default as string);
    case 'Task': {
      const call = {
        resource: state.Resource as string,
        arguments: state.Arguments === undefined ? input : await evaluate(state.Arguments, env, 'Arguments'),
        state: name,
      };
      run.calls.push(call);
      let result: unknown;
      try {
        result = await run.options.task(call);
      } catch (e) {
        throw e instanceof TaskError ? e : new TaskError('States.TaskFailed', e instanceof Error ? e.message : String(e));
      }
      return finish(state, bindings(vars, run, name, { input, result }), result, vars, state.Next);
    }
    case 'Map': {
      const items = state.Items === undefined ? input : await evaluate(state.Items, env, 'Items');
      if (!Array.isArray(items)) throw queryError(`Items of ${name} is not an array`);
      const results: unknown[] = [];
      for (const [Index, Value] of items.entries()) {
        const itemEnv = bindings(vars, run, name, { input }, { Item: { Index, Value } });
        const itemInput = state.ItemSelector === undefined ? Value : await evaluate(state.ItemSelector, itemEnv, 'ItemSelector');
        // Each iteration reads the outer variables; what it assigns stays in its own scope.
        results.push(await runStates(state.ItemProcessor as Machine, itemInput, { ...vars }, run));
      }
      return finish(state, bindings(vars, run, name, { input, result: results }), results, vars, state.Next);
    }
    default:
      throw new Error(`state machine runner: unsupported Type ${state.Type}`);
  }
}

/** Evaluates Output and Assign against the same bindings (variable values from before the state), then assigns. */
async function finish(fields: Fields, env: Vars, defaultOutput: unknown, vars: Vars, next: string | undefined): Promise<Step> {
  const output = fields.Output === undefined ? defaultOutput : await evaluate(fields.Output, env, 'Output');
  Object.assign(vars, await evaluate(fields.Assign ?? {}, env, 'Assign'));
  return { output, next };
}

/** The JSONata bindings of a state: the workflow variables, `$states` and the Step Functions functions. */
function bindings(vars: Vars, run: Run, state: string, states: Fields, map?: Fields): Vars {
  const context = { Execution: run.execution, State: { Name: state }, ...(map && { Map: map }) };
  return { ...vars, ...FUNCTIONS, states: { ...states, context } };
}

/** Evaluates every `{% %}` string at any depth of `value`; other values are literals. */
async function evaluate(value: unknown, env: Vars, field: string): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => evaluate(v, env, `${field}[${i}]`)));
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await evaluate(v, env, `${field}/${k}`)] as const));
    return Object.fromEntries(entries);
  }
  const expression = typeof value === 'string' ? /^\{%(.*)%\}$/s.exec(value)?.[1] : undefined;
  if (expression === undefined) return value;
  const compiled = jsonata(expression); // a syntax error is a bug in the definition: it throws as it is
  let result: unknown;
  try {
    result = await compiled.evaluate(undefined, env);
  } catch (e) {
    if (e instanceof Error) throw e; // TaskError from a function above, or a bug
    throw queryError(`The JSONata expression '${expression.trim()}' in ${field} failed: ${(e as { message: string }).message}`);
  }
  if (result === undefined)
    throw queryError(`The JSONata expression '${expression.trim()}' specified for the field '${field}' returned nothing (undefined).`);
  return JSON.parse(JSON.stringify(result)) as unknown; // plain JSON, as Step Functions passes it on
}
