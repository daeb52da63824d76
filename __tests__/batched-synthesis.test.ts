/** Synthesis in batches: a thread holds one batch's constructs at a time, and the output is what one app writes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team } from '../src/model/fleet/fleet.js';
import { buildApp } from '../src/stacks/team-app.js';
import { releasingTokens } from '../src/stacks/token-release.js';
import { synthesizeTeams } from '../src/synthesis/parallel.js';
import { FixtureRepo } from './support/fixture.js';
import { folderContents } from './support/folder-contents.js';

/** cdktf's process-wide token map (see src/stacks/token-release.ts): how many tokens it holds. */
function registeredTokens(): number {
  const storage = (globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> } })
    .__cdktfTokenMap;
  return (storage?.stringTokenMap.size ?? 0) + (storage?.numberTokenMap.size ?? 0);
}

describe('batched synthesis', () => {
  let repo: FixtureRepo;
  let fleet: Team[];
  let scratch: string;

  beforeAll(() => {
    repo = new FixtureRepo();
    const [first, second] = repo.fleet().teams;
    // 27 teams, more than one batch of 25: copies of the example's teams under names of their own.
    fleet = Array.from({ length: 27 }, (_, i) => ({ ...(i % 2 ? second! : first!), name: `team-${String(i).padStart(2, '0')}` }));
    scratch = mkdtempSync(join(tmpdir(), 'golden-ami-batches-'));
  });
  afterAll(() => {
    repo.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([1, 2])('writes with %i thread(s) exactly what one cdktf app of every team writes', { timeout: 300_000 }, async (threads) => {
    const oneApp = join(scratch, `one-app-${threads}`);
    const batched = join(scratch, `batched-${threads}`);
    buildApp(fleet, { outdir: oneApp }).synth();
    await synthesizeTeams(fleet, batched, { threads });
    expect(folderContents(batched)).toEqual(folderContents(oneApp));
  });

  it('forgets the tokens of a synthesised batch, keeping those made before it', () => {
    releasingTokens(() => buildApp(fleet.slice(0, 1), { outdir: join(scratch, 'warm-up') }).synth());
    const before = registeredTokens();
    let during = 0;
    releasingTokens(() => {
      buildApp(fleet.slice(0, 5), { outdir: join(scratch, 'released') }).synth();
      during = registeredTokens();
    });
    expect(during).toBeGreaterThan(before);
    expect(registeredTokens()).toBe(before);
  });
});
