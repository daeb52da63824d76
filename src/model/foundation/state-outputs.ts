/**
 * The state account stack's outputs as `terraform output -json` writes them: an object whose keys
 * are output names and whose values are `{ "sensitive": …, "type": …, "value": … }` (Terraform CLI
 * documentation, "Command: output", `-json`). Nothing in the file is trusted: every output the
 * platform needs must be there, with the value the foundation settings allow.
 */
import { z } from 'zod';
import { kmsKeyArnSchema } from '../../config/aws-names.js';
import type { Problems } from '../../core/problems.js';
import { checkAgainstSchema } from '../../core/schema-check.js';
import { reportAt, type YamlSource } from '../../core/yaml-source.js';
import { CI_ROLE_NAMES, ciRoleOutputName, platformKeyOutputName, roleArn } from '../names.js';

const outputsSchema = z.record(z.string(), z.object({ sensitive: z.boolean(), type: z.unknown(), value: z.unknown() }).strict());

/** What the outputs must match: the state account and the foundation's regions. */
export interface ExpectedOutputs {
  partition: string;
  stateAccountId: string;
  regions: readonly string[];
}

/** What the platform records or sets from the outputs. */
export interface FoundationOutputs {
  /** Region → platform key ARN, for `kmsKeys`. */
  kmsKeys: Record<string, string>;
  /** CI role → its ARN, for the repository variables. */
  ciRoles: Record<keyof typeof CI_ROLE_NAMES, string>;
}

/** The outputs of the state account's stack in `source`; undefined with every problem added. */
export function readFoundationOutputs(source: YamlSource, expected: ExpectedOutputs, problems: Problems): FoundationOutputs | undefined {
  const outputs = checkAgainstSchema(outputsSchema, source, problems, 'the outputs of `terraform output -json`');
  if (!outputs) return undefined;
  const before = problems.errors.length;
  const stack = "the state account's foundation stack";
  const valueOf = (name: string): unknown => {
    if (Object.hasOwn(outputs, name)) return outputs[name]!.value;
    const applied = Object.keys(outputs).length > 0;
    reportAt(
      problems,
      source,
      [],
      `output "${name}" is missing`,
      applied
        ? `these look like the outputs of another stack: run \`terraform output -json\` in the folder of ${stack}`
        : `apply ${stack} first (its outputs are empty)`,
    );
    return undefined;
  };
  const kmsKeys: Record<string, string> = {};
  for (const region of expected.regions) {
    const name = platformKeyOutputName(region);
    const value = valueOf(name);
    if (value === undefined) continue;
    if (typeof value !== 'string' || !kmsKeyArnSchema.safeParse(value).success) {
      reportAt(
        problems,
        source,
        [name, 'value'],
        `${name} is not a KMS key ARN`,
        `it should be the ARN of the key ${stack} created in ${region}`,
      );
    } else kmsKeys[region] = value;
  }
  const ciRoles = {} as FoundationOutputs['ciRoles'];
  for (const role of Object.keys(CI_ROLE_NAMES) as (keyof typeof CI_ROLE_NAMES)[]) {
    const name = ciRoleOutputName(role);
    const value = valueOf(name);
    const arn = roleArn(expected.partition, expected.stateAccountId, CI_ROLE_NAMES[role]);
    if (value === undefined) continue;
    if (value !== arn)
      reportAt(
        problems,
        source,
        [name, 'value'],
        `${name} is ${JSON.stringify(value)}, not ${arn}`,
        `these outputs are not of ${stack} in account ${expected.stateAccountId}`,
      );
    ciRoles[role] = arn;
  }
  return problems.errors.length > before ? undefined : { kmsKeys, ciRoles };
}
