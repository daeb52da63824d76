/**
 * One run, every problem: a team.yaml that fails the schema is still read in part, so the checks
 * after the schema report the rest of it (and of the other teams) in the same run, at the right line.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readInPart } from '../src/core/schema-check.js';
import { at, PLATFORM } from './support/bad-input.js';
import { runCli } from './support/cli.js';
import { FixtureRepo } from './support/fixture.js';

describe('readInPart', () => {
  const item = z.object({ name: z.string(), size: z.number().default(1) }).strict();
  const schema = z.object({ owner: z.string(), items: z.array(item).min(1), note: z.string().optional() }).strict();

  it('leaves out what the schema refuses, keeps the rest, and finds each kept path in the content', () => {
    const content = {
      owner: 'web',
      note: 42,
      extra: true,
      items: [{ name: 'a', size: 'big' }, { size: 2 }, { name: 'c', size: 3, colour: 'red' }, { name: 'd' }],
    };
    const part = readInPart(schema, content)!;
    expect(part.value).toEqual({
      owner: 'web',
      items: [
        { name: 'a', size: 1 },
        { name: 'c', size: 3 },
        { name: 'd', size: 1 },
      ],
    });
    expect(part.inFile(['items', 1, 'size'])).toEqual(['items', 2, 'size']);
    expect(part.inFile(['items', 2])).toEqual(['items', 3]);
    expect(part.inFile(['owner'])).toEqual(['owner']);
    expect(content.items).toHaveLength(4);
  });

  it('gives up when a required part of the whole would have to go', () => {
    expect(readInPart(schema, { items: [{ name: 'a' }] })).toBeUndefined();
    expect(readInPart(schema, { owner: 'web', items: [{ size: 'big' }] })).toBeUndefined();
    expect(readInPart(schema, 'not a mapping')).toBeUndefined();
  });
});

describe('a team.yaml with a schema error and a semantic error', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
    // Schema: the first image has no description. Semantic: the second runs an arm64 type on an x86 parent.
    repo.edit(PLATFORM, '    description: Amazon Linux 2023 host for ECS and container workloads\n', '');
    repo.edit(PLATFORM, 'instanceTypes: [t3.small]', 'instanceTypes: [t4g.small]');
  });
  afterEach(() => repo.dispose());

  const located = () => {
    const schema = at(repo, PLATFORM, ['name: container-host']);
    const semantic = at(repo, PLATFORM, ['t4g.small']);
    return [
      `${PLATFORM}:${schema.line}:${schema.column} error at images[0].description: required field "description" is missing`,
      `${PLATFORM}:${semantic.line}:${semantic.column} error at images[1].instanceTypes[0]: instance type t4g.small is arm64, but the parent image`,
    ];
  };

  it.each([['validate'], ['versions'], ['synth']])('are reported together by %s, and nothing is written', async (tool) => {
    const lock = repo.read('teams/platform/versions.lock.json');
    const { code, stderr } = await runCli(repo.root, tool);
    expect(code).toBe(1);
    for (const line of located()) expect(stderr).toContain(line);
    expect(stderr).toMatch(/^2 errors, \d+ warnings?$/m);
    expect(repo.read('teams/platform/versions.lock.json')).toBe(lock);
    expect(existsSync(repo.path('cdktf.out'))).toBe(false);
  });
});
