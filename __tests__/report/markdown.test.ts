/**
 * `npm run report -- --markdown` goes into pull-request comments: nothing a team writes may break
 * the table or turn into HTML, links, images, code or mentions there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMarkdown, reportRows } from '../../src/workflows/fleet-report.js';
import { markdownCellText } from '../../src/core/markdown-text.js';
import { FixtureRepo } from '../support/fixture.js';

const PLATFORM = 'teams/platform/team.yaml';
const COLUMN_COUNT = 10;

/** The cells of a table row: split at the pipes that Markdown reads as cell borders (not `\|`). */
function cells(line: string): string[] {
  return line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** A row with `text` in every cell. */
function rowOf(text: string): string[][] {
  return Array.from({ length: COLUMN_COUNT }, () => [text]);
}

describe('Markdown report escaping', () => {
  it.each([
    ['a pipe', 'a | b', 'a \\| b'],
    ['a newline', 'one\ntwo\r\nthree', 'one<br>two<br>three'],
    ['HTML', '<img src=x onerror=alert(1)> & </td>', '&lt;img src=x onerror=alert(1)&gt; &amp; &lt;/td&gt;'],
    ['an entity', '&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    ['a code span and a fence', '`x` ```', '\\`x\\` \\`\\`\\`'],
    ['a link', '[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['an image', '![x](https://evil.example/t.png)', '!\\[x\\](https://evil.example/t.png)'],
    ['emphasis and strikethrough', '*bold* _it_ ~~gone~~', '\\*bold\\* \\_it\\_ \\~\\~gone\\~\\~'],
    ['a backslash before a pipe', 'a\\|b', 'a\\\\\\|b'],
    ['a mention', 'ping @museum-digital/security and @alice', 'ping @\u2060museum-digital/security and @\u2060alice'],
    ['an email address (not a mention)', 'ops_team@museum.example.org', 'ops\\_team@museum.example.org'],
  ])('%s shows as written', (_, text, escaped) => {
    expect(markdownCellText(text)).toBe(escaped);
  });

  it('hostile text in every cell keeps every row to its ten cells and one line', () => {
    const hostile = 'x | y\n| z | <script>alert(1)</script> `code` [l](u) ![i](u) @here';
    const lines = renderMarkdown([rowOf(hostile), rowOf('plain')]).split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(cells(line)).toHaveLength(COLUMN_COUNT);
    const body = lines.slice(2).join('\n');
    expect(body.replaceAll('<br>', '')).not.toMatch(/<|(?<!\\)`|(?<!\\)\[|@\w/);
  });

  describe('through the fleet', () => {
    let repo: FixtureRepo;
    beforeEach(() => {
      repo = new FixtureRepo();
    });
    afterEach(() => repo.dispose());

    it('a waiver reason written to break out of the table stays inside its cell', () => {
      const reason = "'ends the row | </details> <!-- golden-ami-diff:web --> [pay](https://evil.example) @museum-digital/platform'";
      repo
        .edit(PLATFORM, 'cron(0 3 1 * ? *)', 'cron(0 3 1 */3 ? *)')
        .edit(
          PLATFORM,
          '    instanceTypes: [m7i.large, m6i.large]\n',
          `    instanceTypes: [m7i.large, m6i.large]\n    exceptions:\n      - check: rebuild-cadence\n        reason: ${reason}\n`,
        );
      const lines = renderMarkdown(reportRows(repo.fleet())).split('\n');
      const platform = lines.find((line) => line.includes('container-host'))!;
      expect(cells(platform)).toHaveLength(COLUMN_COUNT);
      expect(cells(platform)[9]).toBe(
        'rebuild-cadence: ends the row \\| &lt;/details&gt; &lt;!-- golden-ami-diff:web --&gt; \\[pay\\](https://evil.example) @\u2060museum-digital/platform',
      );
    });
  });
});
