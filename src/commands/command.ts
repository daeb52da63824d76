/**
 * What every command is: a function of its arguments and a context (working directory,
 * environment, output streams) that resolves to its exit code, so that the entry (main.ts) and
 * tests run it in-process alike. How it reads its arguments: `node:util` `parseArgs` in strict
 * mode, a `--help` text built from the same option table, and a one-line error plus the usage
 * (exit 2) for an unknown option or a missing value, never a stack trace. A git failure ends the
 * command with git's message and exit 1.
 */
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { GitError } from '../core/git.js';
import { printerFor, type Printer, type TextStream } from '../core/output.js';

/** What a command runs in: the working directory, the environment and the standard streams. */
export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: TextStream;
  stderr: TextStream;
  /** Where a command that asks (platform init) reads answers; without it, nobody can answer. */
  stdin?: Readable & { isTTY?: boolean };
}

/** A command: its arguments (after the command name) in a context; resolves to the exit code. */
export type Command = (args: string[], context: CommandContext) => Promise<number>;

/** A running command's context, with printers of whole lines to its standard output and error. */
export interface CommandIo extends CommandContext, Printer {}

/** One option: how it is written on the command line and what it does. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** How the value is written in the help, e.g. `<ref>`; only for string options. */
  value?: string;
  multiple?: boolean;
  short?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** What parseArgs returns for a table of options. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? O[K]['multiple'] extends true
      ? boolean[]
      : boolean
    : O[K]['multiple'] extends true
      ? string[]
      : string;
};

export interface CommandSpec<O extends OptionSpecs> {
  /** The npm script name, e.g. `versions`. */
  name: string;
  /** The subcommand, for a script that has several (`npm run platform -- init`). */
  subcommand?: string;
  /** One sentence: what the command does. */
  summary: string;
  /** The synopsis after `npm run <name> --`, e.g. `[--check] [--bump <id>=<kind>]...`; empty when it takes nothing. */
  synopsis: string;
  options: O;
  /** Positional arguments, e.g. `['<team>']`; none accepted when absent. */
  positionals?: { name: string; description: string; required: boolean }[];
  /** Longer notes after the options: exit codes, what is written. */
  details?: string[];
  examples: string[];
  run(values: OptionValues<O>, positionals: string[], io: CommandIo): number | Promise<number>;
}

/** `npm run <name>`, or `npm run <name> -- <subcommand>`. */
function invocation(spec: CommandSpec<OptionSpecs>): string {
  return spec.subcommand ? `npm run ${spec.name} -- ${spec.subcommand}` : `npm run ${spec.name}`;
}

/** `usage: npm run <name> -- <synopsis>` (without the `--` when the command takes nothing). */
export function usageLine(spec: CommandSpec<OptionSpecs>): string {
  if (spec.subcommand) return `usage: ${invocation(spec)}${spec.synopsis ? ` ${spec.synopsis}` : ''}`;
  return spec.synopsis ? `usage: npm run ${spec.name} -- ${spec.synopsis}` : `usage: npm run ${spec.name}`;
}

/** The line after a usage error that says where the options are described. */
function helpPointer(spec: CommandSpec<OptionSpecs>): string {
  return `Run \`${spec.subcommand ? invocation(spec) : `npm run ${spec.name} --`} --help\` for the options.`;
}

/** The width the help text is wrapped to. */
const HELP_WIDTH = 100;

/** `text` wrapped at spaces to HELP_WIDTH columns, the lines after the first indented by `indent` spaces. */
function wrapped(text: string, firstWidth: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  let room = firstWidth;
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = HELP_WIDTH - indent;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The `--help` text: summary, usage, arguments, options, details and examples, wrapped to 100 columns. */
export function helpText(spec: CommandSpec<OptionSpecs>): string {
  const flag = (name: string, option: OptionSpec) =>
    `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'string' ? ` ${option.value ?? '<value>'}` : ''}`;
  const rows: [string, string][] = [
    ...(spec.positionals ?? []).map((p): [string, string] => [p.name, p.required ? p.description : `${p.description} (optional)`]),
    ...Object.entries(spec.options).map(([name, option]): [string, string] => [
      flag(name, option),
      option.multiple ? `${option.description} (repeatable)` : option.description,
    ]),
    ['-h, --help', 'print this help and exit'],
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    wrapped(spec.summary, HELP_WIDTH, 0),
    '',
    usageLine(spec),
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${wrapped(right, HELP_WIDTH - width - 4, width + 4)}`),
    ...(spec.details?.length ? ['', ...spec.details.map((detail) => wrapped(detail, HELP_WIDTH, 0))] : []),
    '',
    'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
  ].join('\n');
}

/** The argument error parseArgs reports, in one line. */
function argumentError(error: unknown): string | undefined {
  if (!(error instanceof TypeError) || !('code' in error) || typeof error.code !== 'string' || !error.code.startsWith('ERR_PARSE_ARGS'))
    return undefined;
  return error.message.split('\n')[0]!.replace(/\. To specify a positional argument starting with a '-'.*$/, '');
}

/**
 * Parses `args` for the command. Returns the exit code when the command ends here (help printed,
 * or a usage error reported), otherwise the values and positionals.
 */
export function parseCommandLine<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  args: string[],
  print: Printer,
): { exit: number } | { values: OptionValues<O>; positionals: string[] } {
  const options = { ...spec.options, help: { type: 'boolean' as const, short: 'h' } };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = argumentError(error);
    if (message === undefined) throw error;
    print.err(`${message}\n${usageLine(spec)}\n${helpPointer(spec)}`);
    return { exit: 2 };
  }
  if (parsed.values.help) {
    print.out(helpText(spec));
    return { exit: 0 };
  }
  const accepted = spec.positionals ?? [];
  const required = accepted.filter((p) => p.required).length;
  const usageProblem =
    parsed.positionals.length > accepted.length
      ? `unexpected argument "${parsed.positionals[accepted.length]!}"`
      : parsed.positionals.length < required
        ? `missing ${accepted[parsed.positionals.length]!.name}`
        : undefined;
  if (usageProblem) {
    print.err(`${usageProblem}\n${usageLine(spec)}\n${helpPointer(spec)}`);
    return { exit: 2 };
  }
  const { help: _help, ...values } = parsed.values;
  return { values: values as OptionValues<O>, positionals: parsed.positionals };
}

/** Reports a usage error the option table cannot express (e.g. two options that exclude each other); returns 2. */
export function usageError(spec: CommandSpec<OptionSpecs>, message: string, print: Printer): number {
  print.err(`${message}\n${usageLine(spec)}\n${helpPointer(spec)}`);
  return 2;
}

/**
 * The command that runs the subcommand named by its first argument (`npm run platform -- init …`).
 * `--help` lists the subcommands; none, or an unknown one, is a usage error (exit 2).
 */
export function subcommands(name: string, summary: string, specs: CommandSpec<OptionSpecs>[]): Command {
  return async (args, context) => {
    const [subcommand, ...rest] = args;
    const spec = specs.find((candidate) => candidate.subcommand === subcommand);
    if (spec) return runCommand(spec, rest, context);
    const print = printerFor(context.stdout, context.stderr);
    const usage = `usage: npm run ${name} -- <${specs.map((candidate) => candidate.subcommand).join('|')}> [options]`;
    if (subcommand === '--help' || subcommand === '-h') {
      const width = Math.max(...specs.map((candidate) => candidate.subcommand!.length));
      const rows = specs.map(
        (candidate) => `  ${candidate.subcommand!.padEnd(width)}  ${wrapped(candidate.summary, HELP_WIDTH - width - 4, width + 4)}`,
      );
      const examples = specs.flatMap((candidate) => candidate.examples.slice(0, 1)).map((example) => `  ${example}`);
      print.out(
        [
          wrapped(summary, HELP_WIDTH, 0),
          '',
          usage,
          '',
          'Subcommands:',
          ...rows,
          '',
          'Options:',
          '  -h, --help  print this help, or with a subcommand its options',
          '',
          'Examples:',
          ...examples,
        ].join('\n'),
      );
      return 0;
    }
    print.err(
      [
        subcommand === undefined ? 'missing subcommand' : `unknown subcommand "${subcommand}"`,
        usage,
        `Run \`npm run ${name} -- --help\` for the subcommands.`,
      ].join('\n'),
    );
    return 2;
  };
}

/** Runs the command on `args` in `context`; resolves to its exit code. */
export async function runCommand<O extends OptionSpecs>(spec: CommandSpec<O>, args: string[], context: CommandContext): Promise<number> {
  const io: CommandIo = { ...context, ...printerFor(context.stdout, context.stderr) };
  try {
    const parsed = parseCommandLine(spec, args, io);
    return 'exit' in parsed ? parsed.exit : await spec.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    io.err(error.message);
    return 1;
  }
}

/** The command that parses its arguments by `spec` and runs it. */
export function commandOf<O extends OptionSpecs>(spec: CommandSpec<O>): Command {
  return (args, context) => runCommand(spec, args, context);
}

/** The context of this process: its working directory, environment and standard streams. */
export function processContext(): CommandContext {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}
