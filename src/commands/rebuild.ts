/**
 * `npm run rebuild -- <team>/<image> [--reason "..."]`: an urgent rebuild, e.g. for a serious
 * vulnerability. Starts the image's pipeline with the build account's rebuild role (or deploy role); the image built
 * carries who asked and why in its tags, and the command prints the image build version ARN.
 */
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { awsClients } from '../operations/aws/clients.js';
import { findRebuildTarget, MAX_REASON_LENGTH, reasonProblem } from '../operations/builds/rebuild.js';
import { requester, startPipeline, startTags } from '../operations/builds/start-pipeline.js';
import { describeAwsError } from '../operations/aws/errors.js';
import { TEAM_TAG } from '../model/names.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';

/** People rebuild with the rebuild role; CI's rebuild workflow with the deploy role (GOLDEN_AMI_ROLE=deploy). */
const ROLES = ['rebuild', 'deploy', 'current'] as const satisfies AcceptedRoles;

const options = {
  reason: {
    type: 'string',
    value: '"<why>"',
    description: `why the image is rebuilt now, one line of at most ${MAX_REASON_LENGTH} characters (recorded on the image and in the output)`,
  },
  role: roleOption(ROLES),
} as const;

const command: CommandSpec<typeof options> = {
  name: 'rebuild',
  summary: "Start an image's pipeline now (an urgent rebuild), recording who asked and why.",
  synopsis: '<team>/<image> [--reason "<why>"] [--role <rebuild|deploy|current>]',
  options,
  positionals: [{ name: '<team>/<image>', description: 'the image to rebuild, e.g. web/api', required: true }],
  details: [
    "Assumes the rebuild role golden-ami-rebuilder in the team's build account (from a permission set the platform names in context.platform.foundation.operators.rebuild), or with --role deploy the platform's deployRole (CI's rebuild workflow), with the session tag Team = <team>; it needs imagebuilder:StartImagePipelineExecution.",
    'The image built is tagged golden-ami:started-by and golden-ami:start-reason. Exits 1 when the pipeline could not be started.',
  ],
  examples: ['npm run rebuild -- web/api --reason "CVE-2026-1234 in openssl"'],
  async run(values, positionals, io) {
    const target = positionals[0]!;
    if (!/^[^/]+\/[^/]+$/.test(target)) return usageError(command, `${JSON.stringify(target)} is not <team>/<image>`, io);
    const refused = values.reason === undefined ? undefined : reasonProblem(values.reason);
    if (refused) return usageError(command, `${refused}: nothing was started`, io);
    const { fleet, problems } = loadVersionedFleet(io.cwd);
    if (reportProblems(problems, io) || !fleet) {
      io.err('Nothing was started: fix the problems above first (the pipeline is found from the team files).');
      return 1;
    }
    const found = findRebuildTarget(fleet, target);
    if (typeof found === 'string') {
      io.err(found);
      return 1;
    }
    const { team, pipelineArn: arn } = found;
    const reason = values.reason?.trim() || 'no reason given';
    const access = await openRoleAccess(
      command,
      values.role,
      ROLES,
      fleet.platform,
      [team.account.id],
      { sessionName: `golden-ami-rebuild-${team.name}`, sessionTags: { [TEAM_TAG]: team.name } },
      io,
    );
    if (typeof access === 'number') return access;
    const clientFor = awsClients(access);
    const client = clientFor(ImagebuilderClient, team.region, team.account.id);
    try {
      const imageArn = await startPipeline(client, arn, startTags(requester(io.env), `urgent rebuild: ${reason}`));
      io.out(`Started ${target}: ${imageArn}`);
      io.out(`  asked by ${requester(io.env)}; reason: ${reason}`);
      return 0;
    } catch (error) {
      io.err(`${target}: the pipeline ${arn} was not started: ${describeAwsError(error, 'imagebuilder:StartImagePipelineExecution')}`);
      return 1;
    }
  },
};

/** `npm run rebuild`. */
export const rebuild = commandOf(command);
