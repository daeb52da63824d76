/**
 * Schemas of the less common image settings: AMI names, user data, working directory, EBS
 * snapshots and the metadata hop limit. Each holds the provider's and AWS's limits, so a bad
 * value is reported at its team.yaml line rather than by `terraform plan`.
 */
import { z } from 'zod';
import { BUILD_VARIABLE } from './tags.js';

/** IMDS hop limit of build instances: 1 keeps instance credentials away from containers. */
export const DEFAULT_HOP_LIMIT = 1;

/**
 * hashicorp/aws 6.25.0, `ami_distribution_configuration.name`
 * (internal/service/imagebuilder/distribution_configuration.go): `StringLenBetween(0, 127)` and this
 * pattern (Go's `\s` spelt out), the same rules src/checks/conformance/rules/imagebuilder.ts checks.
 */
const PROVIDER_AMI_NAME = /^[0-9A-Za-z_{-][0-9A-Za-z_.\t\n\f\r :{}-]+[0-9A-Za-z_}-]$/;
export const AMI_NAME_MAX_BYTES = 127;
/** EC2's characters for an AMI name (CreateImage), which the rest must keep once the variables are filled in. */
const EC2_AMI_NAME = /^[A-Za-z0-9()[\] ./'@_-]*$/;

/** The problem with an AMI name pattern, if any. */
function amiNameProblem(name: string): string | undefined {
  if (Buffer.byteLength(name, 'utf8') > AMI_NAME_MAX_BYTES)
    return `an AMI name has at most ${AMI_NAME_MAX_BYTES} characters, the {{ ... }} variables included (it has ${name.length})`;
  if (!PROVIDER_AMI_NAME.test(name))
    return 'an AMI name uses letters, digits, spaces and _ . - (and {{ }} around variables), and starts and ends with a letter, digit, _ or -';
  if (!name.match(BUILD_VARIABLE))
    return 'an AMI name needs {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }}, or the second build fails on a name already taken';
  if (!EC2_AMI_NAME.test(name.replace(BUILD_VARIABLE, '')))
    return 'outside the {{ imagebuilder:... }} variables an AMI name uses letters, digits, spaces and _ . - only (EC2 refuses : { } and line breaks)';
  return undefined;
}

/** An AMI name pattern, e.g. `museum-ecs-host-{{ imagebuilder:buildDate }}`. */
export const amiNameSchema = z
  .string()
  .superRefine((name, ctx) => {
    const problem = amiNameProblem(name);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: problem,
        params: { hint: 'e.g. museum-web-{{ imagebuilder:buildDate }}; see images[].amiName in the config reference, docs/reference.md' },
      });
  })
  .meta({ pattern: PROVIDER_AMI_NAME.source, maxLength: AMI_NAME_MAX_BYTES });

/**
 * Image Builder's `userDataOverride` is base64 of at most 21847 characters (the provider's
 * `user_data_base64`: `StringLenBetween(1, 21847)`, internal/service/imagebuilder/image_recipe.go),
 * which is 16383 bytes of text.
 */
export const USER_DATA_MAX_BASE64 = 21847;

/** User data text, sent base64-encoded byte for byte. */
export const userDataSchema = z
  .string()
  .min(1, { error: 'user data cannot be empty' })
  .superRefine((text, ctx) => {
    const encoded = Buffer.from(text, 'utf8').toString('base64').length;
    if (encoded > USER_DATA_MAX_BASE64) {
      ctx.addIssue({
        code: 'custom',
        message: `user data is ${Buffer.byteLength(text, 'utf8')} bytes, ${encoded} characters in base64, over Image Builder's ${USER_DATA_MAX_BASE64} (16383 bytes of text)`,
        params: { hint: 'move the work into a component; user data only starts the instance' },
      });
    }
  });

/** The recipe's `working_directory`: an absolute path, 1-1024 bytes (image_recipe.go). */
export const workingDirectorySchema = z
  .string()
  .regex(/^(\/|[A-Za-z]:\\)/, { error: 'the working directory is an absolute path, e.g. /opt/build or C:\\build' })
  .refine((path) => Buffer.byteLength(path, 'utf8') <= 1024, { error: 'the working directory has at most 1024 bytes' });

/** An EBS snapshot id (`block_device_mapping.ebs.snapshot_id`). */
export const snapshotIdSchema = z
  .string()
  .regex(/^snap-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, { error: 'a snapshot id looks like snap-0123456789abcdef0' });

/** The instance metadata hop limit (`http_put_response_hop_limit`, 1-64 in infrastructure_configuration.go). */
export const hopLimitSchema = z.number().int().min(1).max(64).default(DEFAULT_HOP_LIMIT);
