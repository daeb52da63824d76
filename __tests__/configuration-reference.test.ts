/** The configuration reference docs/reference.md is generated from the schemas and the check catalog, and kept current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogChecks, configurationReference, projectReference, REFERENCE_FILE } from '../src/workflows/configuration-reference.js';
import { WAIVABLE_CHECK_IDS } from '../src/config/check-ids.js';
import { REPO_ROOT } from './support/fixture.js';

/** The table rows of a reference, by their first cell. */
function rows(text: string): Map<string, string[]> {
  return new Map(
    text
      .split('\n')
      .filter((line) => /^\| `/.test(line))
      .map((line) => {
        const cells = line.slice(2, -2).split(/ (?<!\\)\| /);
        return [cells[0]!, cells.slice(1)];
      }),
  );
}

describe('the configuration reference', () => {
  it(`${REFERENCE_FILE} is current (run npm run reference when this fails)`, () => {
    expect(readFileSync(join(REPO_ROOT, REFERENCE_FILE), 'utf8')).toBe(projectReference());
  });

  it('lists every field with its type, whether it is required, its default and its description, nested fields by path', () => {
    const schema = z
      .object({
        name: z.string().max(64).describe('The name.'),
        size: z.number().int().min(1).max(10).default(3).describe('How many.'),
        kind: z.enum(['a', 'b']).optional(),
        items: z.array(z.object({ id: z.string().describe('An id | with a bar.') }).strict()).default([]),
        parent: z.union([z.string(), z.object({ owner: z.string() }).strict()]),
      })
      .strict();
    const text = configurationReference([{ title: '`x.yaml`', intro: 'A file.', schema }], []);
    expect(text).toContain('- [`x.yaml`](#xyaml)');
    const table = rows(text);
    expect(table.get('`name`')).toEqual(['text, at most 64 characters', 'yes', '', 'The name.']);
    expect(table.get('`size`')).toEqual(['whole number, 1–10', '', '`3`', 'How many.']);
    expect(table.get('`kind`')).toEqual(['`a`, `b`', '', '', '']);
    expect(table.get('`items`')).toEqual(['list of mappings', '', '`[]`', '']);
    expect(table.get('`items[].id`')).toEqual(['text', 'yes', '', 'An id \\| with a bar.']);
    expect(table.get('`parent`')).toEqual(['text or mapping', 'yes', '', '']);
    expect(table.get('`parent.owner`')).toEqual(['text', 'yes', '', '']);
  });

  it('names the fields an object shares with one listed before instead of repeating them', () => {
    const component = z.object({ shared: z.string().describe('A document.') }).strict();
    const schema = z.object({ components: z.array(component), tests: z.array(component).describe('Run after the build.') }).strict();
    const table = rows(configurationReference([{ title: 'f', intro: '', schema }], []));
    expect([...table.keys()]).toEqual(['`components`', '`components[].shared`', '`tests`']);
    expect(table.get('`tests`')![3]).toBe('Run after the build. The fields of `components[]`.');
  });

  it('keeps a <placeholder> and a * as text outside code spans, and as written inside them', () => {
    const schema = z.object({ amiName: z.string().describe('Default: <team>-* or `<team>-*`.') });
    expect(configurationReference([{ title: 'f', intro: '', schema }], [])).toContain('| Default: &lt;team&gt;-\\* or `<team>-*`. |');
  });

  it('lists every check of the catalog, where it comes from, and what waiving a waivable one allows', () => {
    const text = configurationReference(
      [],
      [
        {
          id: 'imdsv2',
          description: 'IMDSv2 required',
          waivable: true,
          appliesTo: 'team stacks',
          source: 'IMDS docs',
          waiver: 'tokens optional',
        },
        { id: 'key-rotation', description: 'keys rotate', waivable: false, appliesTo: 'foundation stacks', source: 'KMS docs' },
      ],
    );
    expect(rows(text).get('`imdsv2`')).toEqual(['team stacks', 'IMDSv2 required', 'yes: tokens optional', 'IMDS docs']);
    expect(rows(text).get('`key-rotation`')).toEqual(['foundation stacks', 'keys rotate', 'no', 'KMS docs']);
  });

  it("documents every field of the project's schemas and every waivable check with what its waiver allows", () => {
    const text = projectReference();
    for (const file of ['`teams/<team>/team.yaml`', '`teams/<team>/platform.yaml`', '`cdktf.json` → `context.platform`'])
      expect(text).toContain(`\n## ${file}\n`);
    const undocumented = [...rows(text)].filter(([, cells]) => cells.length === 4 && cells[3] === '').map(([field]) => field);
    expect(undocumented).toEqual([]);
    const waivable = catalogChecks().filter((check) => check.waivable);
    expect(waivable.map((check) => check.id).sort()).toEqual([...WAIVABLE_CHECK_IDS].sort());
    expect(waivable.filter((check) => !check.waiver)).toEqual([]);
  });
});
