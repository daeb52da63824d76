// @ts-check
/**
 * Prints standard input as one Markdown code block, for a GitHub job summary:
 *
 *   node bin/code-block.mjs [info] < output.txt >> "$GITHUB_STEP_SUMMARY"
 *
 * The fence is longer than any run of backticks in the text, so no line of it (a rebuild's
 * reason, an AWS message) can close the block and start Markdown of its own: it shows as typed.
 */
import { readFileSync } from 'node:fs';

const text = readFileSync(0, 'utf8').replace(/\n$/, '');
const longest = (text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
const fence = '`'.repeat(Math.max(3, longest + 1));
process.stdout.write(`${fence}${process.argv[2] ?? ''}\n${text}\n${fence}\n`);
