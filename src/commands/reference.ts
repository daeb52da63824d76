/** `npm run reference`: regenerate the configuration reference docs/reference.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectReference, REFERENCE_FILE } from '../workflows/configuration-reference.js';
import { commandOf, type CommandSpec } from './command.js';

const command: CommandSpec<Record<string, never>> = {
  name: 'reference',
  summary: `Regenerate the configuration reference ${REFERENCE_FILE} from the schemas' descriptions and the check catalog.`,
  synopsis: '',
  options: {},
  details: ['Commit the result: a test fails while the committed file differs from what this command writes.'],
  examples: ['npm run reference'],
  run(_values, _positionals, io) {
    const file = join(io.cwd, REFERENCE_FILE);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, projectReference());
    io.out(`Wrote ${REFERENCE_FILE}`);
    return 0;
  },
};

/** `npm run reference`. */
export const reference = commandOf(command);
