/**
 * The git merge driver for version locks (registered by `npm run setup-merge-driver`): git runs
 * it as `merge-lock %O %A %B %P` and reads the merged lock from %A. The rules are in
 * src/versioning/lock-merge.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mergeLockTexts } from '../versioning/lock-merge.js';
import { serializeLock } from '../config/lock-schema.js';
import { commandOf, type CommandSpec } from './command.js';

const command: CommandSpec<Record<string, never>> = {
  name: 'merge-lock',
  summary: 'Merge two sides of a versions.lock.json by the version rules (run by git as a merge driver).',
  synopsis: '<base> <ours> <theirs> <path>',
  options: {},
  positionals: [
    { name: '<base>', description: "the common ancestor's file (%O; not needed by the rules)", required: true },
    { name: '<ours>', description: 'our side (%A), replaced by the merged lock', required: true },
    { name: '<theirs>', description: 'their side (%B)', required: true },
    { name: '<path>', description: 'the lock file in the repository (%P), for messages', required: true },
  ],
  details: [
    'The highest version of each entry wins; a version both sides gave different content is bumped, and `npm run versions` then records the merged content. Exit 0: merged.',
  ],
  examples: [
    'npm run merge-lock -- base.json ours.json theirs.json components-yaml/versions.lock.json',
    'npm run setup-merge-driver   # makes git run it',
  ],
  run(_values, positionals, io) {
    const [, ours, theirs, path] = positionals as [string, string, string, string];
    const { lock, bumped } = mergeLockTexts(readFileSync(resolve(io.cwd, ours), 'utf8'), readFileSync(resolve(io.cwd, theirs), 'utf8'));
    // %A is git's own temporary copy: git reads the result from it once this exits.
    writeFileSync(resolve(io.cwd, ours), serializeLock(lock));
    for (const line of bumped)
      io.err(`${path}: ${line}: both sides had this version with other content; run \`npm run versions\` before committing`);
    return 0;
  },
};

/** `npm run merge-lock`. */
export const mergeLock = commandOf(command);
