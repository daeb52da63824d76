/** Editor JSON Schemas, generated from the same zod schemas that validate the files. */
import { z } from 'zod';
import { componentJsonSchema } from '../components/component-schema.js';
import { teamSchema } from '../config/team-schema.js';

/** Committed JSON Schemas, by path relative to the repository root. */
export function editorSchemas(): Record<string, unknown> {
  return {
    'schema/team.schema.json': {
      ...z.toJSONSchema(teamSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }),
      title: 'Golden AMI team config (teams/<team>/team.yaml)',
    },
    'schema/component.schema.json': componentJsonSchema(),
  };
}

/** The text a schema file is committed with. */
export function schemaFileText(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
