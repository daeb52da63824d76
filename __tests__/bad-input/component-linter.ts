/** Component documents written the way real ones are: permissions AWSTOE cannot set, CloudFormation tags. */
import type { BadInput } from '../support/bad-input.js';
import type { FixtureRepo } from '../support/fixture.js';

const CONTAINER_RUNTIME = 'components-yaml/container-runtime.yaml';
const DOCUMENT_TAG_HINT =
  /^remove the tag: Image Builder reads the document as plain YAML and resolves no CloudFormation function; read a parameter as '\{\{ Name \}\}'$/;

/** Puts a step (lines indented as a step's fields) first in container-runtime.yaml's build phase (a Linux component). */
function withFirstStep(repo: FixtureRepo, lines: string): FixtureRepo {
  return repo.edit(CONTAINER_RUNTIME, '    steps:\n', `    steps:\n${lines}\n`);
}

export const cases: BadInput[] = [
  {
    name: 'a component document: an expression opened with {{ and never closed',
    change: (r) => r.edit('components-yaml/ssm-agent.yaml', 'dnf install -y amazon-ssm-agent', 'dnf install -y {{ agentPackage'),
    file: 'components-yaml/ssm-agent.yaml',
    path: 'phases[0].steps[0].inputs.commands[0]',
    where: ['{{ agentPackage'],
    message: /^"\{\{ agentPackage" opens an expression with \{\{ and never closes it$/,
    hint: /^write \{\{ agentPackage \}\}/,
  },
  {
    name: 'a component document: permissions with a digit that is not octal',
    change: (r) =>
      withFirstStep(
        r,
        "      - name: Restrict\n        action: SetFilePermissions\n        inputs:\n          - path: /etc/app.conf\n            permissions: '0888'",
      ),
    file: CONTAINER_RUNTIME,
    path: 'phases[0].steps[0].inputs[0].permissions',
    where: ["'0888'"],
    message: /^"permissions" 0888 is not three octal digits \(0-7\), optionally after a 0$/,
    hint: /^write the owner, group and others digits in quotes, e\.g\. '0644' or '755'$/,
  },
  {
    name: 'a component document: an unquoted sticky-bit mode (1777)',
    change: (r) =>
      withFirstStep(
        r,
        '      - name: Scratch\n        action: CreateFolder\n        inputs:\n          - path: /srv/scratch\n            permissions: 1777',
      ),
    file: CONTAINER_RUNTIME,
    path: 'phases[0].steps[0].inputs[0].permissions',
    where: ['1777'],
    message: /^"permissions" 1777 is not three octal digits \(0-7\), optionally after a 0$/,
    hint: /^AWSTOE sets only the owner, group and others permissions: set the setuid, setgid or sticky bit with chmod in an ExecuteBash step$/,
  },
  {
    name: 'a component document: a CloudFormation !Sub tag',
    change: (r) =>
      withFirstStep(
        r,
        '      - name: Fetch\n        action: ExecuteBash\n        inputs:\n          commands:\n            - !Sub aws s3 cp s3://${Bucket}/app.tgz /tmp/',
      ),
    file: CONTAINER_RUNTIME,
    path: 'phases[0].steps[0].inputs.commands[0]',
    where: ['!Sub'],
    message: /^the YAML tag "!Sub" is not allowed$/,
    hint: DOCUMENT_TAG_HINT,
  },
  {
    name: 'a component document: a CloudFormation !Ref tag on a path',
    change: (r) => withFirstStep(r, '      - name: Clean\n        action: DeleteFile\n        inputs:\n          - path: !Ref LogFile'),
    file: CONTAINER_RUNTIME,
    path: 'phases[0].steps[0].inputs[0].path',
    where: ['!Ref'],
    message: /^the YAML tag "!Ref" is not allowed$/,
    hint: DOCUMENT_TAG_HINT,
  },
];
