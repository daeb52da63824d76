/** The committed editor schemas are generated from the validation schemas and kept current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorSchemas, schemaFileText } from '../src/workflows/editor-schemas.js';
import { REPO_ROOT } from './support/fixture.js';

describe('editor JSON schemas', () => {
  for (const [file, schema] of Object.entries(editorSchemas())) {
    it(`${file} is current (run npm run schema when this fails)`, () => {
      expect(readFileSync(join(REPO_ROOT, file), 'utf8')).toBe(schemaFileText(schema));
    });
  }

  it('is referenced by every team.yaml', () => {
    for (const team of ['platform', 'collections']) {
      expect(readFileSync(join(REPO_ROOT, 'teams', team, 'team.yaml'), 'utf8')).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/team\.schema\.json$/m,
      );
    }
  });
});
