/** `npm run schema`: regenerate the committed editor JSON Schemas under schema/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { editorSchemas, schemaFileText } from '../config/json-schema.js';

for (const [file, schema] of Object.entries(editorSchemas())) {
  mkdirSync(dirname(join(process.cwd(), file)), { recursive: true });
  writeFileSync(join(process.cwd(), file), schemaFileText(schema));
  console.log(`Wrote ${file}`);
}
