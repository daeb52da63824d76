/** Provider classes come from their submodules: the package root costs ~6x the time and ~7x the memory. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixture.js';

const ROOT_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]@cdktf\/provider-aws['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.[cm]?[tj]s$/.test(entry.name) ? [path] : [];
  });
}

describe('provider imports', () => {
  const files = [join(REPO_ROOT, 'main.ts'), ...sourceFiles(join(REPO_ROOT, 'src')), ...sourceFiles(join(REPO_ROOT, '__tests__'))].filter(
    (file) => file !== import.meta.filename,
  );

  it('finds the project sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('never imports @cdktf/provider-aws from the package root', () => {
    const offenders = files.filter((file) => ROOT_IMPORT.test(readFileSync(file, 'utf8'))).map((file) => relative(REPO_ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('recognises a root import when there is one', () => {
    expect(ROOT_IMPORT.test("import { provider } from '@cdktf/provider-aws';")).toBe(true);
    expect(ROOT_IMPORT.test("const aws = require('@cdktf/provider-aws')")).toBe(true);
    expect(ROOT_IMPORT.test("import { IamRole } from '@cdktf/provider-aws/lib/iam-role';")).toBe(false);
  });
});
