/**
 * The one entry of the commands: `node bin/run.mjs <command> [arguments...]` (what every
 * `npm run <command>` script runs) calls main, which finds the command by name and runs it. Each
 * command's module is loaded only when it runs, so that a command starts without the others'
 * dependencies (the AWS SDK, cdktf).
 */
import type { Command, CommandContext } from './command.js';

export { processContext } from './command.js';

/** Every command by its npm script name, loaded on demand. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  affected: async () => (await import('./affected.js')).affected,
  codeowners: async () => (await import('./codeowners.js')).codeowners,
  'deploy-order': async () => (await import('./deploy-order.js')).deployOrder,
  'fleet-status': async () => (await import('./fleet-status.js')).fleetStatus,
  lineage: async () => (await import('./lineage.js')).lineage,
  'merge-lock': async () => (await import('./merge-lock.js')).mergeLock,
  'new-team': async () => (await import('./new-team.js')).newTeam,
  'pin-parents': async () => (await import('./pin-parents.js')).pinParents,
  platform: async () => (await import('./platform.js')).platform,
  rebuild: async () => (await import('./rebuild.js')).rebuild,
  promote: async () => (await import('./promote.js')).promoteCommand,
  revoke: async () => (await import('./revoke.js')).revoke,
  'refresh-managed-components': async () => (await import('./refresh-managed-components.js')).refreshManagedComponents,
  reference: async () => (await import('./reference.js')).reference,
  report: async () => (await import('./report.js')).report,
  schema: async () => (await import('./schema.js')).schema,
  'setup-merge-driver': async () => (await import('./setup-merge-driver.js')).setupMergeDriver,
  'start-builds': async () => (await import('./start-builds.js')).startBuilds,
  synth: async () => (await import('./synth.js')).synth,
  'synth-preview': async () => (await import('./synth-preview.js')).synthPreview,
  'preview-sweep': async () => (await import('./preview-sweep.js')).previewSweep,
  validate: async () => (await import('./validate.js')).validate,
  versions: async () => (await import('./versions.js')).versions,
};

/** The names main accepts, in order. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS).sort();

/**
 * Runs the command named by the first argument with the rest; resolves to its exit code. No
 * command, or an unknown one, prints the usage with the command names and is exit 2.
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [name, ...args] = argv;
  const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const problem = name === undefined ? 'missing command' : `unknown command "${name}"`;
    context.stderr.write(
      `${problem}\nusage: npm run <command> [-- <arguments>]   (node bin/run.mjs <command> [arguments])\ncommands: ${COMMAND_NAMES.join(', ')}\n`,
    );
    return 2;
  }
  return (await load())(args, context);
}
