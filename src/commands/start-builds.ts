/**
 * `npm run start-builds -- --stack <team> --outputs <file>`: after `cdktf deploy --outputs-file`,
 * starts a build of every image whose deployed recipe version has no image yet
 * (src/operations/builds/start-builds.ts), as the build account's deploy role (CI's deploy job) or rebuild role (--role).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { buildsOnDeploy } from '../model/deploy-outputs.js';
import { formatBuildStart, startBuildsOnDeploy } from '../operations/builds/start-builds.js';
import { requester, startTags } from '../operations/builds/start-pipeline.js';
import { awsClients } from '../operations/aws/clients.js';
import { checkBuildsOnDeploy } from '../operations/builds/outputs-check.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { TEAM_TAG } from '../model/names.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';

/** CI's deploy job starts builds with the deploy role; a person can with the rebuild role, which may list and start them too. */
const ROLES = ['deploy', 'rebuild', 'current'] as const satisfies AcceptedRoles;

const options = {
  stack: { type: 'string', value: '<team>', description: 'the team stack that was deployed' },
  outputs: { type: 'string', value: '<file>', description: 'the file `cdktf deploy --outputs-file` wrote' },
  'dry-run': { type: 'boolean', description: 'list the builds that would start, start none' },
  role: roleOption(ROLES),
} as const;

const command: CommandSpec<typeof options> = {
  name: 'start-builds',
  summary:
    'Start a build of every image of a deployed stack whose recipe version has no image yet (images with buildOnDeploy: false are left out).',
  synopsis: '--stack <team> --outputs <file> [--dry-run] [--role <deploy|rebuild|current>]',
  options,
  details: [
    'An image already built, being built or failed for the deployed recipe version is not started again; a re-run starts nothing twice.',
    "Starts only the pipelines of the stack's own team: an entry whose pipeline or recipe is not what the team files derive (name, build account, region) is an error, and nothing is started.",
    "Assumes the platform's deployRole in the pipeline's account, as the stack's provider does; it needs imagebuilder:ListImagePipelineImages and imagebuilder:StartImagePipelineExecution. Exits 1 when any image could not be checked or started.",
  ],
  examples: [
    'npx cdktf deploy web --auto-approve --outputs-file outputs.json',
    'npm run start-builds -- --stack web --outputs outputs.json',
  ],
  async run(values, _positionals, io) {
    if (!values.stack || !values.outputs) return usageError(command, 'both --stack and --outputs are needed', io);
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, values.outputs), 'utf8');
    } catch (error) {
      io.err(`cannot read ${values.outputs}: ${(error as Error).message}`);
      return 1;
    }
    const entries = buildsOnDeploy(text, values.outputs, values.stack);
    if (typeof entries === 'string') {
      io.err(entries);
      return 1;
    }
    if (!entries.size) {
      io.out(`${values.stack}: no image builds on deploy.`);
      return 0;
    }
    const { fleet, problems } = loadVersionedFleet(io.cwd);
    if (reportProblems(problems, io) || !fleet) {
      io.err('Nothing was started: fix the problems above first (the outputs are checked against the team files).');
      return 1;
    }
    const team = fleet.teams.find((candidate) => candidate.name === values.stack);
    if (!team) {
      io.err(`Nothing was started: no team "${values.stack}" (teams: ${fleet.teams.map((candidate) => candidate.name).join(', ')})`);
      return 1;
    }
    const checked = checkBuildsOnDeploy(entries, team, values.outputs);
    if (checked.errors.length) {
      for (const error of checked.errors) io.err(error);
      io.err(`Nothing was started: ${values.outputs} names pipelines that are not ${team.name}'s.`);
      return 1;
    }
    const access = await openRoleAccess(
      command,
      values.role,
      ROLES,
      fleet.platform,
      [team.account.id],
      { sessionName: `golden-ami-start-builds-${values.stack}`, sessionTags: { [TEAM_TAG]: team.name } },
      io,
    );
    if (typeof access === 'number') return access;
    const clients = awsClients(access);
    const clientFor = (region: string, accountId: string) => clients(ImagebuilderClient, region, accountId);
    const results = await startBuildsOnDeploy(checked.targets, {
      clientFor,
      tags: startTags(requester(io.env), 'deploy created a new recipe version', io.env.GITHUB_SHA),
      dryRun: values['dry-run'],
    });
    for (const result of results) (result.outcome === 'failed' ? io.err : io.out)(`${values.stack}/${formatBuildStart(result)}`);
    return results.some((result) => result.outcome === 'failed') ? 1 : 0;
  },
};

/** `npm run start-builds`. */
export const startBuilds = commandOf(command);
