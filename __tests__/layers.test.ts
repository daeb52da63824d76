/**
 * The layers of src/ only look down (docs/layers.md). dependency-cruiser, run with the project's
 * own rules (.dependency-cruiser.cjs, made from the order in layers.cjs), finds no upward import,
 * no cycle, no cdktf outside src/stacks and no orphan in src/ and bench/; the same rules catch each
 * kind of breach in a small fixture tree; and every folder of src/ is a layer with its README.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';
import layers from '../layers.cjs';

// Not support/fixture.ts's REPO_ROOT: importing it loads cdktf and the stacks, which this test never needs.
const REPO_ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = join(REPO_ROOT, '__tests__/fixtures/layers');

/** The violations dependency-cruiser finds under `baseDir` in `entries`, with the project's rules. */
async function violations(baseDir: string, entries: string[]): Promise<IViolation[]> {
  const options = await extractDepcruiseOptions(join(REPO_ROOT, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(REPO_ROOT, 'tsconfig.json'));
  // bustTheCache: the resolver is otherwise set up once per process, for the first cruise's baseDir.
  const result = await cruise(entries, { ...options, baseDir }, { bustTheCache: true }, { tsConfig });
  return (result.output as ICruiseResult).summary.violations;
}

/** One line per violation: rule, importing module, imported module (and the cycle, for a cycle). */
function describeViolation(violation: IViolation): string {
  const cycle = violation.cycle?.length ? ` (cycle: ${[violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')})` : '';
  return `${violation.rule.name}: ${violation.from} → ${violation.to}${cycle}`;
}

describe('layers', () => {
  it('src/ and bench/ break none of the layer, cdktf, cycle and orphan rules', async () => {
    const found = (await violations(REPO_ROOT, ['src', 'bench', 'main.ts'])).map(describeViolation);
    expect(
      found,
      `dependency-cruiser found (npm run lint:layers; rules in .dependency-cruiser.cjs, docs/layers.md):\n${found.join('\n')}`,
    ).toEqual([]);
  });

  it('the rules catch an upward import, an import across a level, cdktf outside stacks, a cycle and an orphan', async () => {
    const found = (await violations(FIXTURE, ['src'])).map(describeViolation).sort();
    expect(found).toEqual([
      'cdktf-only-in-stacks: src/checks/resources.ts → ../../../node_modules/constructs/lib/index.js',
      'layer-config: src/config/settings.ts → src/model/fleet.ts',
      'layer-operations: src/operations/builds.ts → src/workflows/affected.ts',
      'no-circular: src/versioning/history.ts → src/versioning/lock.ts (cycle: src/versioning/history.ts → src/versioning/lock.ts → src/versioning/history.ts)',
      'no-orphans: src/core/unused.ts → src/core/unused.ts',
    ]);
  });

  it('every folder of src/ is a layer of layers.cjs, with a README.md saying what it owns, and no file sits outside them', () => {
    const entries = readdirSync(join(REPO_ROOT, 'src'), { withFileTypes: true });
    expect(entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
    const folders = entries.map((entry) => entry.name).sort();
    expect(folders).toEqual(layers.LAYERS.flat().sort());
    expect(folders.filter((folder) => !existsSync(join(REPO_ROOT, 'src', folder, 'README.md')))).toEqual([]);
  });
});
