/**
 * `npm run preview-sweep -- [--older-than-days N] [--preview <id>] [--dry-run]`: deletes what
 * previews made (src/operations/previews/sweep.ts) in every account of the directory and every
 * foundation region, with each account's preview role, and prints what it removed and what it
 * could not. Exit 1 when anything could not be listed or removed.
 */
import { loadPlatformSettings } from '../config/platform.js';
import { reportProblems } from '../core/output.js';
import { Problems } from '../core/problems.js';
import { previewIdProblem } from '../model/fleet/preview.js';
import { awsClients } from '../operations/aws/clients.js';
import { sweepPreviews, type SweepItem, type SweepReport } from '../operations/previews/sweep.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';

/** CI sweeps with the preview role; a person may try with their own credentials (--role current). */
const ROLES = ['preview', 'current'] as const satisfies AcceptedRoles;
const DEFAULT_DAYS = 7;

const options = {
  'older-than-days': {
    type: 'string',
    value: '<N>',
    description: `only what was created at least N days ago (default ${DEFAULT_DAYS}; 0: everything)`,
  },
  preview: { type: 'string', value: '<id>', description: "only this preview's resources (the cleanup after its pull request closes)" },
  'dry-run': { type: 'boolean', description: 'list what would be removed, remove nothing' },
  role: roleOption(ROLES),
} as const;

const command: CommandSpec<typeof options> = {
  name: 'preview-sweep',
  summary: 'Delete what preview builds left (Image Builder resources, AMIs and their snapshots) after N days, and report it.',
  synopsis: '[--older-than-days <N>] [--preview <id>] [--dry-run] [--role <preview|current>]',
  options,
  details: [
    'Looks in every account of the directory and every foundation region for resources tagged golden-ami:preview (or named <team>-preview-<id>-…): Image Builder pipelines, images, recipes, components, infrastructure, distribution and lifecycle policies, AMIs (deregistered, then their snapshots deleted) and snapshots.',
    'Something already gone counts as removed; access denied in one account is reported and the others are swept. Exits 1 when anything could not be listed or removed.',
  ],
  examples: ['npm run preview-sweep -- --dry-run', 'npm run preview-sweep -- --older-than-days 0 --preview pr-42'],
  async run(values, _positionals, io) {
    const daysText = values['older-than-days'] ?? String(DEFAULT_DAYS);
    if (!/^\d{1,4}$/.test(daysText))
      return usageError(command, `--older-than-days ${JSON.stringify(daysText)} is not a whole number of days`, io);
    const idProblem = values.preview === undefined ? undefined : previewIdProblem(values.preview);
    if (idProblem) return usageError(command, idProblem, io);
    const problems = new Problems();
    const platform = loadPlatformSettings(io.cwd, problems);
    if (reportProblems(problems, io) || !platform) {
      io.err('Nothing was swept: fix the problems above first (the accounts come from cdktf.json).');
      return 1;
    }
    const accountIds = [...new Set(Object.values(platform.accounts))];
    const regions = platform.foundation?.regions ?? [platform.defaultRegion];
    const access = await openRoleAccess(command, values.role, ROLES, platform, accountIds, { sessionName: 'golden-ami-preview-sweep' }, io);
    if (typeof access === 'number') return access;
    const report = await sweepPreviews(
      awsClients(access),
      accountIds.flatMap((accountId) => regions.map((region) => ({ accountId, region }))),
      { olderThanDays: Number(daysText), preview: values.preview, dryRun: Boolean(values['dry-run']), now: new Date() },
    );
    for (const line of reportLines(report, Boolean(values['dry-run']))) io.out(line);
    return report.failed.length ? 1 : 0;
  },
};

const where = (item: { accountId: string; region: string }) => `${item.accountId} ${item.region}`;
const itemLine = (item: SweepItem) =>
  `  ${where(item)}  ${item.kind} ${item.id}${item.preview ? ` (preview ${item.preview})` : ''}${item.alreadyGone ? ' (already gone)' : ''}`;

/** The report: what was removed (or would be), what could not be, what had no creation date. */
export function reportLines(report: SweepReport, dryRun: boolean): string[] {
  return [
    `${dryRun ? 'Would remove' : 'Removed'} ${report.removed.length} preview resource${report.removed.length === 1 ? '' : 's'}${report.removed.length ? ':' : '.'}`,
    ...report.removed.map(itemLine),
    ...(report.failed.length
      ? [
          `Could not remove or list ${report.failed.length}:`,
          ...report.failed.map((f) => `  ${where(f)}  ${f.kind}${f.id ? ` ${f.id}` : ''}: ${f.error}`),
        ]
      : []),
    ...(report.undated.length ? [`Left ${report.undated.length} without a creation date:`, ...report.undated.map(itemLine)] : []),
  ];
}

/** `npm run preview-sweep`. */
export const previewSweep = commandOf(command);
