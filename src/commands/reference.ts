/** `npm run reference`: regenerate the configuration reference docs/reference.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectReference, REFERENCE_FILE } from '../workflows/configuration-reference.js';
import { runCommand, type CommandSpec } from './command.js';

const command: CommandSpec<Record<string, never>> = {
  name: 'reference',
  summary: `Regenerate the configuration reference ${REFERENCE_FILE} from the schemas' descriptions and the check catalog.`,
  synopsis: '',
  options: {},
  details: ['Commit the result: a test fails while the committed file differs from what this command writes.'],
  examples: ['npm run reference'],
  run() {
    const file = join(process.cwd(), REFERENCE_FILE);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, projectReference());
    console.log(`Wrote ${REFERENCE_FILE}`);
    return 0;
  },
};

void runCommand(command);
