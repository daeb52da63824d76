/**
 * The README and the docs by audience link to each other by file and heading: every relative link
 * names a file that exists and, with `#`, a heading (or `<a id>`) of that file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixture.js';

const DOCUMENTS = [
  'README.md',
  'bench/README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** The lines of a Markdown text outside fenced code blocks. */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (line.trimStart().startsWith('```')) fenced = !fenced;
    return !fenced;
  });
}

/** The anchors a document has: its headings and its `<a id="...">` elements. */
function anchorsOf(text: string): Set<string> {
  const lines = proseLines(text);
  return new Set([
    ...lines.flatMap((line) => /^#{1,6} (.*)$/.exec(line)?.slice(1).map(anchorOf) ?? []),
    ...lines.flatMap((line) => [...line.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]!)),
  ]);
}

/** Every relative link of a document, as written. */
function relativeLinks(text: string): string[] {
  return proseLines(text).flatMap((line) =>
    [...line.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((href) => !/^[a-z]+:/.test(href)),
  );
}

describe('the README and docs/', () => {
  it('are found', () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(['README.md', 'docs/teams.md', 'docs/platform.md', 'docs/reference.md']));
  });

  it.each(DOCUMENTS)('%s links only to files and headings that exist', (document) => {
    const broken = relativeLinks(readFileSync(join(REPO_ROOT, document), 'utf8')).filter((href) => {
      const [path, anchor] = href.split('#') as [string, string | undefined];
      const target = path ? normalize(join(dirname(document), path)) : document;
      if (!existsSync(join(REPO_ROOT, target))) return true;
      return anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(join(REPO_ROOT, target), 'utf8')).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});
