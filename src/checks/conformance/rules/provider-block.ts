/** The AWS provider block's own arguments: `assume_role`, `default_tags` and `region`. */
import type { ArgumentRule } from '../argument-rules.js';

const PROVIDER = 'internal/provider/sdkv2/provider.go';
const PROVIDER_VALIDATE = 'internal/provider/sdkv2/validate.go';
const VERIFY = 'internal/verify/validate.go';

/** The provider block's rules; the region is judged at configure time, not by the schema (docs/provider-rules.md, "The provider block"). */
export const PROVIDER_BLOCK_RULES: readonly ArgumentRule[] = [
  // A list with no MaxItems: several blocks chain role assumptions.
  { argument: 'assume_role', source: PROVIDER },
  {
    // Optional in the schema ("for historical reasons, we allow an empty `assume_role` block"). At
    // configure time a single block without role_arn is a warning that it will become required;
    // with several blocks each one without role_arn is an error.
    argument: 'assume_role.role_arn',
    checks: [{ kind: 'arn' }],
    source: `${PROVIDER}, ${VERIFY}`,
  },
  {
    // validAssumeRoleSessionName: StringLenBetween(2, 64) and the unanchored `[\w+=,.@\-]*`, which
    // matches every string; only the length really constrains.
    argument: 'assume_role.session_name',
    checks: [
      { kind: 'bytes', min: 2, max: 64 },
      { kind: 'pattern', pattern: /[\w+=,.@-]*/, message: 'must match [\\w+=,.@-]* (unanchored: never rejects)' },
    ],
    source: PROVIDER_VALIDATE,
  },
  { argument: 'default_tags', items: { max: 1 }, source: PROVIDER },
  // A map of strings; no check of keys or values (environment variables with tftags.DefaultTagsEnvVarPrefix are merged under it).
  { argument: 'default_tags.tags', source: PROVIDER },
  { argument: 'region', source: `${PROVIDER}, internal/conns/config.go` },
];
