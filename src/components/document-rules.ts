/**
 * The shape of an AWSTOE component document ("Use the AWSTOE component document framework"),
 * shared by the linter and the editor JSON Schema.
 */

/** Keys a document may have at its top level. */
export const TOP_LEVEL_KEYS = ['name', 'description', 'schemaVersion', 'parameters', 'constants', 'phases'] as const;

/** The only schema version; YAML reads an unquoted `1.0` as the number 1. */
export const SCHEMA_VERSION = '1.0';

/** Phases Image Builder runs: build and validate in the build stage, test in the test stage. */
export const PHASE_NAMES = ['build', 'validate', 'test'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/** Phases that run on the build instance, before the snapshot. */
export const BUILD_STAGE_PHASES: readonly string[] = ['build', 'validate'];

/** Keys a step may have. */
export const STEP_KEYS = ['name', 'action', 'timeoutSeconds', 'onFailure', 'maxAttempts', 'inputs', 'loop', 'if'] as const;

export const ON_FAILURE_VALUES = ['Abort', 'Continue', 'Ignore'] as const;

/** `timeoutSeconds: -1` means no timeout; otherwise a positive number of seconds. */
export const INFINITE_TIMEOUT = -1;

/**
 * Step and loop names. AWSTOE documents no pattern of its own; these are the characters that
 * keep a name usable in `{{ phase.step.outputs.stdout }}` chaining expressions.
 */
export const STEP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const STEP_NAME_MAX = 128;

/** Parameter and constant names: 3 to 128 letters, digits, hyphens and underscores. */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z0-9_-]{3,128}$/;

/** Component parameters and constants support only the string type. */
export const VARIABLE_TYPES = ['string'] as const;

export const PARAMETER_KEYS = ['type', 'default', 'description'] as const;
export const CONSTANT_KEYS = ['type', 'value'] as const;

export const LOOP_KEYS = ['name', 'for', 'forEach'] as const;
export const FOR_LOOP_KEYS = ['start', 'end', 'updateBy'] as const;
export const DELIMITED_LIST_KEYS = ['list', 'delimiter'] as const;
/** A delimited `forEach` list splits on one of these characters (default comma). */
export const LOOP_DELIMITERS = ['.', ',', ';', ':', '\n', '\t', ' ', '-', '_'] as const;

/** The iteration variables a loop provides: `{{ loop.index }}` and `{{ loop.value }}`. */
export const LOOP_VARIABLES = ['index', 'value'] as const;

/**
 * What to do about a YAML tag in a component document: Image Builder hands the text to AWSTOE as
 * plain YAML, so CloudFormation's `!Ref` or `!Sub` is never resolved.
 */
export const DOCUMENT_TAG_HINT =
  "remove the tag: Image Builder reads the document as plain YAML and resolves no CloudFormation function; read a parameter as '{{ Name }}'";
