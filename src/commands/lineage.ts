/**
 * `npm run lineage -- <team>/<image>`: the image's ancestors and descendants among the fleet's images,
 * with their recipe versions, offline from the fleet model; with `--aws` (or a `--role`), also what
 * AWS says: each image's builds, their AMIs and the parent each was built on (src/operations/lineage).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { SSMClient } from '@aws-sdk/client-ssm';
import { awsClients } from '../operations/aws/clients.js';
import { gatherLineage, type ImageInAws, type LineageClients } from '../operations/lineage/gather.js';
import { findImage, lineageImages, lineageOf, renderLineageText } from '../workflows/lineage.js';
import { loadVersionedFleet } from '../versioning/sync.js';
import { reportProblems } from '../core/output.js';
import { commandOf, usageError, type CommandSpec } from './command.js';
import { openRoleAccess, roleOption, type AcceptedRoles } from './role-option.js';
import type { RoleAccess } from '../operations/aws/role-access.js';

const ROLES = ['plan', 'operator', 'current'] as const satisfies AcceptedRoles;
/** The builds shown per image in the text output (the JSON has every one). */
const BUILDS_SHOWN = 5;

const options = {
  json: { type: 'boolean', description: 'print JSON: {"lineage":{image, ancestors, descendants}, "aws":[...]} (aws with --aws only)' },
  aws: { type: 'boolean', description: 'also ask AWS, read-only, for the builds, AMIs and parents of every image of the lineage' },
  role: roleOption(ROLES),
} as const;

function lineageClients(access: RoleAccess): LineageClients {
  const clientFor = awsClients(access);
  return {
    imagebuilder: (region, accountId) => clientFor(ImagebuilderClient, region, accountId),
    ec2: (region, accountId) => clientFor(EC2Client, region, accountId),
    ssm: (region, accountId) => clientFor(SSMClient, region, accountId),
  };
}

const command: CommandSpec<typeof options> = {
  name: 'lineage',
  summary:
    "Show an image's ancestors and descendants among the fleet's images, with versions; with --aws, the AMIs built and the parent of each.",
  synopsis: '<team>/<image> [--json] [--aws] [--role <plan|operator|current>]',
  options,
  positionals: [{ name: '<team>/<image>', description: 'the image, e.g. platform/container-host', required: true }],
  details: [
    'Offline by default: the fleet model, versions from the locks; no credentials needed.',
    "With --aws or --role, asks each image's build account with the platform's plan role (as fleet-status does): Image Builder ListImagePipelineImages, EC2 DescribeImages of the image's AMIs, and for an image built on a fleet image SSM GetParameterHistory of its parent parameter. An account that denies access is reported for its images; the rest completes.",
    'Exits 0, 1 when AWS could not answer for some image (the output says which), 2 on a usage or configuration error.',
  ],
  examples: [
    'npm run lineage -- platform/container-host',
    'npm run lineage -- website/web-server --aws --role operator',
    'npm run -s lineage -- platform/container-host --json',
  ],
  async run(values, positionals, io) {
    const key = positionals[0]!; // commandOf requires exactly the one positional
    const { fleet, problems } = loadVersionedFleet(io.cwd);
    if (reportProblems(problems, io) || !fleet) {
      io.err('lineage needs a valid configuration: fix the problems above first.');
      return 2;
    }
    const found = findImage(fleet, key);
    if ('error' in found) return usageError(command, found.error, io);
    const lineage = lineageOf(fleet, key);
    if (!values.aws && values.role === undefined) {
      io.out(values.json ? JSON.stringify({ lineage }, null, 2) : renderLineageText(lineage));
      return 0;
    }
    const images = lineageImages(lineage);
    const accountIds = [...new Set(images.map((image) => image.accountId))];
    const access = await openRoleAccess(command, values.role, ROLES, fleet.platform, accountIds, { sessionName: 'golden-ami-lineage' }, io);
    if (typeof access === 'number') return access;
    const aws = await gatherLineage(images, lineageClients(access));
    io.out(values.json ? JSON.stringify({ lineage, aws }, null, 2) : `${renderLineageText(lineage)}\n\n${renderAwsText(aws)}`);
    return aws.some((image) => image.problems.length) ? 1 : 0;
  },
};

/** Each image's newest builds, with the parent each was built on, and what AWS would not say. */
export function renderAwsText(images: readonly ImageInAws[]): string {
  return images
    .map((image) => {
      const head = `${image.image} in ${image.accountId} ${image.region}:`;
      const builds = image.builds.slice(0, BUILDS_SHOWN).map((build) => {
        const on = build.builtOn;
        const parent = on
          ? `  on ${on.image} ${on.version ?? '(version unknown)'} ${on.ami ?? '(AMI unknown)'}${on.from ? ` (from the ${on.from})` : ''}`
          : '';
        return `  ${build.version} ${build.status} ${build.created ?? 'undated'} ${build.ami ?? '-'}${parent}`;
      });
      const more = image.builds.length > BUILDS_SHOWN ? [`  … ${image.builds.length - BUILDS_SHOWN} older builds (--json lists them)`] : [];
      const none = image.builds.length ? [] : ['  no builds'];
      const problems = image.problems.map((p) => `  could not check ${p.accountId} ${p.region}: ${p.action}: ${p.kind}: ${p.message}`);
      return [head, ...builds, ...more, ...none, ...problems].join('\n');
    })
    .join('\n');
}

/** `npm run lineage`. */
export const lineage = commandOf(command);
