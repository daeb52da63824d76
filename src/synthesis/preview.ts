/**
 * A preview synth (`npm run synth-preview`): the named teams' preview stacks
 * (`<team>-preview-<id>`, model/fleet/preview.ts) at content versions
 * (versioning/preview-versions.ts), checked like every stack, into the output folder. It writes no
 * version lock (a stale lock is brought up to date in memory only) and synthesises no foundation
 * stack and no production stack.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { findingProblems } from '../checks/engine.js';
import { consolePrinter, type Printer } from '../core/output.js';
import { formatProblems } from '../core/problems.js';
import { previewAccountIds } from '../config/team-grants.js';
import { Problems } from '../core/problems.js';
import { reportProblems } from '../core/output.js';
import type { BuildInfo } from '../model/fleet/build-info.js';
import type { Team } from '../model/fleet/fleet.js';
import { previewTeam, type PreviewRequest } from '../model/fleet/preview.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { withContentVersions } from '../versioning/preview-versions.js';
import type { AssumedRole } from '../stacks/team-stack.js';
import { checkedFleet, DEFAULT_OUTDIR, synthesizeAndCheck, teamSourcesOf } from './pipeline.js';
import { createStagingFolder } from './staging-folder.js';
import { replaceOutputFolder } from './terraform-working-files.js';

export interface PreviewSynthOptions {
  /** The preview id (`pr-<number>` or a branch slug) and the branch it builds. */
  id: string;
  branch: string;
  /** The teams to preview (the command decides them: named, or those the branch changed). */
  teams: readonly string[];
  outdir?: string;
  buildInfo?: BuildInfo;
  role?: AssumedRole;
  print?: Printer;
  env?: NodeJS.ProcessEnv;
  /** Told the stacks written, once the output folder is in place. */
  onWritten?: (stacks: string[]) => void;
}

/** Synthesises the preview stacks; resolves to the exit code (every problem printed, nothing written on any). */
export async function synthesizePreview(root: string, options: PreviewSynthOptions): Promise<number> {
  const { print = consolePrinter } = options;
  const loaded = loadVersionedFleet(root);
  // Stale locks are no problem here: the preview's versions come from content, and no lock is written.
  const fleet = checkedFleet(loaded, false, print);
  if (!fleet) return 1;
  const problems = new Problems();
  const messages: string[] = [];
  const previews: Team[] = [];
  for (const name of options.teams) {
    const team = fleet.teams.find((candidate) => candidate.name === name);
    if (!team) {
      messages.push(`no team "${name}" in teams/: preview one of ${fleet.teams.map((t) => t.name).join(', ')}`);
      continue;
    }
    const request: PreviewRequest = {
      id: options.id,
      branch: options.branch,
      accountIds: previewAccountIds(root, fleet.platform, name, problems),
    };
    const made = previewTeam(team, request);
    messages.push(...made.problems);
    if (made.team) previews.push(withContentVersions(made.team));
  }
  if (reportProblems(problems, print) || messages.length) {
    for (const message of messages) print.err(`error: ${message}`);
    print.err('Nothing was synthesised.');
    return 1;
  }
  const outdir = resolve(root, options.outdir ?? DEFAULT_OUTDIR);
  const staging = createStagingFolder(outdir);
  try {
    const sources = teamSourcesOf(loaded);
    const commit = options.buildInfo?.commit;
    const { violations, conformance, stacks } = await synthesizeAndCheck({ platform: fleet.platform, teams: previews }, staging, {
      buildInfo: {
        ...(options.buildInfo?.repository ? { repository: options.buildInfo.repository } : {}),
        ...(commit ? { commits: Object.fromEntries(previews.map((team) => [team.name, commit])) } : {}),
      },
      role: options.role,
      root,
      env: options.env,
      teamsOnly: true,
      teamSources: new Map(
        previews.flatMap((team) => (sources.has(team.preview!.team) ? [[team.name, sources.get(team.preview!.team)!]] : [])),
      ),
    });
    if (violations.length || conformance.length) {
      print.err(formatProblems([...findingProblems(violations), ...conformance]));
      print.err('Nothing was synthesised: the preview breaks the policy and provider checks above.');
      return 1;
    }
    replaceOutputFolder(staging, outdir);
    options.onWritten?.(stacks.map((stack) => stack.name));
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
