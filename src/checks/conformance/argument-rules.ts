/**
 * The pinned AWS provider's own validation of the arguments the stacks set, as data. Each rule
 * is read from the provider's source at hashicorp/aws 6.25.0 and cites the file it came from,
 * so a reviewer can check it against the provider and a provider upgrade can be re-read.
 */

/** The provider the rules were read from. */
export const PINNED_PROVIDER = 'hashicorp/aws 6.25.0';

/** A value check the provider runs at plan time (its `ValidateFunc`/validators). */
export type ValueCheck =
  /** `validation.StringLenBetween` and friends: Go counts **bytes** (UTF-8), not characters. */
  | { kind: 'bytes'; min?: number; max?: number }
  /** `validation.StringMatch` / `StringDoesNotMatch` (`negate`), anchored as the provider writes it. */
  | { kind: 'pattern'; pattern: RegExp; negate?: boolean; message: string }
  /** `validation.StringInSlice` / `enum.Validate` (case-sensitive unless `ignoreCase`). */
  | { kind: 'enum'; values: readonly string[]; ignoreCase?: boolean }
  /** `validation.IntBetween`, `IntAtLeast`, `IntAtMost`. */
  | { kind: 'range'; min?: number; max?: number }
  /** `validation.StringIsJSON` / `verify.ValidIAMPolicyJSON` (a JSON object). */
  | { kind: 'json' }
  /** `verify.ValidARN`: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
  | { kind: 'arn' }
  /** `verify.ValidAccountID`: 12 digits. */
  | { kind: 'account-id' };

/** The rules of one argument, or of one nested block, of a resource. */
export interface ArgumentRule {
  /**
   * Path below the resource in Terraform JSON names, nested blocks joined with dots, e.g.
   * `distribution.ami_distribution_configuration.launch_permission.user_ids`.
   */
  argument: string;
  /** `Required: true` (for a block: `MinItems: 1` with `Required`). Checked where the parent block is present. */
  required?: boolean;
  /** `MinItems`/`MaxItems` of a list, set or block; `MaxItems: 1` blocks included. */
  items?: { min?: number; max?: number };
  /** Checks of the value; for a list or set of strings, of every element. */
  checks?: readonly ValueCheck[];
  /** `ConflictsWith`: sibling paths (full argument paths) that must not be set together with this one. */
  conflictsWith?: readonly string[];
  /** `ExactlyOneOf`: full argument paths of which exactly one is set (listed on each member). */
  exactlyOneOf?: readonly string[];
  /** `AtLeastOneOf`: full argument paths of which at least one is set. */
  atLeastOneOf?: readonly string[];
  /** `RequiredWith`: full argument paths that must be set when this one is. */
  requiredWith?: readonly string[];
  /** `ForceNew: true`: a change replaces the resource (versioning depends on it for components and recipes). */
  forceNew?: boolean;
  /** The provider file, e.g. `internal/service/imagebuilder/component.go`, and the AWS doc when the rule is AWS's. */
  source: string;
}

/** Every rule of one resource type. */
export interface ResourceRules {
  /** Terraform type, e.g. `aws_imagebuilder_component`. */
  type: string;
  /** The provider file declaring the schema. */
  source: string;
  arguments: readonly ArgumentRule[];
}
