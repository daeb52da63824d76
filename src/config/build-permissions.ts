/** What a team may let its build instances read besides the defaults: named buckets, secrets, parameters and keys. */
import { z } from 'zod';
import { kmsKeyArnSchema } from './aws-names.js';

/** S3 bucket names (Amazon S3 User Guide, "General purpose bucket naming rules"): 3–63 lower-case letters, digits, dots, hyphens. */
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'a bucket name has 3 to 63 lower-case letters, digits, dots and hyphens' });

/** An object key prefix: no wildcards (the policy adds one), no leading slash. */
const keyPrefix = z
  .string()
  .regex(/^[A-Za-z0-9!_.()'\-/]{1,512}$/, { error: "a key prefix uses letters, digits and ! _ . ( ) ' - /, without * or ?" })
  .refine((prefix) => !prefix.startsWith('/'), { error: 'an S3 key prefix does not start with /', params: { hint: 'write e.g. "installers/"' } });

const s3Read = z
  .object({
    bucket: bucketName,
    prefix: keyPrefix.optional().describe('Only objects under this prefix; default: the whole bucket.'),
  })
  .strict();

/** A Secrets Manager secret ARN, with the six characters Secrets Manager appends to the name. */
const secretArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}$/, {
    error: 'a secret is given by its full ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>',
  });

/** An SSM parameter name in the build account and region: a path such as /collections/iiif/licence. */
const parameterName = z
  .string()
  .regex(/^\/[A-Za-z0-9_.\-/]{1,1010}$/, { error: 'a parameter is a full path such as /collections/iiif/licence (letters, digits and _ . - /, no *)' });

/** Extra read permissions of the team's build role; each field generates one narrow statement. */
export const buildPermissionsSchema = z
  .object({
    readS3: z.array(s3Read).default([]).describe('Buckets (and prefixes) whose objects build instances may list and read.'),
    readSecrets: z.array(secretArn).default([]).describe('Secrets Manager secret ARNs build instances may read.'),
    readSsmParameters: z.array(parameterName).default([]).describe('SSM parameters in the build account and region build instances may read.'),
    decryptWithKmsKeys: z.array(kmsKeyArnSchema).default([]).describe('KMS key ARNs build instances may decrypt with.'),
  })
  .strict();

/** The team's `buildInstance` settings. */
export const buildInstanceSchema = z
  .object({ permissions: buildPermissionsSchema.prefault({}) })
  .strict()
  .describe("Settings of the team's build and test instances.");

export type BuildPermissionsConfig = z.output<typeof buildPermissionsSchema>;
