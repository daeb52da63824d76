/**
 * A parent image found by owner and name, for publishers without public SSM parameters or Image
 * Builder images (Red Hat, Oracle Linux, a team's own AMIs). No upstream release changes a recipe by
 * itself (docs/design.md, "Rules that keep Terraform and Image Builder at peace", rule 8): the recipe
 * takes the AMI id pinned in the team's lock by `npm run pin-parents`, never the newest match at
 * plan time, so an upstream release changes nothing until someone pins it.
 *
 * Trusted owners: an account id (one publisher), `amazon` (AMIs Amazon owns) and `self` (the
 * build account). `aws-marketplace` is every Marketplace seller: any of them can publish an AMI
 * whose name matches, so a Marketplace lookup must also name the product (`productCode`), which
 * only its seller can publish under; the seller's account id as `owner` is the other safe way.
 *
 * Deprecated AMIs match only by explicit opt-in (`includeDeprecated: true`), which the
 * `deprecated-parent` check makes each image waive with a reason.
 */
import { z } from 'zod';
import { goldenLabel, isGoldenParent, type GoldenParent } from './golden-parent.js';

/** DescribeImages `Owners`: an account id or one of EC2's owner aliases (EC2 API reference, DescribeImages). */
const OWNER = /^(\d{12}|self|amazon|aws-marketplace)$/;

/** The owner alias that stands for every AWS Marketplace seller. */
export const MARKETPLACE = 'aws-marketplace';

/** An AWS Marketplace product code, as DescribeImages' `product-code` filter takes it (e.g. `aw0evgkw8e5c1q413zgy5pjce`). */
const PRODUCT_CODE = /^[a-z0-9]{1,64}$/;

/**
 * An AMI name pattern: EC2's name characters (letters, digits, `( ) [ ] space . / - ' @ _`,
 * 3–128; EC2 API reference, RegisterImage `Name`) plus the filter wildcards `*` and `?`.
 */
const NAME_PATTERN = /^[A-Za-z0-9()[\] ./'@_*?-]{3,128}$/;

export const parentLookupSchema = z
  .object({
    owner: z
      .string()
      .regex(OWNER, { error: 'owner is a 12-digit account id (quoted), self, amazon or aws-marketplace' })
      .describe('Owner of the AMIs: a 12-digit account id (Red Hat 309956199498, Oracle 131827586825), self, amazon or aws-marketplace.'),
    name: z
      .string()
      .regex(NAME_PATTERN, {
        error: "an AMI name pattern has 3-128 letters, digits, spaces and ( ) [ ] . / - ' @ _, with * and ? as wildcards",
      })
      .describe('AMI name pattern, * and ? as wildcards, e.g. RHEL-9.*_HVM-*-x86_64-*-Hourly2-GP3.'),
    architecture: z
      .enum(['x86_64', 'arm64'])
      .default('x86_64')
      .describe('Only AMIs of this architecture match, and the instance types are checked against it.'),
    productCode: z
      .string()
      .regex(PRODUCT_CODE, { error: 'a product code is lower-case letters and digits, as in its AWS Marketplace listing' })
      .optional()
      .describe(
        'The AWS Marketplace product code (lower-case letters and digits, from the listing): only AMIs of that product match (DescribeImages filter product-code). Required with owner aws-marketplace.',
      ),
    includeDeprecated: z
      .boolean()
      .optional()
      .describe(
        'Also match deprecated AMIs (DescribeImages IncludeDeprecated), for a parent that exists only deprecated (RHEL 6.10). Needs an exception { check: deprecated-parent, reason } on the image.',
      ),
  })
  .strict()
  .superRefine((lookup, context) => {
    if (lookup.owner === MARKETPLACE && lookup.productCode === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['owner'],
        message:
          "owner aws-marketplace matches the AMIs of every Marketplace seller, so anyone can publish a matching name: add productCode (from the product's Marketplace listing), or give the seller's account id as owner",
      });
    }
  });

export type ParentLookup = z.output<typeof parentLookupSchema>;

/** How a lookup reads in messages and the report: `309956199498/RHEL-9.*_HVM-*-x86_64-*`, with `[product <code>]` when it names one. */
export function lookupLabel(lookup: Pick<ParentLookup, 'owner' | 'name' | 'productCode'>): string {
  return `${lookup.owner}/${lookup.name}${lookup.productCode === undefined ? '' : ` [product ${lookup.productCode}]`}`;
}

/** A team.yaml `parentImage` as messages show it. */
export function parentLabel(parentImage: string | ParentLookup | GoldenParent): string {
  if (isGoldenParent(parentImage)) return goldenLabel(parentImage);
  return typeof parentImage === 'string' ? parentImage : `${lookupLabel(parentImage)} (${parentImage.architecture})`;
}
