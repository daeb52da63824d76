/** A copy of the example repository under git, for tests that read its history. */
import { expect, inject } from 'vitest';
import { affectedSince } from '../../src/workflows/affected-since.js';
import { Problems } from '../../src/core/problems.js';
import { loadTeams } from '../../src/config/teams.js';
import { runCli, type CliRun } from './cli.js';
import { FixtureRepo } from './fixture.js';
import { git } from './git.js';

/** The example repository committed as `base` on main, ready for a change committed on top. */
export class GitRepo extends FixtureRepo {
  /**
   * A copy of the repository the global setup committed once for the whole run, or of `template`: a
   * GitRepo a file brought once to the state its tests start from (its branches and config included).
   */
  constructor(template?: GitRepo) {
    super({ copyOf: template?.root ?? inject('gitTemplate') });
  }

  /** Runs git here as the test author (git.ts); returns what it printed. */
  git(...args: string[]): string {
    return git(this.root, ...args);
  }

  commitAll(message: string): this {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this;
  }

  /** Merges `ref` into the branch checked out; true when git left conflicts to resolve. */
  merge(ref: string): boolean {
    try {
      this.git('merge', '-q', '--no-ff', '-m', `merge ${ref}`, ref);
      return false;
    } catch {
      return true;
    }
  }

  /** Runs `npm run <tool> -- <args>` in this repository, in-process. */
  run(tool: string, ...args: string[]): Promise<CliRun> {
    return runCli(this.root, tool, ...args);
  }

  /** The full SHA of HEAD. */
  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** The affected stacks since `base` (or another ref), with the teams at HEAD. */
  affected(base = 'base') {
    const problems = new Problems();
    const teams = loadTeams(this.root, problems);
    expect(problems.all).toEqual([]);
    return affectedSince(this.root, base, teams);
  }
}
