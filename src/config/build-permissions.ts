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
  .refine((prefix) => !prefix.startsWith('/'), {
    error: 'an S3 key prefix does not start with /',
    params: { hint: 'write e.g. "installers/"' },
  });

/** Buckets by name pattern: at least three characters of the name, then `*` (e.g. `museum-artefacts-*`). */
const bucketPattern = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{2,61}\*$/, { error: 'a bucket pattern is at least three characters of a bucket name, then *' });

/** Why a wider grant is needed; reviewers read it, and validate and the report list it. */
const grantReason = z.string().trim().min(10, { error: 'give a reason of at least 10 characters: reviewers read it' });

const s3Read = z
  .object({
    bucket: z
      .union([bucketName, bucketPattern], {
        error: 'a bucket name has 3 to 63 lower-case letters, digits, dots and hyphens (or ends in * as a pattern, with a reason)',
      })
      .describe('A bucket name, or a name pattern ending in * (needs a reason).'),
    prefix: keyPrefix.optional().describe('Only objects under this prefix; default: the whole bucket.'),
    reason: grantReason.optional().describe('Why build instances read buckets by pattern; required with a pattern.'),
  })
  .strict()
  .superRefine((read, ctx) => {
    if (read.bucket.endsWith('*') && read.reason === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['bucket'],
        message: `reading every bucket named like "${read.bucket}" needs a reason`,
        params: { hint: 'add reason: ... (reviewers read it; validate and the report list it), or name the bucket' },
      });
    }
  });

const s3Write = z
  .object({
    bucket: bucketName.describe('S3 bucket name.'),
    prefix: keyPrefix.describe('Objects are written only under this prefix (no *).'),
    reason: grantReason.describe('Why build instances write there; validate and the report list it.'),
  })
  .strict();

/** A Secrets Manager secret ARN, with the six characters Secrets Manager appends to the name. */
const secretArn = z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}$/, {
  error: 'a secret is given by its full ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>',
});

/** An SSM parameter name in the build account and region: a path such as /collections/iiif/licence. */
const parameterName = z.string().regex(/^\/[A-Za-z0-9_.\-/]{1,1010}$/, {
  error: 'a parameter is a full path such as /collections/iiif/licence (letters, digits and _ . - /, no *)',
});

/** Extra permissions of the team's build role; each field generates one narrow statement, and the wider ones need a reason. */
export const buildPermissionsSchema = z
  .object({
    readS3: z
      .array(s3Read)
      .default([])
      .describe(
        'Buckets (and prefixes, no * and no leading /) whose objects build instances may get (s3:GetObject on arn:aws:s3:::<bucket>/<prefix>*) and list (s3:ListBucket on the bucket, s3:prefix like <prefix>*); without a prefix, the whole bucket. A bucket may be a name pattern, at least three characters then * (museum-artefacts-*, one bucket per environment), which needs a reason that validate and the report list.',
      ),
    writeS3: z
      .array(s3Write)
      .default([])
      .describe(
        "Bucket prefixes build instances may put objects under (s3:PutObject on arn:aws:s3:::<bucket>/<prefix>*), e.g. a configuration run's results, each with a reason of 10+ characters that validate and the report list.",
      ),
    readSecrets: z
      .array(secretArn)
      .default([])
      .describe(
        'Secrets Manager secret ARNs with the six-character suffix (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbC123, no *): secretsmanager:GetSecretValue.',
      ),
    readSsmParameters: z
      .array(parameterName)
      .default([])
      .describe(
        'Parameter paths (/collections/iiif/licence, no *) in the build account and region: ssm:GetParameter and ssm:GetParameters.',
      ),
    decryptWithKmsKeys: z
      .array(kmsKeyArnSchema)
      .default([])
      .describe('KMS key ARNs (no aliases): kms:Decrypt, e.g. for objects or secrets encrypted with them.'),
  })
  .strict();

/** The team's `buildInstance` settings. */
export const buildInstanceSchema = z
  .object({
    permissions: buildPermissionsSchema
      .prefault({})
      .describe('What build instances may read and write besides the defaults; each entry becomes one narrow statement of the build role.'),
  })
  .strict()
  .describe("Settings of the team's build and test instances.");

export type BuildPermissionsConfig = z.output<typeof buildPermissionsSchema>;
