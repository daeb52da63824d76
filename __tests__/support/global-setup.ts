/**
 * Runs once before any test file: commits the example repository as `base` in a template that every
 * GitRepo copies, instead of running git init, add, commit and tag again for each test.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { EXAMPLE_ENTRIES, REPO_ROOT, temporaryCopy } from './example.js';
import { commitEverything, git } from './git.js';

/** Makes the template, hands its folder to the test files, and returns what removes it after the run. */
export default function setup(project: TestProject): () => void {
  const template = temporaryCopy(REPO_ROOT, EXAMPLE_ENTRIES);
  commitEverything(template, 'base');
  git(template, 'tag', 'base');
  project.provide('gitTemplate', template);
  return () => rmSync(template, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the example repository committed as `base` on main (global-setup.ts). */
    gitTemplate: string;
  }
}
