/**
 * `npm run platform -- foundation-role --bootstrap-principal <arn>...`: prints the CloudFormation
 * template of the role every foundation stack runs as (src/model/foundation/foundation-role.ts), for a
 * person with administrator access to create in each account before the bootstrap.
 */
import { loadPlatformSettings } from '../config/platform.js';
import { Problems } from '../core/problems.js';
import { foundationRoleTemplate } from '../model/foundation/foundation-role.js';
import { usageError, type CommandSpec } from './command.js';
import { reportProblems } from '../core/output.js';

/** A role or user ARN; `*` only inside the name (IAM Identity Center roles end in a generated suffix). */
const PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/*-]{1,512}$/;

const options = {
  'bootstrap-principal': {
    type: 'string',
    multiple: true,
    value: '<arn>',
    description:
      'a role (or user) ARN of the people who bootstrap, e.g. arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AdministratorAccess_*',
  },
} as const;

export const foundationRoleCommand: CommandSpec<typeof options> = {
  name: 'platform',
  subcommand: 'foundation-role',
  summary:
    'Print the CloudFormation template of the role the foundation stacks run as (foundation.foundationRole): trusted by the bootstrap principals and the CI foundation role.',
  synopsis: '--bootstrap-principal <arn>...',
  options,
  details: [
    'Create it in every account listed in cdktf.json "accounts" (e.g. aws cloudformation deploy --template-file foundation-role.json --stack-name golden-ami-foundation-role --capabilities CAPABILITY_NAMED_IAM, with an administrator of the account).',
    'Bootstrap with the credentials of a bootstrap principal: the foundation stacks assume this role from there.',
  ],
  examples: [
    'npm run -s platform -- foundation-role --bootstrap-principal arn:aws:iam::111111111111:role/platform-admin > foundation-role.json',
  ],
  run(values, _positionals, io) {
    const principals = values['bootstrap-principal'] ?? [];
    if (!principals.length) return usageError(foundationRoleCommand, 'missing --bootstrap-principal <arn>', io);
    const wrong = principals.filter((arn) => !PRINCIPAL.test(arn));
    if (wrong.length) {
      for (const arn of wrong)
        io.err(`--bootstrap-principal ${arn}: not an IAM role or user ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
      return 1;
    }
    const problems = new Problems();
    const platform = loadPlatformSettings(io.cwd, problems);
    if (reportProblems(problems, io) || !platform) return 1;
    if (!platform.foundation) {
      io.err('cdktf.json: the platform settings have no "foundation"\n    hint: run `npm run platform -- init` first');
      return 1;
    }
    io.out(
      JSON.stringify(
        foundationRoleTemplate({ platform: { ...platform, foundation: platform.foundation }, bootstrapPrincipals: principals }),
        null,
        2,
      ),
    );
    return 0;
  },
};
