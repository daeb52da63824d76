/**
 * `npm run synth-preview -- <id> [--team <team>]... [--base <ref>] [--branch <branch>]`: the preview
 * stacks (`<team>-preview-<id>`) of the named teams, or of the teams the branch changed since its
 * merge base with `--base` (the rules of `npm run affected`), into cdktf.out/stacks/. No version lock
 * is written and no other stack is synthesised (src/synthesis/preview.ts).
 */
import { resolve } from 'node:path';
import { loadTeams } from '../config/teams.js';
import { reportProblems } from '../core/output.js';
import { Problems } from '../core/problems.js';
import { previewIdOfBranch, previewIdProblem } from '../model/fleet/preview.js';
import { cliContext, DEFAULT_OUTDIR, readCdktfSettings, synthOptionsFromEnvironment } from '../synthesis/pipeline.js';
import { synthesizePreview } from '../synthesis/preview.js';
import { affectedSince } from '../workflows/affected-since.js';
import { commandOf, usageError, type CommandSpec } from './command.js';

const options = {
  team: {
    type: 'string',
    multiple: true,
    value: '<team>',
    description: 'a team to preview (repeat for more); default: the teams the branch changed',
  },
  base: {
    type: 'string',
    value: '<ref>',
    description: 'without --team: preview the teams changed since the merge base with this ref (default origin/main)',
  },
  branch: {
    type: 'string',
    value: '<branch>',
    description: 'the branch built, for {{ golden-ami:branch }} parameters (default: GITHUB_HEAD_REF, else GITHUB_REF_NAME)',
  },
  output: {
    type: 'string',
    short: 'o',
    value: '<dir>',
    description: `the output folder (default: cdktf.json "output", else ${DEFAULT_OUTDIR})`,
  },
} as const;

const command: CommandSpec<typeof options> = {
  name: 'synth-preview',
  summary: 'Synthesise preview stacks <team>-preview-<id> of a branch: test accounts only, no production parameter, no lock written.',
  synopsis: '[<id>] [--team <team>]... [--base <ref>] [--branch <branch>] [--output <dir>]',
  options,
  positionals: [
    {
      name: 'id',
      description: 'the preview id: pr-<number> or a branch slug (lower case, at most 20 characters); default: the slug of the branch',
      required: false,
    },
  ],
  details: [
    "Each preview stack has its own state key (previews/<id>/<team>/terraform.tfstate), its resources are named <team>-preview-<id>-… and tagged golden-ami:preview=<id>, and it distributes only to the team's previewAccounts (teams/<team>/platform.yaml).",
    'Versions come from content, never from the locks; no lock file is written, whatever their state.',
  ],
  examples: ['npm run synth-preview -- pr-42', 'npm run synth-preview -- my-branch --team collections --branch my-branch'],
  async run(values, positionals, io) {
    const branch = values.branch ?? (io.env.GITHUB_HEAD_REF || io.env.GITHUB_REF_NAME);
    if (!branch)
      return usageError(command, 'say which branch is built: --branch <branch> (CI sets GITHUB_HEAD_REF or GITHUB_REF_NAME)', io);
    const id = positionals[0] ?? previewIdOfBranch(branch);
    const idProblem = previewIdProblem(id);
    if (idProblem) return usageError(command, idProblem, io);
    if (values.team?.length && values.base !== undefined) return usageError(command, 'give --team or --base, not both', io);
    const root = io.cwd;
    let teams = values.team ?? [];
    if (!teams.length) {
      const problems = new Problems();
      const loaded = loadTeams(root, problems);
      if (reportProblems(problems, io)) return 1;
      teams = affectedSince(root, values.base ?? 'origin/main', loaded).teams;
      if (!teams.length) {
        io.out(`The branch changes no team since ${values.base ?? 'origin/main'}: nothing to preview.`);
        return 0;
      }
    }
    const settings = readCdktfSettings(root);
    const inherited = process.env.CDKTF_CONTEXT_JSON;
    process.env.CDKTF_CONTEXT_JSON = JSON.stringify(cliContext(settings, io.env.CDKTF_CONTEXT_JSON));
    try {
      const { buildInfo, role } = synthOptionsFromEnvironment(io.env);
      return await synthesizePreview(root, {
        id,
        branch,
        teams,
        buildInfo,
        role,
        outdir: resolve(root, values.output ?? settings.output ?? DEFAULT_OUTDIR),
        print: io,
        env: io.env,
        onWritten: (stacks) => io.out(`Synthesised preview stacks ${stacks.join(', ')} (branch ${branch}); no version lock written`),
      });
    } catch (error) {
      if (!(error instanceof Error) || error.name === 'GitError') throw error;
      io.err(`error: ${error.message}`);
      io.err('Nothing was synthesised.');
      return 1;
    } finally {
      if (inherited === undefined) delete process.env.CDKTF_CONTEXT_JSON;
      else process.env.CDKTF_CONTEXT_JSON = inherited;
    }
  },
};

/** `npm run synth-preview`. */
export const synthPreview = commandOf(command);
