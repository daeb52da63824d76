/** The test-only Step Functions runner in state-machine.ts: the semantics it implements, and what it refuses. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runStateMachine, TaskError, validateDefinition, type TaskCall } from './state-machine.js';

const START = 'arn:aws:states:::aws-sdk:sfn:startExecution';
const machine = (States: Record<string, object>, StartAt = Object.keys(States)[0]!) => ({ QueryLanguage: 'JSONata', StartAt, States });
const noTasks = (call: TaskCall) => {
  throw new Error(`unexpected task ${call.state}`);
};

describe('state machine runner', () => {
  it('routes a Choice by its Condition, applying the rule and state Assign, and falls back to Default', async () => {
    const definition = machine({
      Route: {
        Type: 'Choice',
        Assign: { routed: true },
        Choices: [{ Condition: '{% $states.input.n > 1 %}', Next: 'Many', Assign: { kind: 'many' } }],
        Default: 'Few',
      },
      Many: { Type: 'Pass', Output: { kind: '{% $kind %}', routed: '{% $routed %}' }, End: true },
      Few: { Type: 'Succeed', Output: { kind: 'few' } },
    });
    expect(validateDefinition(definition)).toEqual([]);

    const many = await runStateMachine(definition, { input: { n: 3 }, task: noTasks });
    expect(many).toMatchObject({ status: 'SUCCEEDED', output: { kind: 'many', routed: true }, path: ['Route', 'Many'] });
    const few = await runStateMachine(definition, { input: { n: 1 }, task: noTasks });
    expect(few).toMatchObject({ status: 'SUCCEEDED', output: { kind: 'few' }, path: ['Route', 'Few'] });
  });

  it('makes assignments visible to later states only, and Output sees the values from before the state', async () => {
    const definition = machine({
      First: { Type: 'Pass', Assign: { x: 1 }, Next: 'Second' },
      Second: {
        Type: 'Pass',
        Assign: { x: '{% $x + 1 %}', y: '{% $x %}' },
        Output: { xDuringSecond: '{% $x %}' },
        Next: 'Third',
      },
      Third: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}', before: '{% $states.input %}' }, End: true },
    });
    const result = await runStateMachine(definition, { input: {}, task: noTasks });
    expect(result.output).toEqual({ x: 2, y: 1, before: { xDuringSecond: 1 } });
  });

  it('fails with States.QueryEvaluationError when a template evaluates to nothing', async () => {
    const definition = machine({ Only: { Type: 'Pass', Output: { a: '{% $states.input.missing %}' }, End: true } });
    const result = await runStateMachine(definition, { input: {}, task: noTasks });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });

  it('runs a Map over Items with ItemSelector, outer variables readable, inner ones not leaking out', async () => {
    const definition = machine({
      Setup: { Type: 'Pass', Assign: { team: 'blue' }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: '{% $states.input.names %}',
        ItemSelector: { name: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}', team: '{% $team %}' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Start',
          States: {
            Start: {
              Type: 'Task',
              Resource: START,
              Arguments: { Name: '{% $team & "-" & $states.input.name %}', Input: '{% $string($states.input) %}' },
              Assign: { inner: '{% $states.result.ExecutionArn %}' },
              Output: '{% $exists($inner) ? "assigned too early" : $states.result.ExecutionArn %}',
              End: true,
            },
          },
        },
        Output: { arns: '{% $states.result %}', innerVisible: '{% $exists($inner) %}' },
        End: true,
      },
    });
    expect(validateDefinition(definition)).toEqual([]);
    const result = await runStateMachine(definition, {
      input: { names: ['a', 'b'] },
      task: ({ arguments: args }) => ({ ExecutionArn: `arn:${(args as { Name: string }).Name}` }),
    });
    expect(result.output).toEqual({ arns: ['arn:blue-a', 'arn:blue-b'], innerVisible: false });
    expect(result.path).toEqual(['Setup', 'Each', 'Start', 'Start']);
    expect(result.calls.map((c) => c.arguments)).toEqual([
      { Name: 'blue-a', Input: '{"name":"a","index":0,"team":"blue"}' },
      { Name: 'blue-b', Input: '{"name":"b","index":1,"team":"blue"}' },
    ]);
  });

  it('catches a named TaskError, with $states.errorOutput in the catcher', async () => {
    const definition = machine({
      Start: {
        Type: 'Task',
        Resource: START,
        Arguments: { Name: '{% $states.context.Execution.Name %}' },
        Catch: [
          { ErrorEquals: ['States.Timeout'], Next: 'Boom' },
          {
            ErrorEquals: ['Sfn.ExecutionAlreadyExistsException'],
            Assign: { why: '{% $states.errorOutput.Cause %}' },
            Output: '{% $states.errorOutput %}',
            Next: 'Exists',
          },
        ],
        End: true,
      },
      Exists: { Type: 'Pass', Output: { error: '{% $states.input.Error %}', why: '{% $why %}' }, End: true },
      Boom: { Type: 'Fail', Error: 'Boom' },
    });
    const result = await runStateMachine(definition, {
      input: {},
      context: { executionName: 'exec-1' },
      task: () => {
        throw new TaskError('Sfn.ExecutionAlreadyExistsException', 'already running');
      },
    });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { error: 'Sfn.ExecutionAlreadyExistsException', why: 'already running' } });
    expect(result.path).toEqual(['Start', 'Exists']);
    expect(result.calls).toEqual([{ resource: START, arguments: { Name: 'exec-1' }, state: 'Start' }]);
  });

  it('retries up to MaxAttempts, then fails with the error; a plain Error becomes States.TaskFailed', async () => {
    const definition = (maxAttempts: number) =>
      machine({
        Start: { Type: 'Task', Resource: START, Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: maxAttempts }], End: true },
      });
    let failures = 2;
    const flaky = () => {
      if (failures-- > 0) throw new Error('throttled');
      return { ok: true };
    };
    const recovered = await runStateMachine(definition(2), { input: {}, task: flaky });
    expect(recovered).toMatchObject({ status: 'SUCCEEDED', output: { ok: true }, path: ['Start'] });
    expect(recovered.calls).toHaveLength(3);

    failures = 2;
    const failed = await runStateMachine(definition(1), { input: {}, task: flaky });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed', cause: 'throttled' });
    expect(failed.calls).toHaveLength(2);
  });

  it('provides $hash and the other Step Functions functions', async () => {
    const definition = machine({
      Only: {
        Type: 'Pass',
        Output: {
          sha256: "{% $hash('golden', 'SHA-256') %}",
          md5: "{% $hash('golden', 'MD5') %}",
          chunks: '{% $partition([1, 2, 3], 2) %}',
          range: '{% $range(0, 6, 2) %}',
          parsed: '{% $parse(\'{"a":1}\') %}',
          uuid: '{% $uuid() %}',
        },
        End: true,
      },
    });
    const { output } = await runStateMachine(definition, { input: {}, task: noTasks });
    expect(output).toMatchObject({
      sha256: createHash('sha256').update('golden').digest('hex'),
      md5: createHash('md5').update('golden').digest('hex'),
      chunks: [[1, 2], [3]],
      range: [0, 2, 4, 6],
      parsed: { a: 1 },
    });
    expect((output as { uuid: string }).uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fails with the Fail state Error and Cause, which may be expressions', async () => {
    const definition = machine({ Stop: { Type: 'Fail', Error: 'Team.Invalid', Cause: "{% 'bad team ' & $states.input.team %}" } });
    const result = await runStateMachine(definition, { input: { team: 'red' }, task: noTasks });
    expect(result).toMatchObject({ status: 'FAILED', error: 'Team.Invalid', cause: 'bad team red' });
  });

  it('refuses features outside its subset and runaway loops', async () => {
    const parallel = machine({ Both: { Type: 'Parallel', Branches: [], End: true } });
    await expect(runStateMachine(parallel, { input: {}, task: noTasks })).rejects.toThrow(/unsupported Type Parallel/);
    const timeout = machine({ Start: { Type: 'Task', Resource: START, TimeoutSeconds: 5, End: true } });
    await expect(runStateMachine(timeout, { input: {}, task: noTasks })).rejects.toThrow(/unsupported field\(s\) TimeoutSeconds/);
    const loop = machine({ Again: { Type: 'Pass', Next: 'Again' } });
    await expect(runStateMachine(loop, { input: {}, task: noTasks, maxSteps: 10 })).rejects.toThrow(/more than 10 steps/);
  });

  it('validateDefinition accepts a valid definition and rejects an invalid one', () => {
    const valid = machine({ Only: { Type: 'Pass', Output: '{% $states.input %}', End: true } });
    expect(validateDefinition(valid)).toEqual([]);
    expect(valid.States.Only).not.toHaveProperty('QueryLanguage'); // the caller's object is not mutated

    const invalid = machine({ Only: { Type: 'Pass', Next: 'Nowhere' } });
    expect(validateDefinition(invalid)).toContainEqual(expect.stringMatching(/MISSING_TRANSITION_TARGET.*Nowhere/));
    const badExpression = machine({ Only: { Type: 'Pass', Output: '{% $states.input. %}', End: true } });
    expect(validateDefinition(badExpression)).not.toEqual([]);
  });
});
