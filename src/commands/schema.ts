/** `npm run schema`: regenerate the committed editor JSON Schemas under schema/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { editorSchemas, schemaFileText } from '../workflows/editor-schemas.js';
import { commandOf, type CommandSpec } from './command.js';

const command: CommandSpec<Record<string, never>> = {
  name: 'schema',
  summary: 'Regenerate the editor JSON Schemas under schema/ (for team.yaml and component documents) from the validation schemas.',
  synopsis: '',
  options: {},
  details: ['Commit the result: editors read the schemas through the `# yaml-language-server: $schema=...` line of each file.'],
  examples: ['npm run schema'],
  run(_values, _positionals, io) {
    for (const [file, schema] of Object.entries(editorSchemas())) {
      mkdirSync(dirname(join(io.cwd, file)), { recursive: true });
      writeFileSync(join(io.cwd, file), schemaFileText(schema));
      io.out(`Wrote ${file}`);
    }
    return 0;
  },
};

/** `npm run schema`. */
export const schema = commandOf(command);
