/** AWS identifiers and the naming rules this project enforces on top of Image Builder's. */
import { z } from 'zod';

/** Regions Image Builder runs in (commercial, GovCloud, China). */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

/** The ARN partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

export const regionSchema = z.enum(AWS_REGIONS, {
  error: (issue) => `"${String(issue.input)}" is not an AWS region Image Builder runs in`,
});

export const accountIdSchema = z.string().regex(/^\d{12}$/, { error: 'an AWS account id has exactly 12 digits' });

/**
 * Names of teams, images and components: lower-case letters, digits and single hyphens.
 * Image Builder accepts more, but these names also become Terraform ids, S3 prefixes,
 * IAM role names and stack folders, where only this subset is safe everywhere.
 */
export const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A name schema with a length limit chosen so that every derived AWS name fits its own limit. */
export function nameSchema(what: string, maxLength: number) {
  const a = /^[aeiou]/.test(what) ? 'an' : 'a';
  return z
    .string()
    .min(2, { error: `${a} ${what} name has at least 2 characters` })
    .max(maxLength, { error: `${a} ${what} name has at most ${maxLength} characters` })
    .regex(NAME_PATTERN, {
      error: (issue) => `"${String(issue.input)}" is not a valid ${what} name: use lower-case letters, digits and single hyphens`,
    });
}

/**
 * Image Builder's description limit, in bytes of UTF-8 (`StringLenBetween(1, 1024)` on every
 * Image Builder resource's `description` in internal/service/imagebuilder/*.go).
 */
export const DESCRIPTION_MAX_BYTES = 1024;

/** Whether text fits Image Builder's description limit. */
export function fitsDescription(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') <= DESCRIPTION_MAX_BYTES;
}

/** Team names prefix IAM role names (64 characters at most), so they stay short. */
export const TEAM_NAME_MAX = 32;
/** `<team>-<image>` must fit Image Builder's 128 characters with room for suffixes. */
export const IMAGE_NAME_MAX = 64;
export const COMPONENT_NAME_MAX = 64;

/**
 * A KMS key ARN. Aliases are refused: components and EBS mappings are replaced when AWS reads back
 * the key ARN for an alias (`kms_key_id` is ForceNew in internal/service/imagebuilder/component.go
 * and image_recipe.go, with no diff suppression), `aws_s3_object` re-uploads on every plan
 * (internal/service/s3/object.go stores the key ARN S3 returns), and other accounts cannot use an
 * alias for encrypted copies.
 */
export const kmsKeyArnSchema = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, {
    error: (issue) =>
      String(issue.input).includes('alias/')
        ? `"${String(issue.input)}" is an alias: use the key ARN (aws kms describe-key --key-id <alias> --query KeyMetadata.Arn), because AWS stores key ARNs and other accounts cannot use an alias`
        : `"${String(issue.input)}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)`,
  });

/** The region of a KMS key ARN. */
export function regionOfKeyArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** S3 bucket names (the general-purpose bucket rules). */
export const bucketSchema = z.string().regex(/^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
  error: (issue) => `"${String(issue.input)}" is not a valid S3 bucket name`,
});

/** The component bucket of one region: `<componentBucket>-<region>` (bucket names are global, buckets regional). */
export function componentBucketName(platform: { componentBucket: string }, region: string): string {
  return `${platform.componentBucket}-${region}`;
}

/** The role name (path included) of a role template (`arn:…:role/<path and name>`, with `{accountId}`). */
export function roleNameOfTemplate(template: string): string {
  return template.slice(template.indexOf(':role/') + ':role/'.length);
}

/** The `o-...` id at the end of an AWS Organization ARN. */
export function organizationIdOf(organizationArn: string): string {
  return organizationArn.slice(organizationArn.lastIndexOf('/') + 1);
}

/**
 * The AWS name of a team's Image Builder resource: `<team>-<name>` (an image's recipe, pipeline
 * and the like, and the team's copy of a component, local or shared).
 */
export function teamResourceName(team: string, name: string): string {
  return `${team}-${name}`;
}
