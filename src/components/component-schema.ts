/**
 * The editor JSON Schema (draft-07) for component documents, built from the same tables as the
 * linter: the action modules and the document rules. Editors use it for completion and quick
 * checks; `lintComponentDocument` remains the full check.
 */
import {
  ACTION_MODULE_NAMES,
  ACTION_MODULES,
  PERMISSION_MODE,
  type ActionModule,
  type InputFields,
  type InputType,
} from './action-modules.js';
import {
  CONSTANT_KEYS,
  DELIMITED_LIST_KEYS,
  FOR_LOOP_KEYS,
  INFINITE_TIMEOUT,
  LOOP_DELIMITERS,
  LOOP_KEYS,
  ON_FAILURE_VALUES,
  PARAMETER_KEYS,
  PHASE_NAMES,
  SCHEMA_VERSION,
  STEP_KEYS,
  STEP_NAME_MAX,
  STEP_NAME_PATTERN,
  TOP_LEVEL_KEYS,
  VARIABLE_NAME_PATTERN,
  VARIABLE_TYPES,
} from './document-rules.js';
import { WHOLE_EXPRESSION } from './references.js';

type JsonSchema = Record<string, unknown>;

const expression: JsonSchema = {
  type: 'string',
  pattern: WHOLE_EXPRESSION.source,
  description: 'A {{ parameter }} or chaining expression.',
};
const scalar: JsonSchema = { type: ['string', 'number', 'boolean'] };

/** The JSON Schema for `components-yaml/*.yaml` and `teams/<team>/components/*.yaml`. */
export function componentJsonSchema(): JsonSchema {
  const properties: Record<(typeof TOP_LEVEL_KEYS)[number], JsonSchema> = {
    name: { type: 'string', description: 'Name of the document (informational; the file name names the component).' },
    description: { type: 'string', description: 'What the component does; becomes the component description.' },
    schemaVersion: { enum: [1, SCHEMA_VERSION], description: `Always ${SCHEMA_VERSION}.` },
    parameters: variablesSchema('parameter', PARAMETER_KEYS, ['type']),
    constants: variablesSchema('constant', CONSTANT_KEYS, CONSTANT_KEYS),
    phases: { type: 'array', minItems: 1, items: { $ref: '#/definitions/phase' } },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'AWSTOE component document (components-yaml/*.yaml, teams/<team>/components/*.yaml)',
    type: 'object',
    additionalProperties: false,
    required: ['schemaVersion', 'phases'],
    properties,
    definitions: { phase: phaseSchema(), step: stepSchema(), loop: loopSchema() },
  };
}

const VARIABLE_FIELDS: Record<(typeof PARAMETER_KEYS | typeof CONSTANT_KEYS)[number], JsonSchema> = {
  type: { enum: [...VARIABLE_TYPES] },
  default: { type: 'string', description: 'The value when team.yaml sets none, as quoted text.' },
  value: { type: 'string', description: 'The value, as quoted text.' },
  description: { type: 'string' },
};

function variablesSchema(kind: string, keys: readonly (keyof typeof VARIABLE_FIELDS)[], required: readonly string[]): JsonSchema {
  return {
    type: 'array',
    description: `Each entry is one ${kind}: its name as the only key, its fields below it.`,
    items: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      propertyNames: { pattern: VARIABLE_NAME_PATTERN.source },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: [...required],
        properties: Object.fromEntries(keys.map((key) => [key, VARIABLE_FIELDS[key]])),
      },
    },
  };
}

function phaseSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'steps'],
    properties: {
      name: {
        enum: [...PHASE_NAMES],
        description: 'build and validate run before the snapshot, test on an instance launched from the image.',
      },
      steps: { type: 'array', minItems: 1, items: { $ref: '#/definitions/step' } },
    },
  };
}

function stepSchema(): JsonSchema {
  const properties: Record<(typeof STEP_KEYS)[number], JsonSchema> = {
    name: { type: 'string', pattern: STEP_NAME_PATTERN.source, maxLength: STEP_NAME_MAX },
    action: { enum: [...ACTION_MODULE_NAMES] },
    timeoutSeconds: {
      type: 'integer',
      anyOf: [{ const: INFINITE_TIMEOUT }, { minimum: 1 }],
      description: 'Seconds (default 7200); -1 for no timeout.',
    },
    onFailure: {
      enum: [...ON_FAILURE_VALUES],
      description: 'Abort (default) stops the document; Continue fails it but runs on; Ignore never fails.',
    },
    maxAttempts: { type: 'integer', minimum: 1, description: 'Attempts before the step fails (default 1).' },
    inputs: { description: "The action module's inputs." },
    loop: { $ref: '#/definitions/loop' },
    if: { type: ['object', 'array'], description: 'A condition: run the step only when it holds.' },
  };
  return {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'action'],
    properties,
    allOf: [...ACTION_MODULES.values()].map((module) => ({
      if: { required: ['action'], properties: { action: { const: module.name } } },
      then: {
        ...(module.inputs.shape === 'map' && module.inputs.optional ? {} : { required: ['inputs'] }),
        properties: { inputs: inputsSchema(module) },
      },
    })),
  };
}

function inputsSchema(module: ActionModule): JsonSchema {
  const platform = module.platform === 'any' ? '' : ` (${module.platform} only)`;
  const description = `${module.name}${platform}: ${module.description}`;
  const spec = module.inputs;
  switch (spec.shape) {
    case 'expression':
      return { type: 'object', minProperties: 1, description };
    case 'map':
      return {
        ...fieldsSchema(spec.fields),
        ...(spec.exactlyOneOf ? { oneOf: spec.exactlyOneOf.map((name) => ({ required: [name] })) } : {}),
        description,
      };
    case 'list': {
      const [first, second] = spec.bothOrNeither ?? [];
      const dependencies = first && second ? { dependencies: { [first]: [second], [second]: [first] } } : {};
      return { type: 'array', minItems: 1, items: { ...fieldsSchema(spec.fields), ...dependencies }, description };
    }
  }
}

function fieldsSchema(fields: InputFields): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(fields).filter((name) => fields[name]!.required),
    properties: Object.fromEntries(
      Object.entries(fields).map(([name, field]) => [name, { ...typeSchema(field.type), description: field.description }]),
    ),
  };
}

function typeSchema(type: InputType): JsonSchema {
  switch (type.kind) {
    case 'string':
      return scalar;
    case 'mode':
      return { anyOf: [{ type: 'string', pattern: PERMISSION_MODE.source }, { type: 'integer' }, expression] };
    case 'integer':
      return { anyOf: [{ type: 'integer', ...(type.minimum === undefined ? {} : { minimum: type.minimum }) }, expression] };
    case 'boolean':
      return { anyOf: [{ type: 'boolean' }, expression] };
    case 'stringList':
      return { type: 'array', items: { type: ['string', 'number'] } };
    case 'stringMap':
      return { type: 'object', additionalProperties: scalar };
    case 'scalarOrList':
      return { anyOf: [scalar, { type: 'array', items: scalar }] };
    case 'enum':
      return type.caseInsensitive ? { type: 'string', examples: [...type.values] } : { anyOf: [{ enum: [...type.values] }, expression] };
    case 'records':
      return { type: 'array', items: fieldsSchema(type.fields) };
  }
}

function loopSchema(): JsonSchema {
  const properties: Record<(typeof LOOP_KEYS)[number], JsonSchema> = {
    name: {
      type: 'string',
      pattern: STEP_NAME_PATTERN.source,
      description: 'Lets the step refer to {{ <name>.value }} as well as {{ loop.value }}.',
    },
    for: {
      type: 'object',
      additionalProperties: false,
      required: [...FOR_LOOP_KEYS],
      properties: Object.fromEntries(FOR_LOOP_KEYS.map((key) => [key, { type: 'integer' }])),
    },
    forEach: {
      anyOf: [
        { type: 'array', minItems: 1, items: { type: 'string' } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['list'],
          properties: Object.fromEntries(
            DELIMITED_LIST_KEYS.map((key) => [key, key === 'list' ? { type: 'string' } : { enum: [...LOOP_DELIMITERS] }]),
          ),
        },
      ],
    },
  };
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    oneOf: [{ required: ['for'] }, { required: ['forEach'] }],
  };
}
